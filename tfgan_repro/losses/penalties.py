"""Gradient penalties on the discriminator. Each is added to D's cost only, never rescaled by MM-nsat's R
(000 App. H: rescaling a penalty inflates it when the adversarial cost saturates).

Signature: penalty(discriminator, real, fake, *, seed=None, stateless_seed=None) -> scalar, where
`discriminator` maps a batch of samples to logits; the random draws are stateless ones keyed by
`stateless_seed` (shape [2], the GAN's `noise_seed()`) when given, else from TF's global random state with op
seed `seed`. The weight lambda is applied by the caller (the GAN's `penalty_weight`).

Unlike the costs, the penalties differentiate D with respect to its input with `tf.GradientTape`: they run on
the TensorFlow backend only, and say so on any other (`require_tensorflow_backend`).
"""

from __future__ import annotations

from typing import Callable, Optional

import tensorflow as tf


def require_tensorflow_backend(name: str) -> None:
    """A clear error where a TensorFlow-only piece is used under another Keras backend."""
    import keras

    backend = keras.backend.backend()
    if backend != "tensorflow":
        raise NotImplementedError(
            f"{name} differentiates with tf.GradientTape and runs on the TensorFlow backend only; "
            f"KERAS_BACKEND is {backend!r} (the generator and discriminator costs run on every backend)"
        )


def _per_sample_gradient_norm(discriminator: Callable, points: tf.Tensor) -> tf.Tensor:
    """||grad_x D(x)||_2 for each sample of the batch."""
    require_tensorflow_backend("the gradient penalties")
    with tf.GradientTape() as tape:
        tape.watch(points)
        logits = discriminator(points)
    gradients = tape.gradient(logits, points)
    flat = tf.reshape(gradients, [tf.shape(gradients)[0], -1])
    # The epsilon keeps the norm's gradient finite where the input gradient is exactly zero.
    return tf.sqrt(tf.reduce_sum(tf.square(flat), axis=1) + 1e-12)


def _uniform(shape, dtype, seed: Optional[int], stateless_seed: Optional[tf.Tensor]) -> tf.Tensor:
    """U[0, 1) draws keyed by `stateless_seed` when given (a GAN's own noise stream), else from the global
    random state."""
    if stateless_seed is not None:
        return tf.random.stateless_uniform(shape, stateless_seed, dtype=dtype, alg="philox")
    return tf.random.uniform(shape, dtype=dtype, seed=seed)


def _broadcast_per_sample(values: tf.Tensor, like: tf.Tensor) -> tf.Tensor:
    """Reshape a [batch] tensor so it broadcasts over a sample's remaining axes."""
    return tf.reshape(values, [-1] + [1] * (len(like.shape) - 1))


def wgan_gp(
    discriminator: Callable, real: tf.Tensor, fake: tf.Tensor, *, seed: Optional[int] = None,
    stateless_seed: Optional[tf.Tensor] = None,
) -> tf.Tensor:
    """WGAN-GP (Gulrajani et al. 2017; 001 GAN-GP): E (||grad D(x_hat)|| - 1)^2 at x_hat = x + u (y - x),
    u ~ U[0, 1] per sample."""
    real = tf.convert_to_tensor(real)
    fake = tf.cast(fake, real.dtype)
    u = _uniform([tf.shape(real)[0]], real.dtype, seed, stateless_seed)
    interpolates = real + _broadcast_per_sample(u, real) * (fake - real)
    return tf.reduce_mean(tf.square(_per_sample_gradient_norm(discriminator, interpolates) - 1.0))


def dragan(
    discriminator: Callable, real: tf.Tensor, fake: tf.Tensor, *, seed: Optional[int] = None,
    stateless_seed: Optional[tf.Tensor] = None,
) -> tf.Tensor:
    """DRAGAN (Kodali et al. 2017; 001 DRAGAN-NS): the WGAN-GP term at perturbed reals
    x_hat = x + 0.5 * std(x) * U[0, 1) (the official DRAGAN code's perturbation; std over the whole batch)."""
    real = tf.convert_to_tensor(real)
    noise = _uniform(tf.shape(real), real.dtype, seed, stateless_seed)
    perturbed = real + 0.5 * tf.math.reduce_std(real) * noise
    return tf.reduce_mean(tf.square(_per_sample_gradient_norm(discriminator, perturbed) - 1.0))


def zero_centred(
    discriminator: Callable, real: tf.Tensor, fake: tf.Tensor, *, seed: Optional[int] = None,
    stateless_seed: Optional[tf.Tensor] = None,
) -> tf.Tensor:
    """Zero-centred real-data gradient penalty R1 (Mescheder et al. 2018; 000 App. R): E ||grad D(x)||^2 / 2."""
    return 0.5 * tf.reduce_mean(tf.square(_per_sample_gradient_norm(discriminator, tf.convert_to_tensor(real))))


def zero_centred_fake(
    discriminator: Callable, real: tf.Tensor, fake: tf.Tensor, *, seed: Optional[int] = None,
    stateless_seed: Optional[tf.Tensor] = None,
) -> tf.Tensor:
    """Zero-centred fake-data gradient penalty R2 (Mescheder et al. 2018; the R3GAN baseline, Huang et al.
    2024): E ||grad D(G(z))||^2 / 2, at the generated samples (held fixed: D's penalty only)."""
    fake = tf.stop_gradient(tf.convert_to_tensor(fake))
    return 0.5 * tf.reduce_mean(tf.square(_per_sample_gradient_norm(discriminator, fake)))


def zero_centred_both(
    discriminator: Callable, real: tf.Tensor, fake: tf.Tensor, *, seed: Optional[int] = None,
    stateless_seed: Optional[tf.Tensor] = None,
) -> tf.Tensor:
    """R1 + R2 (Huang et al. 2024, R3GAN: RpGAN with zero-centred penalties on real and fake data):
    (E ||grad D(x)||^2 + E ||grad D(G(z))||^2) / 2; a weight gamma gives R3GAN's gamma/2 (R1 + R2)."""
    return zero_centred(discriminator, real, fake) + zero_centred_fake(discriminator, real, fake)
