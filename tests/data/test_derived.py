"""MNIST-derived sets: recipes checked on digits whose pixels encode their class, shapes under mock tfds."""

import numpy as np
import pytest
import tensorflow_datasets as tfds

from tfgan_repro import data
from tfgan_repro.data import derived


def coded_digits(num, seed=0):
    """uint8 [num, 28, 28] digits whose every pixel is 20 * label + 10, so a pixel value reveals the class."""
    labels = np.random.default_rng(seed).integers(0, 10, num)
    digits = np.broadcast_to((20 * labels + 10).astype(np.uint8)[:, None, None], (num, 28, 28)).copy()
    return digits, labels


def decode(values):
    """Class from a [-1, 1] pixel value of a coded digit."""
    return np.round(((np.asarray(values) + 1) * 127.5 - 10) / 20).astype(int)


def test_stacked_mnist_recipe():
    digits, labels = coded_digits(200)
    ds = derived.stacked_mnist(arrays=(digits, labels), seed=None, with_labels=True)
    x, mode = (t.numpy() for t in next(iter(ds.batch(200))))
    assert x.shape == (200, 32, 32, 3) and x.dtype == np.float32
    assert np.all(x[:, :2] == -1.0)  # zero padding 28 -> 32 is background
    classes = decode(x[:, 16, 16, :])  # [N, 3]
    np.testing.assert_array_equal(classes[:, 0], labels)  # channel 0 is image i itself
    np.testing.assert_array_equal(mode, classes[:, 0] + 10 * classes[:, 1] + 100 * classes[:, 2])
    triples = derived.stacked_mnist_triples(200)
    for c in (1, 2):  # channels 1 and 2 are permutations of the set
        np.testing.assert_array_equal(np.sort(triples[:, c]), np.arange(200))
    assert not np.array_equal(triples[:, 1], triples[:, 2])
    np.testing.assert_array_equal(classes[:, 1], labels[triples[:, 1]])
    np.testing.assert_array_equal(triples, derived.stacked_mnist_triples(200))


def test_color_mnist_recipe():
    digits, labels = coded_digits(100)
    ds = derived.color_mnist(arrays=(digits, labels), num_examples=300, seed=None, with_labels=True)
    x, mode = (t.numpy() for t in next(iter(ds.batch(300))))
    assert x.shape == (300, 28, 28, 3)
    classes = decode(x[:, 14, 14, :])
    np.testing.assert_array_equal(mode, classes[:, 0] + 10 * classes[:, 1] + 100 * classes[:, 2])
    assert len(np.unique(mode)) > 150  # three independent draws, not one image repeated


def test_compositional_probabilities_recorded():
    for set_id, probs in derived.COMPOSITIONAL_DIGIT_PROBS.items():
        assert probs.shape == (3, 10)
        np.testing.assert_allclose(probs.sum(axis=1), 1.0)
        assert probs.max() / probs.min() > 1.5  # "unequal probabilities"
        modes = derived.compositional_mode_probabilities(set_id)
        assert modes.shape == (1000,) and modes.sum() == pytest.approx(1.0)
        assert modes.min() * 60_000 > 1.5  # every number expected in a 60k training set
        # number 100 d0 + 10 d1 + d2 has probability p0(d0) p1(d1) p2(d2)
        assert modes[472] == pytest.approx(probs[0, 4] * probs[1, 7] * probs[2, 2])
    with pytest.raises(ValueError, match="compositional set"):
        derived.compositional_mode_probabilities(5)


def test_compositional_mnist_layout_and_frequencies():
    digits, labels = coded_digits(500)
    ds = derived.compositional_mnist(4, arrays=(digits, labels), num_examples=6000, seed=None, with_labels=True)
    x, numbers = (t.numpy() for t in next(iter(ds.batch(6000))))
    assert x.shape == (6000, 64, 64, 1) and x.min() >= -1 and x.max() <= 1
    top, cell = derived.COMPOSITIONAL_TOP, derived.COMPOSITIONAL_CELL
    centres = [x[:, top + cell // 2, left + cell // 2, 0] for left in derived.COMPOSITIONAL_LEFTS]
    read = decode(np.stack(centres, axis=1))
    np.testing.assert_array_equal(numbers, 100 * read[:, 0] + 10 * read[:, 1] + read[:, 2])
    assert np.all(x[:, :top] == -1.0) and np.all(x[:, top + cell :] == -1.0)  # background outside the band
    probs = derived.COMPOSITIONAL_DIGIT_PROBS[4]
    for position in range(3):
        observed = np.bincount(read[:, position], minlength=10) / len(read)
        np.testing.assert_allclose(observed, probs[position], atol=0.025)


def test_class_subset():
    labels = np.array([5] * 10 + [7] * 10 + [3] * 5 + [5] * 10)
    keep = derived.class_subset_indices(labels, {5: 0.2, 7: 1.0})
    np.testing.assert_array_equal(keep, np.concatenate([np.arange(4), np.arange(10, 20)]))  # first 20% of 5s
    digits, coded = coded_digits(1000)
    ds = derived.mnist_class_subset(arrays=(digits, coded), seed=None, with_labels=True, pad_to_32=True)
    x, y = (t.numpy() for t in next(iter(ds.batch(1000))))
    assert x.shape[1:] == (32, 32, 1) and set(np.unique(y)) == {5, 7}
    assert np.count_nonzero(y == 5) == int(0.2 * np.count_nonzero(coded == 5))
    assert np.count_nonzero(y == 7) == np.count_nonzero(coded == 7)
    with pytest.raises(ValueError, match="proportion"):
        derived.class_subset_indices(labels, {5: 1.5})


@pytest.mark.parametrize(
    "name, params, shape",
    [
        ("stacked_mnist", {}, (32, 32, 3)),
        ("color_mnist", {"num_examples": 40}, (28, 28, 3)),
        ("compositional_mnist", {"set_id": 2, "num_examples": 40}, (64, 64, 1)),
        ("mnist_class_subset", {"proportions": {0: 1.0, 1: 1.0, 5: 1.0, 7: 1.0}}, (28, 28, 1)),
    ],
)
def test_derived_sets_under_mock_tfds(name, params, shape):
    with tfds.testing.mock_data(num_examples=40):
        x, y = next(iter(data.get_dataset(name, source="tfds", with_labels=True, **params).batch(40)))
    x, y = x.numpy(), y.numpy()
    assert x.dtype == np.float32 and x.shape[1:] == shape and len(x) > 0
    assert x.min() >= -1.0 and x.max() <= 1.0
    assert y.min() >= 0 and y.max() < 1000


def test_bad_arrays_rejected():
    with pytest.raises(ValueError, match="uint8"):
        derived.stacked_mnist(arrays=(np.zeros((4, 28, 28), np.float32), np.zeros(4)))


def test_stacked_mnist_arrays_stack_three_digits_and_label_the_mode():
    from tfgan_repro.data import derived

    digits = np.stack([np.full((28, 28), i, np.uint8) for i in range(10)])
    images, mode_ids = derived.stacked_mnist_arrays(digits, np.arange(10))
    triples = derived.stacked_mnist_triples(10)
    assert images.shape == (10, 32, 32, 3)
    assert images[:, 16, 16, :].tolist() == triples.tolist()  # digit i is filled with i
    np.testing.assert_array_equal(mode_ids, triples[:, 0] + 10 * triples[:, 1] + 100 * triples[:, 2])
