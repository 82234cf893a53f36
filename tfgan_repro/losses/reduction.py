"""How per-sample costs become one scalar, and the checks every cost applies to its logits.

The sample-weighting paper's reference code *sums* per-sample costs over the batch (it changes the effective
learning rate); most other codebases take the mean. Every loss takes `reduction` so a config can pick.

The costs are written with `keras.ops`, so they run on every Keras 3 backend (TensorFlow, JAX, PyTorch) and
take and return that backend's tensors.
"""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

REDUCTIONS = ("mean", "sum")
Tensor = Any  # a tensor of the active Keras backend: tf.Tensor, jax.Array or torch.Tensor


def reduce_batch(per_sample: Tensor, reduction: str = "mean") -> Tensor:
    """Mean or sum of per-sample costs over every axis."""
    if reduction == "mean":
        return ops.mean(per_sample)
    if reduction == "sum":
        return ops.sum(per_sample)
    raise ValueError(f"unknown reduction {reduction!r}; valid: {', '.join(REDUCTIONS)}")


def _rank(tensor: Tensor) -> int | None:
    try:
        return len(tensor.shape)
    except (TypeError, ValueError):  # a TensorFlow graph tensor of unknown rank
        return None


def as_logits(logits) -> Tensor:
    """One logit per sample, [batch] or [batch, 1] -> [batch], in at least float32.

    Half-precision logits are widened: costs such as MM-nsat's R divide by eps + mean Dp with eps = 1e-18,
    which underflows to 0 in float16 and turns a finite logit into NaN. Any other shape (e.g. [batch, 2],
    a two-class head) is an error rather than a silent flatten that would mix samples."""
    logits = ops.convert_to_tensor(logits)
    if keras.backend.standardize_dtype(logits.dtype) not in ("float32", "float64"):
        logits = ops.cast(logits, "float32")
    rank = _rank(logits)
    if rank is not None and not (rank == 1 or (rank == 2 and logits.shape[1] in (1, None))):
        raise ValueError(f"logits must have shape [batch] or [batch, 1] (one per sample), got {list(logits.shape)}")
    return ops.reshape(logits, [-1])


def check_paired(real_logits: Tensor, fake_logits: Tensor, name: str) -> None:
    """Relativistic pairing costs pair real i with fake i: the batch sizes must be equal."""
    real_n, fake_n = real_logits.shape[0], fake_logits.shape[0]
    if real_n is not None and fake_n is not None and real_n != fake_n:
        raise ValueError(
            f"{name} pairs real i with fake i, but got {real_n} real and {fake_n} fake logits; "
            "use equal real and fake batch sizes"
        )
