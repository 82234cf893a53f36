"""The GAN model's train_step: updates, diagnostics and errors."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.gan import GAN
from tfgan_repro.models import mlp

LATENT_DIM, DATA_DIM, BATCH = 3, 2, 16


def make_gan(seed=0, optimizer=lambda: keras.optimizers.SGD(0.1), data_dim=DATA_DIM, **kwargs):
    keras.utils.set_random_seed(seed)
    generator = mlp(LATENT_DIM, (8,), data_dim, name="generator")
    discriminator = mlp(DATA_DIM, (8,), 1, name="discriminator")
    gan = GAN(generator, discriminator, **kwargs)
    gan.compile(d_optimizer=optimizer(), g_optimizer=optimizer())
    return gan


def fixed_batch(seed=1, n=BATCH):
    rng = np.random.default_rng(seed)
    return {
        "real": tf.constant(rng.normal(size=(n, DATA_DIM)), tf.float32),
        "latents": tf.constant(rng.normal(size=(n, LATENT_DIM)), tf.float32),
    }


def generator_delta(gan, batch):
    before = [w.numpy().copy() for w in gan.generator.trainable_weights]
    logs = gan.train_step(batch)
    after = [w.numpy() for w in gan.generator.trainable_weights]
    return np.concatenate([(a - b).ravel() for a, b in zip(after, before)]), logs


def test_train_step_logs_every_diagnostic():
    logs = make_gan(penalty="wgan_gp").train_step(fixed_batch())
    expected = {"d_loss", "g_loss", "real_dp", "fake_dp", "real_logit", "fake_logit", "nsat_R", "g_grad_norm",
                "d_grad_norm", "penalty"}
    assert expected <= set(logs)
    assert all(np.isfinite(float(v)) for v in logs.values())
    assert 0.0 < float(logs["fake_dp"]) < 1.0


def test_mm_nsat_update_is_r_times_mm_update_with_sgd():
    batch = fixed_batch()
    mm_delta, _ = generator_delta(make_gan(generator_loss="mm", g_first=True), batch)
    nsat_delta, logs = generator_delta(make_gan(generator_loss="mm_nsat", g_first=True), batch)
    r = float(logs["nsat_R"])
    assert r > 0
    # atol: the deltas are differences of float32 weights of size ~1 (resolution ~6e-8)
    np.testing.assert_allclose(nsat_delta, r * mm_delta, rtol=1e-4, atol=2e-7)


def test_unit_rescaling_makes_the_sgd_step_lr_times_n_theta():
    gan = make_gan(generator_loss="ns", gradient_rescaling="unit", g_first=True)
    delta, logs = generator_delta(gan, fixed_batch())
    n_theta = sum(int(np.prod(w.shape)) for w in gan.generator.trainable_weights)
    assert np.linalg.norm(delta) == pytest.approx(0.1 * n_theta, rel=1e-4)
    assert float(logs["g_grad_norm"]) == pytest.approx(n_theta, rel=1e-4)
    # One meaning per key: Algorithm 2's factor N_theta / ||grad|| is unit_factor; nsat_R stays MM-nsat's R.
    assert float(logs["unit_factor"]) > 0 and 0 < float(logs["nsat_R"]) < 1e6


def test_gradient_comparison_logs_ratio_and_cosine():
    logs = make_gan(generator_loss="mm_nsat", compare_generator_loss="mm").train_step(fixed_batch())
    # MM-nsat is R * MM: parallel gradients whose norm ratio is 1 / R.
    assert float(logs["grad_cosine"]) == pytest.approx(1.0, abs=1e-5)
    assert float(logs["grad_norm_ratio"]) == pytest.approx(1.0 / float(logs["nsat_R"]), rel=1e-4)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_gradient_comparison_uses_the_trained_cost_reduction(reduction):
    """Comparing a cost with itself gives ratio 1 and cosine 1 whatever the reduction (a comparison reduced
    by the mean against a summed trained cost would be off by the batch size)."""
    logs = make_gan(generator_loss="ns", compare_generator_loss="ns",
                    generator_loss_params={"reduction": reduction}).train_step(fixed_batch())
    assert float(logs["grad_norm_ratio"]) == pytest.approx(1.0, rel=1e-5)
    assert float(logs["grad_cosine"]) == pytest.approx(1.0, abs=1e-5)


def test_ema_tracks_the_generator():
    gan = make_gan(ema_decay=0.5)
    initial = [w.numpy().copy() for w in gan.generator.weights]
    gan.train_step(fixed_batch())
    current = [w.numpy() for w in gan.generator.weights]
    samples = gan.generate(4, latents=np.zeros((4, LATENT_DIM), np.float32))
    gan.generator.set_weights([0.5 * i + 0.5 * c for i, c in zip(initial, current)])
    expected = gan.generator(np.zeros((4, LATENT_DIM), np.float32)).numpy()
    np.testing.assert_allclose(samples, expected, rtol=1e-5, atol=1e-6)


def test_n_dis_uses_one_slice_per_discriminator_step():
    gan = make_gan(n_dis=2)
    gan.train_step(fixed_batch(n=2 * BATCH))
    assert int(gan.d_optimizer.iterations) == 2 and int(gan.g_optimizer.iterations) == 1
    with pytest.raises(ValueError, match="cannot be split into n_dis=2"):
        gan.train_step(fixed_batch(n=BATCH + 1))


def test_share_real_batch_and_n_gen():
    gan = make_gan(n_dis=3, n_gen=2, share_real_batch=True)
    gan.train_step(fixed_batch(n=5))
    assert int(gan.d_optimizer.iterations) == 3 and int(gan.g_optimizer.iterations) == 2


def test_generator_output_shape_must_match_the_data():
    gan = make_gan(data_dim=3)
    with pytest.raises(ValueError, match=r"generator output shape \(3,\) does not match the data's \(2,\)"):
        gan.train_step(fixed_batch())


def test_bad_configuration_errors():
    with pytest.raises(ValueError, match="unknown generator loss 'nsgan'"):
        make_gan(generator_loss="nsgan")
    with pytest.raises(ValueError, match="unknown penalty"):
        make_gan(penalty="gp")
    with pytest.raises(ValueError, match="gradient_rescaling"):
        make_gan(gradient_rescaling="norm")
    gan = make_gan(generator_loss="rs", discriminator_loss="rs")
    with pytest.raises(ValueError, match="pairs real i with fake i"):
        gan._generator_step(tf.zeros([4, DATA_DIM]), tf.zeros([5, LATENT_DIM]))


def test_fit_with_callbacks_and_checkpoint_round_trip(tmp_path):
    gan = make_gan(generator_loss="mm_nsat", optimizer=lambda: keras.optimizers.Adam(1e-3))
    data = tf.data.Dataset.from_tensor_slices(np.random.default_rng(0).normal(size=(64, DATA_DIM)).astype("float32"))
    history = gan.fit(data.repeat().batch(BATCH), steps_per_epoch=5, epochs=2, verbose=0,
                      callbacks=[keras.callbacks.TerminateOnNaN()])
    assert len(history.history["nsat_R"]) == 2
    checkpoint = tf.train.Checkpoint(gan=gan, g_optimizer=gan.g_optimizer, d_optimizer=gan.d_optimizer)
    path = checkpoint.save(str(tmp_path / "ckpt"))
    restored = make_gan(seed=7, generator_loss="mm_nsat", optimizer=lambda: keras.optimizers.Adam(1e-3))
    tf.train.Checkpoint(gan=restored, g_optimizer=restored.g_optimizer, d_optimizer=restored.d_optimizer).restore(path)
    for a, b in zip(gan.generator.weights + gan.g_optimizer.variables, restored.generator.weights + restored.g_optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_simultaneous_updates_use_the_same_parameters():
    batch = fixed_batch()
    simultaneous = make_gan(simultaneous=True)
    # Reference: both gradients from the initial parameters, by hand.
    reference = make_gan()
    d_gradients, _ = reference._discriminator_gradients(batch["real"], batch["latents"])
    g_gradients, _ = reference._generator_gradients(batch["real"], batch["latents"])
    expected_d = [w.numpy() - 0.1 * g.numpy() for w, g in zip(reference.discriminator.trainable_weights, d_gradients)]
    expected_g = [w.numpy() - 0.1 * g.numpy() for w, g in zip(reference.generator.trainable_weights, g_gradients)]
    simultaneous.train_step(batch)
    for weight, expected in zip(simultaneous.discriminator.trainable_weights + simultaneous.generator.trainable_weights,
                                expected_d + expected_g):
        np.testing.assert_allclose(weight.numpy(), expected, rtol=1e-5, atol=1e-7)
    with pytest.raises(ValueError, match="simultaneous updates need n_dis = n_gen = 1"):
        make_gan(simultaneous=True, n_dis=2)


def test_compile_adds_no_third_optimizer():
    gan = make_gan()
    assert gan.optimizer is None
