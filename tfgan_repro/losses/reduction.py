"""How per-sample costs become one scalar.

The sample-weighting paper's reference code *sums* per-sample costs over the batch (it changes the effective
learning rate); most other codebases take the mean. Every loss takes `reduction` so a config can pick.
"""

from __future__ import annotations

import tensorflow as tf

REDUCTIONS = ("mean", "sum")


def reduce_batch(per_sample: tf.Tensor, reduction: str = "mean") -> tf.Tensor:
    """Mean or sum of per-sample costs over every axis."""
    if reduction == "mean":
        return tf.reduce_mean(per_sample)
    if reduction == "sum":
        return tf.reduce_sum(per_sample)
    raise ValueError(f"unknown reduction {reduction!r}; valid: {', '.join(REDUCTIONS)}")


def as_logits(logits) -> tf.Tensor:
    """One logit per sample, [batch] or [batch, 1] -> [batch], in at least float32.

    Half-precision logits are widened: costs such as MM-nsat's R divide by eps + mean Dp with eps = 1e-18,
    which underflows to 0 in float16 and turns a finite logit into NaN. Any other shape (e.g. [batch, 2],
    a two-class head) is an error rather than a silent flatten that would mix samples."""
    logits = tf.convert_to_tensor(logits)
    if not logits.dtype.is_floating or logits.dtype.size < 4:
        logits = tf.cast(logits, tf.float32)
    shape = logits.shape
    if shape.rank is not None and not (shape.rank == 1 or (shape.rank == 2 and shape[1] in (1, None))):
        raise ValueError(f"logits must have shape [batch] or [batch, 1] (one per sample), got {shape.as_list()}")
    return tf.reshape(logits, [-1])


def check_paired(real_logits: tf.Tensor, fake_logits: tf.Tensor, name: str) -> None:
    """Relativistic pairing costs pair real i with fake i: the batch sizes must be equal."""
    real_n, fake_n = real_logits.shape[0], fake_logits.shape[0]
    if real_n is not None and fake_n is not None and real_n != fake_n:
        raise ValueError(
            f"{name} pairs real i with fake i, but got {real_n} real and {fake_n} fake logits; "
            "use equal real and fake batch sizes"
        )
