"""003's regularizers (Che et al. 2017, "Mode Regularized GANs", Sec 3.1, 3.2, App. A), as pure functions.

Notation: x a real batch, E the encoder, G(E(x)) its reconstruction, `reconstruction_logits` = D(G(E(x))).

    metric regularizer   E_x d(x, G(E(x)))                    Sec 3.1; d by name in DISTANCES
    mode regularizer     -E_x log D(G(E(x))) = E softplus(-l)  Sec 3.2 (sign: see below)
    reg_gan_regularizer  lambda1 metric + lambda2 mode          the part of T_G and T_E beyond the GAN cost

Sign of the mode regularizer. The paper writes T_G = -E_z log D(G(z)) + E_x[lambda1 d(x, G(E(x))) +
lambda2 log D(G(E(x)))] and minimises it, which would push G(E(x)) toward *low* D, against its own text
("encourage G(E(x)) to move towards a nearby mode"); App. A's MDGAN ascends +lambda log D1(G(E(x))). Here the
mode regularizer is the cost -log D(G(E(x))), so minimising lambda2 times it pulls G(E(x)) toward high D
(REPRODUCTION.md, 003).

Distances (per sample, then the batch mean): "squared_l2" = ||x - y||^2 summed over every non-batch axis
(App. A's ||x - G(E(x))||^2), "mse" = the same divided by the number of values per sample (the paper does not
say how d is scaled on images; a per-pixel mean keeps lambda1 = 0.2 comparable to the adversarial cost).
"""

from __future__ import annotations

from typing import Callable, Mapping

import tensorflow as tf

from tfgan_repro.losses.reduction import as_logits


def _per_sample_squares(real, reconstruction) -> tf.Tensor:
    real = tf.cast(real, tf.float32)
    reconstruction = tf.cast(reconstruction, tf.float32)
    squares = tf.square(real - reconstruction)
    return tf.reshape(squares, [tf.shape(squares)[0], -1])


def squared_l2_distance(real, reconstruction) -> tf.Tensor:
    """d(x, y) = ||x - y||_2^2 per sample (summed over every non-batch axis): shape [batch]."""
    return tf.reduce_sum(_per_sample_squares(real, reconstruction), axis=1)


def mean_squared_distance(real, reconstruction) -> tf.Tensor:
    """d(x, y) = ||x - y||_2^2 / (values per sample), per sample: shape [batch]."""
    return tf.reduce_mean(_per_sample_squares(real, reconstruction), axis=1)


DISTANCES: Mapping[str, Callable] = {"squared_l2": squared_l2_distance, "mse": mean_squared_distance}


def get_distance(name: str) -> Callable:
    """A registered per-sample distance d(x, y) -> [batch]."""
    if name not in DISTANCES:
        raise ValueError(f"unknown reconstruction distance {name!r}; valid: {', '.join(DISTANCES)}")
    return DISTANCES[name]


def metric_regularizer(real, reconstruction, distance: str = "squared_l2") -> tf.Tensor:
    """003 Sec 3.1: E_x d(x, G(E(x))), the batch mean of the per-sample distance `distance`."""
    return tf.reduce_mean(get_distance(distance)(real, reconstruction))


def mode_regularizer(reconstruction_logits) -> tf.Tensor:
    """003 Sec 3.2, as a cost to minimise: -E_x log D(G(E(x))) = E softplus(-D_logit(G(E(x)))).
    Its gradient moves G(E(x)) toward high D (the paper's printed +log D has the opposite sign)."""
    return tf.reduce_mean(tf.nn.softplus(-as_logits(reconstruction_logits)))


def reg_gan_regularizer(
    real,
    reconstruction,
    reconstruction_logits,
    reconstruction_weight: float,
    mode_weight: float,
    distance: str = "squared_l2",
) -> tf.Tensor:
    """003 Sec 3.2: lambda1 E d(x, G(E(x))) + lambda2 (-E log D(G(E(x)))). T_G is the GAN's G cost plus this;
    T_E is this alone. MDGAN's manifold step (App. A) minimises it with lambda1 = 1, lambda2 = lambda, D = D1."""
    metric = metric_regularizer(real, reconstruction, distance)
    mode = mode_regularizer(reconstruction_logits)
    return float(reconstruction_weight) * metric + float(mode_weight) * mode
