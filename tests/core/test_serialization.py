"""GAN, RegGAN and MDGAN through `model.save(path.keras)` and `keras.models.load_model`: config, players, EMA,
noise counter, identical samples, further training, and `.weights.h5` files."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.gan import GAN
from tfgan_repro.mdgan import MDGAN
from tfgan_repro.models import mlp, mlp_encoder
from tfgan_repro.reg_gan import RegGAN

SETTINGS = dict(
    generator_loss="ns_mm", generator_loss_params={"a": 0.25}, discriminator_loss="logistic",
    discriminator_loss_params={"reduction": "sum"}, penalty="wgan_gp", penalty_weight=2.5, n_dis=2, n_gen=2,
    g_first=True, share_real_batch=True, gradient_rescaling="unit", ema_decay=0.9, latent_distribution="uniform",
    compare_generator_loss="mm", log_update_norms=True, seed=77, name="toy_gan",
)


def _optimizers(count: int = 2) -> list:
    return [keras.optimizers.Adam(1e-2) for _ in range(count)]


def _real(seed: int = 0, batches: int = 3) -> tf.data.Dataset:
    points = np.random.default_rng(seed).normal(1.0, 0.5, size=(batches * 16, 2)).astype(np.float32)
    return tf.data.Dataset.from_tensor_slices(points).batch(16)


def _json(config: dict) -> dict:
    return json.loads(json.dumps(config))  # tuples and lists alike, as the .keras file stores them


def _trained_gan(**changes) -> GAN:
    keras.utils.set_random_seed(3)
    gan = GAN(mlp(3, [8], 2, name="generator"), mlp(2, [8], 1, name="discriminator"), **{**SETTINGS, **changes})
    gan.compile(*_optimizers(), steps_per_execution=3)
    gan.fit(_real(), epochs=1, verbose=0, shuffle=False)
    return gan


def _latents(n: int = 64, dim: int = 3) -> np.ndarray:
    return np.random.default_rng(5).uniform(-1.0, 1.0, size=(n, dim)).astype(np.float32)


def _save_and_load(model: keras.Model, tmp_path) -> keras.Model:
    path = tmp_path / "model.keras"
    model.save(path)
    return keras.models.load_model(path)


def _assert_same_weights(first: keras.Model, second: keras.Model) -> None:
    assert [w.name for w in first.weights] == [w.name for w in second.weights]
    for a, b in zip(first.weights, second.weights):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.fixture(scope="module")
def saved_gan(tmp_path_factory):
    """(trained GAN, its .keras file, the GAN loaded from it)."""
    gan = _trained_gan()
    path = tmp_path_factory.mktemp("saved") / "gan.keras"
    gan.save(path)
    return gan, path, keras.models.load_model(path)


def test_gan_round_trip_keeps_config_players_ema_and_noise_counter(saved_gan):
    gan, _, loaded = saved_gan
    assert type(loaded) is GAN and loaded.name == "toy_gan"
    assert _json(loaded.get_config()) == _json(gan.get_config())
    config = loaded.get_config()
    assert {key: config[key] for key in SETTINGS} == SETTINGS
    assert loaded.penalty_fn is gan.penalty_fn and loaded.compare_loss_fn is not None
    # 3 train steps x (2 D steps with a latent and a penalty draw each + 2 G steps): 18 draws
    assert int(loaded._latent_draws.numpy()) == int(gan._latent_draws.numpy()) == 18
    assert int(loaded._latent_key.numpy()) == 77
    _assert_same_weights(gan, loaded)
    assert loaded.ema_generator is not None
    z = _latents()
    for use_ema in (True, False):
        np.testing.assert_array_equal(loaded.generate(64, latents=z, use_ema=use_ema),
                                      gan.generate(64, latents=z, use_ema=use_ema))
    assert not np.array_equal(loaded.generate(64, latents=z), loaded.generate(64, latents=z, use_ema=False))


def test_weights_files_load_across_saved_and_loaded_gans(saved_gan, tmp_path):
    gan, path, loaded = saved_gan
    compiled = GAN(mlp(3, [8], 2, name="generator"), mlp(2, [8], 1, name="discriminator"), **SETTINGS)
    compiled.compile(*_optimizers())  # a new GAN of the same make: the same variables, other values
    gan.save_weights(tmp_path / "original.weights.h5")
    compiled.load_weights(tmp_path / "original.weights.h5")
    _assert_same_weights(gan, compiled)
    reloaded = keras.models.load_model(path)
    for weight in reloaded.weights:
        weight.assign(np.zeros(weight.shape, weight.dtype))
    loaded.save_weights(tmp_path / "loaded.weights.h5")
    reloaded.load_weights(tmp_path / "loaded.weights.h5")
    _assert_same_weights(loaded, reloaded)


def test_a_loaded_gan_compiles_and_trains_on_like_the_original(tmp_path):
    gan = _trained_gan(n_dis=1, n_gen=1, penalty=None, compare_generator_loss=None)  # 3 steps, 2 draws each
    loaded = _save_and_load(gan, tmp_path)
    assert not loaded.compiled  # the optimizers are not saved
    for model in (gan, loaded):  # both continue with fresh optimizers, so both take the same step
        model.compile(*_optimizers())
        model.fit(_real(seed=1, batches=1), epochs=1, verbose=0, shuffle=False)
    assert int(loaded._latent_draws.numpy()) == 8  # the noise stream went on from its counter
    _assert_same_weights(gan, loaded)
    z = _latents()
    np.testing.assert_array_equal(loaded.generate(64, latents=z), gan.generate(64, latents=z))


def test_an_uncompiled_gan_round_trips_without_training_state(tmp_path):
    keras.utils.set_random_seed(4)
    gan = GAN(mlp(2, [4], 2, name="generator"), mlp(2, [4], 1, name="discriminator"), ema_decay=0.5, seed=9)
    loaded = _save_and_load(gan, tmp_path)
    assert loaded._latent_draws is None and loaded.ema_generator is None and loaded.seed == 9
    z = _latents(dim=2)
    np.testing.assert_array_equal(loaded.generate(64, latents=z), gan.generate(64, latents=z))
    loaded.compile(*_optimizers())
    loaded.fit(_real(batches=1), epochs=1, verbose=0, shuffle=False)
    assert int(loaded._latent_draws.numpy()) == 2 and len(loaded._ema_weights) == len(loaded.generator.weights)


def _reg_gan(cls=RegGAN, **changes) -> RegGAN:
    keras.utils.set_random_seed(6)
    players = [mlp(3, [8], 2, name="generator"), mlp(2, [8], 1, name="discriminator")]
    if cls is MDGAN:
        players.append(mlp(2, [8], 1, name="manifold_discriminator"))
    settings = dict(reconstruction_weight=0.5, mode_weight=0.25, distance="mse", latent_distribution="unit_uniform",
                    ema_decay=0.8, n_dis=2, seed=11)
    if cls is MDGAN:
        settings = dict(manifold_weight=0.5, ema_decay=0.8, seed=11)
    gan = cls(*players, mlp_encoder(2, 3, (8,), name="encoder"), **{**settings, **changes})
    optimizers = {"manifold_d_optimizer": keras.optimizers.Adam(1e-2)} if cls is MDGAN else {}
    gan.compile(*_optimizers(), encoder_optimizer=keras.optimizers.Adam(1e-2), **optimizers)
    gan.fit(_real(), epochs=1, verbose=0, shuffle=False)
    return gan


@pytest.mark.parametrize("cls", [RegGAN, MDGAN])
def test_reg_gan_and_mdgan_round_trip_with_their_encoder(cls, tmp_path):
    gan = _reg_gan(cls)
    loaded = _save_and_load(gan, tmp_path)
    assert type(loaded) is cls and _json(loaded.get_config()) == _json(gan.get_config())
    if cls is RegGAN:
        assert loaded.unit_interval_latents and loaded.distance == "mse" and loaded.n_dis == 2
        assert (loaded.reconstruction_weight, loaded.mode_weight) == (0.5, 0.25)
    else:
        assert loaded.manifold_weight == 0.5 and loaded.manifold_discriminator.name == "manifold_discriminator"
    _assert_same_weights(gan, loaded)
    assert int(loaded._latent_draws.numpy()) == int(gan._latent_draws.numpy()) > 0
    x = np.random.default_rng(2).normal(size=(16, 2)).astype(np.float32)
    np.testing.assert_array_equal(loaded.encoder(x), gan.encoder(x))
    z = _latents()
    for use_ema in (True, False):
        np.testing.assert_array_equal(loaded.generate(64, latents=z, use_ema=use_ema),
                                      gan.generate(64, latents=z, use_ema=use_ema))
    optimizers = {"manifold_d_optimizer": keras.optimizers.Adam(1e-2)} if cls is MDGAN else {}
    loaded.compile(*_optimizers(), encoder_optimizer=keras.optimizers.Adam(1e-2), **optimizers)
    before = loaded.encoder.get_weights()
    logs = loaded.fit(_real(seed=1, batches=1), epochs=1, verbose=0, shuffle=False).history
    assert np.isfinite(logs["e_loss"][0])
    assert any(not np.array_equal(a, b) for a, b in zip(before, loaded.encoder.get_weights()))
