"""Gradient-level rescaling: MM-unit and NS-unit (000 Algorithm 2), and the comparison of two gradients.

The whole generator gradient is rescaled to norm N_theta (the number of G's parameters, not 1: see 000
App. H), so R = N_theta / (eps + ||grad||) can only be computed after the gradient itself.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

from keras import ops

from tfgan_repro.losses.reduction import Tensor

UNIT_EPS = 1e-18


def unit_factor(num_parameters: int, gradient_norm: Tensor, eps: float = UNIT_EPS) -> Tensor:
    """R = N_theta / (eps + ||grad||) (Algorithm 2, line 2)."""
    return float(num_parameters) / (eps + gradient_norm)


def unit_rescale(gradients: Sequence[Optional[Tensor]], eps: float = UNIT_EPS) -> tuple[list, Tensor]:
    """Returns (gradients * R, R): the gradient rescaled to norm N_theta (single device; the GAN model uses
    the all-reduced norm under a strategy). Any Keras backend's tensors."""
    present = [g for g in gradients if g is not None]
    num_parameters = sum(math.prod(g.shape) for g in present)
    norm = ops.sqrt(sum(ops.sum(ops.square(ops.cast(g, "float32"))) for g in present))
    factor = unit_factor(num_parameters, norm, eps)
    return [None if g is None else g * ops.cast(factor, ops.dtype(g)) for g in gradients], factor


def gradient_comparison(gradients: Sequence[Tensor], other_gradients: Sequence[Tensor]) -> dict:
    """Norm ratio ||other|| / ||trained|| and cosine of two whole gradients, e.g. the trained cost's and a
    compared cost's, each summed over replicas (000 Fig 9, 10)."""
    trained = ops.concatenate([ops.reshape(g, [-1]) for g in gradients], 0)
    other = ops.concatenate([ops.reshape(g, [-1]) for g in other_gradients], 0)
    trained_norm, other_norm = ops.sqrt(ops.sum(ops.square(trained))), ops.sqrt(ops.sum(ops.square(other)))
    return {
        "grad_norm_ratio": other_norm / (trained_norm + 1e-30),
        "grad_cosine": ops.sum(trained * other) / (trained_norm * other_norm + 1e-30),
    }
