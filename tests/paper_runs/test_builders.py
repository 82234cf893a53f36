"""Config -> models, optimizers and GAN (paper_runs.builders): None means "not set", one penalty convention,
the optimizers' betas and lr decay, the evaluation stream."""

import numpy as np
import pytest

from paper_runs import builders

BASE = {"generator_loss": "ns", "discriminator_loss": "logistic", "g_lr": 1e-3, "d_lr": 2e-3, "adam_beta1": 0.5,
        "adam_beta2": 0.999, "steps": 100, "batch_size": 8}


def _players():
    from tfgan_repro.models import mlp

    return mlp(2, [4], 2, name="generator"), mlp(2, [4], 1, name="discriminator")


def test_none_leaves_optional_parts_out():
    gan = builders.build_gan({**BASE, "generator_loss_a": None, "penalty": None, "ema_decay": None,
                              "gradient_rescaling": None, "compare_generator_loss": None}, *_players())
    assert gan.penalty_fn is None and gan.ema_decay is None and gan.gradient_rescaling is None
    assert gan.compare_loss_fn is None
    gan = builders.build_gan({**BASE, "generator_loss": "ns_mm", "generator_loss_a": 0.5, "ema_decay": 0.99,
                              "penalty": "zero_centred", "penalty_weight": 2.0}, *_players())
    assert gan.ema_decay == 0.99 and gan.penalty_weight == 2.0


def test_adam_betas_fall_back_and_decay_linearly():
    import keras

    g = builders.adam({**BASE, "g_adam_beta2": None}, "g")
    d = builders.adam({**BASE, "d_adam_beta2": 0.99}, "d")
    assert float(g.beta_2) == 0.999 and float(d.beta_2) == pytest.approx(0.99)
    decayed = builders.adam({**BASE, "lr_decay_start": 50, "n_dis": 2}, "d")
    schedule = decayed.learning_rate if callable(decayed.learning_rate) else decayed._learning_rate
    assert isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule)
    assert float(schedule(0)) == pytest.approx(2e-3) and float(schedule(150)) == pytest.approx(1e-3)
    assert float(schedule(200)) == pytest.approx(0.0)


def test_evaluation_latents_are_one_stream_per_seed():
    a = builders.draw_latents(builders.evaluation_rng(3), 5, 2)
    b = builders.draw_latents(builders.evaluation_rng(3), 5, 2)
    np.testing.assert_array_equal(a, b)
    assert a.dtype == np.float32 and not np.array_equal(a, builders.draw_latents(builders.evaluation_rng(4), 5, 2))
    uniform = builders.draw_latents(builders.evaluation_rng(3), 1000, 1, "uniform")
    assert uniform.min() >= -1.0 and uniform.max() < 1.0
    # One data stream per run, the same after a resume (the trainer skips the used batches; the resumed run's
    # exact equality with an uninterrupted one is tests/paper_runs/test_faults.py's).
    assert builders.stream_seed(7) == 7 and builders.stream_seed(8) == 8


def test_unknown_names_are_value_errors():
    with pytest.raises(ValueError, match="unknown init"):
        builders.initialise([], "xavier", 0)
    with pytest.raises(ValueError, match="unknown architecture"):
        builders.image_players({"architecture": "vit", "latent_dim": 8}, (32, 32, 1))


REG_CONFIG = {**BASE, "e_hidden": [4], "e_lr": 1e-3, "lambda1": 0.2, "lambda2": 0.4}


@pytest.mark.parametrize("model, latents, kind, weights", [
    ("gan", "normal", "GAN", None),
    ("gan", "unit_uniform", "RegGAN", (0.0, 0.0)),  # U[0, 1) latents need RegGAN; lambdas 0 = GAN's step
    ("reg_gan", "unit_uniform", "RegGAN", (0.2, 0.4)),
    ("mdgan", "normal", "MDGAN", (0.0, 0.0)),
])
def test_build_gan_model_by_name(model, latents, kind, weights):
    gan = builders.build_gan_model({**REG_CONFIG, "model": model, "latent_distribution": latents, "mdgan_lambda": 0.7},
                                   *_players(), (2,))
    assert type(gan).__name__ == kind
    if weights is not None:
        assert (gan.reconstruction_weight, gan.mode_weight) == weights
        assert gan.encoder.output_shape == (None, 2) and gan.e_optimizer is not None
    if kind == "MDGAN":
        assert gan.manifold_weight == 0.7 and gan.manifold_discriminator is not gan.discriminator
    with pytest.raises(ValueError, match="unknown model"):
        builders.build_gan_model({**REG_CONFIG, "model": "vaegan"}, *_players(), (2,))


def test_unit_uniform_latents_and_image_encoders():
    latents = builders.draw_latents(np.random.default_rng(0), 1000, 3, "unit_uniform")
    assert latents.dtype == np.float32 and latents.min() >= 0.0 and latents.max() < 1.0
    encoder = builders.encoder({**REG_CONFIG, "encoder": "mlp"}, (28, 28, 1), 5)
    assert encoder.input_shape == (None, 28, 28, 1) and encoder.output_shape == (None, 5)
    conv = builders.encoder({"encoder": "conv", "base_channels": 4}, (64, 64, 1), 5)
    assert conv.output_shape == (None, 5)
