"""Gradient-level rescaling: MM-unit and NS-unit (000 Algorithm 2).

The whole generator gradient is rescaled to norm N_theta (the number of G's parameters, not 1: see 000
App. H), so R = N_theta / (eps + ||grad||) can only be computed after the gradient itself.
"""

from __future__ import annotations

from typing import Optional, Sequence

import tensorflow as tf

UNIT_EPS = 1e-18


def unit_factor(num_parameters: int, gradient_norm: tf.Tensor, eps: float = UNIT_EPS) -> tf.Tensor:
    """R = N_theta / (eps + ||grad||) (Algorithm 2, line 2)."""
    return float(num_parameters) / (eps + gradient_norm)


def unit_rescale(
    gradients: Sequence[Optional[tf.Tensor]], eps: float = UNIT_EPS
) -> tuple[list, tf.Tensor]:
    """Returns (gradients * R, R): the gradient rescaled to norm N_theta (single device; the GAN model uses
    the all-reduced norm under a strategy)."""
    present = [g for g in gradients if g is not None]
    num_parameters = sum(g.shape.num_elements() for g in present)
    factor = unit_factor(num_parameters, tf.linalg.global_norm(present), eps)
    return [None if g is None else g * tf.cast(factor, g.dtype) for g in gradients], factor
