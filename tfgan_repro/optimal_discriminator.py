"""The original GAN paper's two generator costs under the optimal discriminator of two 1-D Gaussians (001 Fig 2).

For real data N(mu_r, s^2) and generated data N(mu_g, s^2) the optimal discriminator is
D*(x) = p_r(x) / (p_r(x) + p_g(x)), whose logit is linear in the generator's output x:

    l*(x) = log p_r(x) - log p_g(x) = (mu_r - mu_g) (2 x - mu_r - mu_g) / (2 s^2).

The minimax cost log(1 - D*(x)) = -softplus(l*) (000 eq 1) has gradient -sigmoid(l*) dl*/dx: it vanishes where
D* -> 0, i.e. exactly where generated samples sit far from the data (WGAN's Fig 2, "vanishing gradients").
The non-saturating cost -log D*(x) = softplus(-l*) (000 eq 2, 001 eq 3) has gradient -(1 - sigmoid(l*)) dl*/dx:
strong far from the data and vanishing only where D* -> 1, on the data itself (001 Fig 2, right).

The costs are the registry's own per-sample functions, differentiated by TensorFlow: the curves are those of the
costs the suite trains with, checked against the closed forms above in the tests.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tfgan_repro.losses.sample_weighting import mm_exp_per_sample, ns_exp_per_sample


def optimal_logit(x, real_mean: float, fake_mean: float, std: float) -> np.ndarray:
    """l*(x) = log p_r(x) - log p_g(x) for two Gaussians of equal std (float64)."""
    if not std > 0:
        raise ValueError(f"std must be > 0, got {std}")
    x = np.asarray(x, np.float64)
    return (real_mean - fake_mean) * (2.0 * x - real_mean - fake_mean) / (2.0 * std**2)


def generator_cost_curves(x, real_mean: float, fake_mean: float, std: float) -> dict[str, np.ndarray]:
    """Along generator outputs `x`: the optimal D's probability `d_star`, the costs `mm` = log(1 - D*) and
    `ns` = -log D*, and their derivatives `mm_gradient`, `ns_gradient` with respect to x (float64)."""
    points = tf.constant(np.asarray(x, np.float64))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(points)
        logits = (real_mean - fake_mean) * (2.0 * points - real_mean - fake_mean) / (2.0 * std**2)
        mm = mm_exp_per_sample(logits, 1.0)
        ns = ns_exp_per_sample(logits, 1.0)
    curves = {
        "d_star": tf.sigmoid(logits).numpy(),
        "mm": mm.numpy(),
        "ns": ns.numpy(),
        "mm_gradient": tape.gradient(mm, points).numpy(),
        "ns_gradient": tape.gradient(ns, points).numpy(),
    }
    del tape
    return curves
