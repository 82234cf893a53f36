"""Gradient penalties (001, 000 App. R)."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro import losses


def unit_gradient_discriminator(rng, dim=6):
    """D(x) = w . x with ||w|| = 1: gradient norm 1 everywhere."""
    w = rng.normal(size=dim)
    w = tf.constant(w / np.linalg.norm(w), tf.float32)
    return lambda x: tf.linalg.matvec(tf.reshape(x, [tf.shape(x)[0], -1]), w)


@pytest.mark.parametrize("name", ["wgan_gp", "dragan"])
def test_penalty_is_zero_for_unit_gradient_norm(rng, name):
    real = tf.constant(rng.normal(size=(32, 6)), tf.float32)
    fake = tf.constant(rng.normal(size=(32, 6)), tf.float32)
    assert float(losses.get_penalty(name)(unit_gradient_discriminator(rng), real, fake)) == pytest.approx(0.0, abs=1e-6)


def test_wgan_gp_value_for_scaled_linear_discriminator(rng):
    real = tf.constant(rng.normal(size=(16, 2, 3)), tf.float32)  # non-flat samples
    fake = tf.constant(rng.normal(size=(16, 2, 3)), tf.float32)
    unit = unit_gradient_discriminator(rng)
    scaled = lambda x: 3.0 * unit(x)  # noqa: E731  gradient norm 3 -> penalty (3 - 1)^2
    assert float(losses.get_penalty("wgan_gp")(scaled, real, fake)) == pytest.approx(4.0, rel=1e-5)
    assert float(losses.get_penalty("zero_centred")(scaled, real, fake)) == pytest.approx(4.5, rel=1e-5)


def test_zero_centred_penalty_uses_real_data_only(rng):
    real = tf.constant(rng.normal(size=(8, 3)), tf.float32)
    quadratic = lambda x: tf.reduce_sum(x**2, axis=1)  # noqa: E731  grad 2x -> R1 = E ||2x||^2 / 2
    expected = 0.5 * np.mean(np.sum((2 * real.numpy()) ** 2, axis=1))
    value = losses.get_penalty("zero_centred")(quadratic, real, tf.zeros_like(real) + 100.0)
    assert float(value) == pytest.approx(expected, rel=1e-5)


def test_r2_uses_fake_data_only_and_r1_plus_r2_adds_them(rng):
    real = tf.constant(rng.normal(size=(8, 3)), tf.float32)
    fake = tf.constant(rng.normal(size=(8, 3)) + 5.0, tf.float32)
    quadratic = lambda x: tf.reduce_sum(x**2, axis=1)  # noqa: E731  grad 2x -> E ||2x||^2 / 2
    r1 = 0.5 * np.mean(np.sum((2 * real.numpy()) ** 2, axis=1))
    r2 = 0.5 * np.mean(np.sum((2 * fake.numpy()) ** 2, axis=1))
    assert float(losses.get_penalty("zero_centred_fake")(quadratic, real, fake)) == pytest.approx(r2, rel=1e-5)
    assert float(losses.get_penalty("zero_centred_both")(quadratic, real, fake)) == pytest.approx(r1 + r2, rel=1e-5)


def test_r2_is_a_penalty_on_d_only(rng):
    fake = tf.Variable(rng.normal(size=(4, 2)), dtype=tf.float32)  # stands in for G's output
    weights = tf.Variable([[1.0], [2.0]])
    with tf.GradientTape(persistent=True) as tape:
        value = losses.get_penalty("zero_centred_fake")(lambda x: tf.matmul(x**2, weights), fake, fake)
    assert tape.gradient(value, fake) is None and tape.gradient(value, weights) is not None


@pytest.mark.parametrize("name", ["wgan_gp", "dragan"])
def test_penalty_noise_is_keyed_by_the_given_stateless_seed(name):
    penalty = losses.get_penalty(name)
    discriminator = lambda x: tf.reduce_sum(x**3, axis=1, keepdims=True)  # noqa: E731 - non-linear: the points matter
    real = tf.constant(np.linspace(-1, 1, 12, dtype=np.float32).reshape(6, 2))
    fake = real[::-1] * 0.5
    first = penalty(discriminator, real, fake, stateless_seed=tf.constant([3, 7], tf.int64))
    again = penalty(discriminator, real, fake, stateless_seed=tf.constant([3, 7], tf.int64))
    other = penalty(discriminator, real, fake, stateless_seed=tf.constant([4, 7], tf.int64))
    assert float(first) == float(again) and float(first) != float(other)
