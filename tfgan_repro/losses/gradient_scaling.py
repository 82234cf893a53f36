"""Gradient-level rescaling: MM-unit and NS-unit (000 Algorithm 2).

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
