"""Gradient-level rescaling: MM-unit and NS-unit (000 Algorithm 2).

The whole generator gradient is rescaled to norm N_theta (the number of G's parameters, not 1: see 000
App. H), so R = N_theta / (eps + ||grad||) can only be computed after the gradient itself.
"""

from __future__ import annotations

from typing import Sequence

import tensorflow as tf


def global_norm(gradients: Sequence[tf.Tensor]) -> tf.Tensor:
    """||grad||_2 over all parameters (Algorithm 2, line 1)."""
    return tf.linalg.global_norm([g for g in gradients if g is not None])


def unit_rescale(gradients: Sequence[tf.Tensor], eps: float = 1e-18) -> tuple[list, tf.Tensor]:
    """Returns (gradients * R, R) with R = N_theta / (eps + ||grad||) (Algorithm 2, line 2)."""
    num_parameters = float(sum(g.shape.num_elements() for g in gradients if g is not None))
    factor = num_parameters / (eps + global_norm(gradients))
    return [None if g is None else g * tf.cast(factor, g.dtype) for g in gradients], factor
