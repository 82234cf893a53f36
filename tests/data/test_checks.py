"""tfgan_repro.data.checks: NaN / Inf in real batches is a data error naming the training step."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.data import checks


def _consume(dataset, count):
    iterator = iter(dataset)
    return [next(iterator) for _ in range(count)]


def test_finite_batches_pass_through_unchanged_for_tensors_tuples_and_dicts():
    points = tf.data.Dataset.from_tensor_slices(np.arange(12, dtype=np.float32).reshape(4, 3))
    (first, *_) = _consume(checks.finite_batches(points), 4)
    np.testing.assert_array_equal(first.numpy(), [0.0, 1.0, 2.0])
    labelled = tf.data.Dataset.from_tensor_slices((np.ones((2, 3), np.float32), np.array([1, 2])))
    x, label = _consume(checks.finite_batches(labelled), 1)[0]
    assert x.shape == (3,) and int(label) == 1
    keyed = tf.data.Dataset.from_tensors({"real": np.ones(2, np.float32), "latents": np.zeros(2, np.float32)})
    assert set(_consume(checks.finite_batches(keyed), 1)[0]) == {"real", "latents"}


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_batch_raises_with_its_step(bad):
    batches = np.ones((5, 2), np.float32)
    batches[3, 1] = bad
    dataset = checks.finite_batches(tf.data.Dataset.from_tensor_slices(batches), first_step=101)
    iterator = iter(dataset)
    for _ in range(3):
        next(iterator)
    with pytest.raises(tf.errors.InvalidArgumentError) as raised:
        next(iterator)
    error = checks.as_data_error(raised.value)
    assert isinstance(error, checks.NonFiniteDataError) and isinstance(error, ValueError)
    assert error.step == 104 and str(error) == "the real data batch of training step 104 holds NaN or Inf values"


def test_other_errors_are_not_taken_for_data_errors():
    assert checks.as_data_error(tf.errors.InvalidArgumentError(None, None, "shapes do not match")) is None
