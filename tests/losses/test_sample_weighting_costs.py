"""Scaling-factor identities of the sample-weighting paper (000 eqs 4-6, 24-34)."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro import losses


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, np.float64)))


def per_sample_derivative(name, logits, **params):
    """d(cost)/d(l_i) for each sample with the batch-constant factors held fixed (stop_gradient)."""
    logits = tf.constant(logits, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        cost = losses.get_generator_loss(name, reduction="sum", **params)(logits)
    return tape.gradient(cost, logits).numpy().astype(np.float64)


@pytest.fixture
def logits(rng):
    return rng.normal(0.0, 2.0, size=64).astype(np.float32)


def test_ns_gradient_is_mm_gradient_times_one_minus_dp_over_dp(logits):
    dp = _sigmoid(logits)
    mm = per_sample_derivative("mm", logits)
    ns = per_sample_derivative("ns", logits)
    np.testing.assert_allclose(mm, -dp, rtol=1e-5)  # MM scaling factor Dp (eq 25)
    np.testing.assert_allclose(ns, (1 - dp) / dp * mm, rtol=1e-4)  # eq 4-5


def _theta_gradient(name, features, theta, **params):
    """Gradient w.r.t. the parameters of a linear discriminator-logit model l = features @ theta."""
    theta = tf.Variable(theta)
    with tf.GradientTape() as tape:
        cost = losses.get_generator_loss(name, **params)(tf.linalg.matvec(features, theta))
    return tape.gradient(cost, theta).numpy().astype(np.float64)


def test_mm_nsat_batch_gradient_is_r_times_mm_batch_gradient(rng):
    features = tf.constant(rng.normal(size=(32, 5)), tf.float32)
    theta = rng.normal(size=5).astype(np.float32)
    mean_dp = _sigmoid(features.numpy() @ theta).mean()
    r = (1 - mean_dp) / mean_dp  # Algorithm 1
    mm = _theta_gradient("mm", features, theta)
    nsat = _theta_gradient("mm_nsat", features, theta)
    np.testing.assert_allclose(nsat, r * mm, rtol=1e-4)
    # R is not differentiated: the nsat gradient is parallel to MM's (cosine 1), only its size changes.
    assert np.dot(nsat, mm) / np.linalg.norm(nsat) / np.linalg.norm(mm) == pytest.approx(1.0, abs=1e-6)


def test_mm_nsat_uses_the_supplied_global_mean_dp(logits):
    supplied = 0.2
    value = losses.get_generator_loss("mm_nsat")(logits, mean_dp=supplied)
    mm = losses.get_generator_loss("mm")(logits)
    assert float(value) == pytest.approx((1 - supplied) / supplied * float(mm), rel=1e-5)


@pytest.mark.parametrize("nsat", [False, True])
def test_linear_combinations_equal_their_endpoints(logits, nsat):
    name = "ns_mm_nsat" if nsat else "ns_mm"
    mm_name = "mm_nsat" if nsat else "mm"
    for a, endpoint in ((0.0, "ns"), (1.0, mm_name)):
        combination = per_sample_derivative(name, logits, a=a)
        np.testing.assert_allclose(combination, per_sample_derivative(endpoint, logits), rtol=1e-5, atol=1e-12)
    halfway = per_sample_derivative(name, logits, a=0.5)
    expected = 0.5 * per_sample_derivative("ns", logits) + 0.5 * per_sample_derivative(mm_name, logits)
    np.testing.assert_allclose(halfway, expected, rtol=1e-5)


@pytest.mark.parametrize("a", [0.0, 0.3, 2.0])
def test_add_a_scaling_factors(logits, a):
    dp = _sigmoid(logits)
    mean = dp.mean()
    ns_add = per_sample_derivative("ns_add", logits, a=a)
    ns_batch_factor = (1 - mean) / (1 - mean + a)  # eq 28 renormalisation
    np.testing.assert_allclose(-ns_add / ns_batch_factor, 1 - dp + a, rtol=1e-4)  # eq 26
    mm_add = per_sample_derivative("mm_nsat_add", logits, a=a)
    mm_batch_factor = (1 - mean) / (mean + a)  # eq 29
    np.testing.assert_allclose(-mm_add / mm_batch_factor, dp + a, rtol=1e-4)


def test_add_a_rejects_negative_a(logits):
    with pytest.raises(ValueError, match="a >= 0"):
        losses.get_generator_loss("ns_add", a=-0.1)  # at lookup, before any call
    with pytest.raises(ValueError, match="a >= 0"):
        losses.sample_weighting.add_a(logits, weighting="ns", a=-0.1)


@pytest.mark.parametrize("c, ns_name, mm_name", [(2.0, "ns_exp2", "mm_nsat_exp2"), (0.5, "ns_exp05", "mm_nsat_exp05")])
def test_exp_c_scaling_factors_including_saturated_logits(rng, c, ns_name, mm_name):
    logits = np.concatenate([rng.normal(0, 3, 62), [40.0, -40.0]]).astype(np.float32)
    dp = _sigmoid(logits)
    mean = dp.mean()
    ns = per_sample_derivative(ns_name, logits)
    mm = per_sample_derivative(mm_name, logits)
    assert np.all(np.isfinite(ns)) and np.all(np.isfinite(mm))
    ns_factor = (1 - mean) / (1 - mean) ** c  # renormalised to NS-GAN's magnitude (eq 31, 33)
    mm_factor = (1 - mean) / mean**c  # eq 32, 34
    np.testing.assert_allclose(-ns / ns_factor, (1 - dp) ** c, rtol=1e-3, atol=1e-6)  # eq 30
    np.testing.assert_allclose(-mm / mm_factor, dp**c, rtol=1e-3, atol=1e-6)


@pytest.mark.parametrize("name", sorted(losses.GENERATOR_LOSSES))
def test_every_generator_cost_is_finite_at_extreme_logits(name):
    params = {"a": 0.5} if name in ("ns_mm", "ns_mm_nsat", "ns_add", "mm_nsat_add") else {}
    fake = tf.constant([40.0, -40.0, 200.0, -200.0, 0.0, 1.0])
    real = tf.constant([0.0, 1.0, -1.0, 3.0, 40.0, -40.0])
    with tf.GradientTape() as tape:
        tape.watch(fake)
        value = losses.get_generator_loss(name, **params)(fake, real_logits=real)
    gradient = tape.gradient(value, fake)
    assert np.isfinite(float(value)) and np.all(np.isfinite(gradient.numpy()))


def test_exp05_cost_matches_the_papers_closed_form_at_moderate_logits(logits):
    # eq 33: 2 log(sqrt(e^-l) + sqrt(e^-l + 1)); eq 34: -2 log(sqrt(e^l) + sqrt(e^l + 1)).
    from tfgan_repro.losses.sample_weighting import mm_exp_per_sample, ns_exp_per_sample

    l64 = logits.astype(np.float64)
    ns_ref = 2 * np.log(np.sqrt(np.exp(-l64)) + np.sqrt(np.exp(-l64) + 1))
    mm_ref = -2 * np.log(np.sqrt(np.exp(l64)) + np.sqrt(np.exp(l64) + 1))
    np.testing.assert_allclose(ns_exp_per_sample(tf.constant(logits), 0.5).numpy(), ns_ref, rtol=1e-5)
    np.testing.assert_allclose(mm_exp_per_sample(tf.constant(logits), 0.5).numpy(), mm_ref, rtol=1e-5)


def test_unit_rescaling_gives_norm_n_theta(rng):
    gradients = [tf.constant(rng.normal(size=(7, 3)), tf.float32), tf.constant(rng.normal(size=5) * 1e-9, tf.float32)]
    rescaled, factor = losses.unit_rescale(gradients)
    assert float(tf.linalg.global_norm(rescaled)) == pytest.approx(26.0, rel=1e-5)  # N_theta = 21 + 5
    # direction unchanged (Algorithm 2 rescales, never rotates)
    np.testing.assert_allclose(rescaled[0].numpy() / float(factor), gradients[0].numpy(), rtol=1e-6)


def test_sum_reduction_is_batch_size_times_mean(logits):
    mean = losses.get_generator_loss("mm_nsat")(logits)
    total = losses.get_generator_loss("mm_nsat", reduction="sum")(logits)
    assert float(total) == pytest.approx(len(logits) * float(mean), rel=1e-5)


def test_minimax_nsat_is_stop_gradient_r_times_minimax():
    import tensorflow as tf

    from tfgan_repro.losses import sample_weighting as sw

    logits = tf.constant([[-2.0], [0.5], [3.0]])
    mean_dp = float(tf.reduce_mean(tf.sigmoid(logits)))
    r = (1.0 - mean_dp) / mean_dp
    assert float(sw.minimax_nsat(logits)) == pytest.approx(r * float(sw.minimax(logits)), rel=1e-6)
    assert float(sw.nsat_factor(tf.constant(mean_dp))) == pytest.approx(r, rel=1e-6)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        cost = sw.minimax_nsat(logits, mean_dp=tf.constant(0.25))
    # R from the given (global) mean Dp, never differentiated: d cost / d l = R * d J_MM / d l = -3 sigmoid(l) / 3.
    np.testing.assert_allclose(tape.gradient(cost, logits).numpy(), -3.0 * tf.sigmoid(logits).numpy() / 3, rtol=1e-5)
