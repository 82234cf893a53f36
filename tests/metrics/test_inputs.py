"""Sample sources and one-line input errors."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.metrics.inputs import check_images, check_labels, collect, iter_batches


def test_sources_give_the_same_batches():
    images = np.random.default_rng(0).uniform(-1, 1, (10, 4, 4, 1)).astype(np.float32)
    from_array = collect(images, batch_size=3)
    from_tensor = collect(tf.constant(images))
    from_dataset = collect(tf.data.Dataset.from_tensor_slices((images, np.arange(10))).batch(4))
    from_generator = collect(images[i : i + 5] for i in (0, 5))
    for other in (from_tensor, from_dataset, from_generator):
        np.testing.assert_array_equal(from_array, other)
    assert [len(b) for b in iter_batches(images, 4)] == [4, 4, 2]
    assert len(collect(images, limit=7)) == 7
    with pytest.raises(ValueError, match="empty"):
        collect([])


@pytest.mark.parametrize(
    "batch, shape, message",
    [
        (np.full((2, 4, 4, 1), 1.5), None, r"images must lie in \[-1, 1\]; got values in \[1.5, 1.5\]"),
        (np.full((2, 4, 4, 1), 255.0), None, "map uint8 images"),
        (np.zeros((2, 4, 4)), None, r"images must be a batch \[N, H, W, C\]"),
        (np.zeros((2, 4, 4, 3)), (4, 4, 1), r"images must have shape \[N, 4, 4, 1\]; got \[2, 4, 4, 3\]"),
        (np.full((2, 4, 4, 1), np.nan), None, "NaN"),
    ],
)
def test_bad_images_give_one_line(batch, shape, message):
    with pytest.raises(ValueError, match=message) as error:
        check_images(batch, shape)
    assert "\n" not in str(error.value)


def test_images_at_the_range_ends_pass():
    ends = np.array([-1.0, 1.0, 1.0 + 1e-6], np.float32).reshape(1, 3, 1, 1)
    assert check_images(ends).dtype == np.float32


def test_labels():
    assert check_labels([0, 2.0, 9], 10).dtype == np.int64
    with pytest.raises(ValueError, match="integer"):
        check_labels([0.5], 10)
