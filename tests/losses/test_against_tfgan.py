"""Our MM, NS, LS, Wasserstein and WGAN-GP values against TF-GAN 2.1.0's (loaded through the compat module)."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro import losses
from tfgan_repro.compat.tfgan import load


@pytest.fixture(scope="module")
def tfgan_losses():
    return load()[1]


@pytest.fixture
def logits(rng):
    return (
        tf.constant(rng.normal(0, 2, size=128), tf.float32),
        tf.constant(rng.normal(0, 2, size=128), tf.float32),
    )


def test_generator_costs_match_tfgan(tfgan_losses, logits):
    _, fake = logits
    pairs = {
        # TF-GAN's minimax G loss is -(its D loss with D(x) := 1): a constant -softplus(-1) besides ours.
        "mm": tfgan_losses.minimax_generator_loss(fake, label_smoothing=0.0) + np.log1p(np.exp(-1.0)),
        "ns": tfgan_losses.modified_generator_loss(fake, label_smoothing=0.0),
        "ls": tfgan_losses.least_squares_generator_loss(fake),
        "wasserstein": tfgan_losses.wasserstein_generator_loss(fake),
    }
    for name, reference in pairs.items():
        assert float(losses.get_generator_loss(name)(fake)) == pytest.approx(float(reference), rel=1e-5), name


def test_discriminator_costs_match_tfgan(tfgan_losses, logits):
    real, fake = logits
    # TF-GAN's minimax D loss is the *sum* of the two mean BCE terms, as is ours.
    pairs = {
        "logistic": tfgan_losses.minimax_discriminator_loss(real, fake, label_smoothing=0.0),
        "ls": tfgan_losses.least_squares_discriminator_loss(real, fake),
        "wasserstein": tfgan_losses.wasserstein_discriminator_loss(real, fake),
    }
    for name, reference in pairs.items():
        assert float(losses.get_discriminator_loss(name)(real, fake)) == pytest.approx(float(reference), rel=1e-5), name


def test_wgan_gp_matches_tfgan(tfgan_losses, rng):
    # real == fake makes the interpolates independent of each library's own random u.
    points = tf.constant(rng.normal(size=(32, 4)), tf.float32)
    cubic = lambda x, *unused: tf.reduce_sum(x**3, axis=1, keepdims=True)  # noqa: E731

    @tf.function  # TF-GAN uses tf.gradients, which needs a graph
    def reference():
        return tfgan_losses.wasserstein_gradient_penalty(points, points, None, cubic, "d", epsilon=1e-12)

    ours = losses.get_penalty("wgan_gp")(cubic, points, points)
    assert float(ours) == pytest.approx(float(reference()), rel=1e-4)


def test_compat_loads_without_running_the_estimator_layer():
    import sys

    tfgan_eval, _ = load()
    assert hasattr(tfgan_eval, "frechet_classifier_distance_from_activations")
    assert hasattr(tfgan_eval, "classifier_score_from_logits")
    assert getattr(sys.modules["tensorflow_gan"], "__tfgan_repro_bare_package__", False)
    assert "tensorflow_gan.python.estimator" not in sys.modules
