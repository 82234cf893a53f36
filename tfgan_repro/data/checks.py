"""Checks on training batches where they enter a run: real data must be finite.

NaN or Inf in real data is a data error, not a divergence: on some CPUs the compiled discriminator maps NaN
inputs to finite logits (ReLU kernels return 0 for NaN), so a loss-based divergence check never sees it.

    dataset = checks.finite_batches(dataset, first_step=start + 1)
    try:
        gan.fit(dataset, ...)
    except tf.errors.InvalidArgumentError as error:
        raise checks.as_data_error(error) or error
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # imported where used, so that the runner's input errors stay fast
    import tensorflow as tf

_MARKER = "non-finite real data at training step"
_STEP_PATTERN = re.compile(re.escape(_MARKER) + r"\D*(\d+)")


class NonFiniteDataError(ValueError):
    """A training batch held NaN or Inf; `step` is the 1-based training step that would have used it."""

    def __init__(self, step: int):
        super().__init__(f"the real data batch of training step {step} holds NaN or Inf values")
        self.step = int(step)


def _all_finite(element) -> tf.Tensor:
    import tensorflow as tf

    checks = [tf.reduce_all(tf.math.is_finite(t)) for t in tf.nest.flatten(element) if t.dtype.is_floating]
    return tf.reduce_all(tf.stack(checks)) if checks else tf.constant(True)


def finite_batches(dataset: tf.data.Dataset, first_step: int = 1) -> tf.data.Dataset:
    """`dataset` (one element per training step) with an assertion that every floating tensor of an element
    is finite. Element k is numbered step `first_step + k`; a failing element raises an InvalidArgumentError
    at the step that consumes it, which `as_data_error` turns into a `NonFiniteDataError`."""
    import tensorflow as tf

    def check(index, element):
        assertion = tf.debugging.Assert(_all_finite(element), [_MARKER, index], summarize=1)
        with tf.control_dependencies([assertion]):
            return tf.nest.map_structure(tf.identity, element)

    return dataset.enumerate(int(first_step)).map(check)


def as_data_error(error: BaseException) -> Optional[NonFiniteDataError]:
    """The `NonFiniteDataError` behind an error raised by a `finite_batches` assertion, else None."""
    match = _STEP_PATTERN.search(str(error))
    return NonFiniteDataError(int(match.group(1))) if match else None
