"""003's regularizers: values and gradients against hand computations; the mode regularizer's sign."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.losses import mode_regularizers as mr


def test_distances_by_hand():
    x = np.array([[1.0, 2.0], [0.0, 0.0]], np.float32)
    y = np.array([[0.0, 0.0], [3.0, 4.0]], np.float32)
    np.testing.assert_allclose(mr.squared_l2_distance(x, y).numpy(), [5.0, 25.0])
    np.testing.assert_allclose(mr.mean_squared_distance(x, y).numpy(), [2.5, 12.5])
    assert float(mr.metric_regularizer(x, y, "squared_l2")) == pytest.approx(15.0)
    assert float(mr.metric_regularizer(x, y, "mse")) == pytest.approx(7.5)
    with pytest.raises(ValueError, match="unknown reconstruction distance"):
        mr.get_distance("l1")


def test_distances_reduce_every_image_axis():
    x = np.ones((2, 4, 4, 3), np.float32)
    assert mr.squared_l2_distance(x, np.zeros_like(x)).numpy().tolist() == [48.0, 48.0]
    assert mr.mean_squared_distance(x, np.zeros_like(x)).numpy().tolist() == [1.0, 1.0]


def test_mode_regularizer_is_minus_mean_log_d_and_pulls_toward_high_d():
    logits = tf.constant([-2.0, 0.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(logits)
        cost = mr.mode_regularizer(logits)
    expected = -np.mean(np.log(1.0 / (1.0 + np.exp(-logits.numpy()))))
    assert float(cost) == pytest.approx(expected, rel=1e-6)
    gradient = tape.gradient(cost, logits).numpy()
    # d/dl softplus(-l) / N = -sigmoid(-l) / N: descent raises every logit, i.e. D(G(E(x))).
    np.testing.assert_allclose(gradient, -1.0 / (1.0 + np.exp(logits.numpy())) / 3.0, rtol=1e-6)
    assert np.all(gradient < 0)


def test_reg_gan_regularizer_gradient_on_linear_nets_by_hand(rng):
    """T_E with linear E (A), G (W) and D (v): the gradients in W and A written out by hand."""
    x = rng.normal(size=(5, 2)).astype(np.float32)
    A = tf.Variable(rng.normal(size=(2, 3)).astype(np.float32))  # E(x) = x A
    W = tf.Variable(rng.normal(size=(3, 2)).astype(np.float32))  # G(z) = z W
    v = rng.normal(size=(2, 1)).astype(np.float32)  # D(y) = y v
    lam1, lam2 = 0.3, 0.7
    with tf.GradientTape() as tape:
        reconstruction = x @ A @ W
        cost = mr.reg_gan_regularizer(x, reconstruction, reconstruction @ v, lam1, lam2)
    grad_A, grad_W = tape.gradient(cost, [A, W])
    z = x @ A.numpy()
    r = z @ W.numpy()
    logits = (r @ v)[:, 0]
    # d/dr of lam1 mean ||x - r||^2 + lam2 mean softplus(-r v)
    d_r = (lam1 * -2.0 * (x - r) + lam2 * (-1.0 / (1.0 + np.exp(logits)))[:, None] * v[:, 0][None, :]) / len(x)
    np.testing.assert_allclose(grad_W.numpy(), z.T @ d_r, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grad_A.numpy(), x.T @ (d_r @ W.numpy().T), rtol=1e-5, atol=1e-6)
    expected = lam1 * np.mean(np.sum((x - r) ** 2, axis=1)) + lam2 * np.mean(np.log1p(np.exp(-logits)))
    assert float(cost) == pytest.approx(expected, rel=1e-5)
