"""tfds image pipelines under tfds.testing.mock_data, and the image-folder loader on generated files."""

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_datasets as tfds

from tfgan_repro import data
from tfgan_repro.data import images

NUM_MOCK = 12


@pytest.fixture
def mock_tfds():
    with tfds.testing.mock_data(num_examples=NUM_MOCK):
        yield


def _first_batch(ds, n=NUM_MOCK):
    return next(iter(ds.batch(n)))


def _check_images(batch, shape):
    batch = batch.numpy()
    assert batch.dtype == np.float32
    assert batch.shape[1:] == shape
    assert batch.min() >= -1.0 and batch.max() <= 1.0
    assert batch.max() > batch.min()  # not a constant image: the conversion kept the content


@pytest.mark.parametrize(
    "name, params, shape, labels",
    [
        ("mnist", {"source": "tfds"}, (28, 28, 1), range(10)),
        ("mnist", {"source": "tfds", "pad_to_32": True}, (32, 32, 1), range(10)),
        ("cifar10", {}, (32, 32, 3), range(10)),
        ("stl10", {"split": "train"}, (48, 48, 3), range(10)),
        ("stl10", {}, (48, 48, 3), None),
        ("celeba", {}, (64, 64, 3), None),
        ("lsun_church", {}, (64, 64, 3), None),
        ("lsun_tower", {}, (64, 64, 3), None),
    ],
)
def test_tfds_pipelines(mock_tfds, name, params, shape, labels):
    ds = data.get_dataset(name, **params)
    _check_images(_first_batch(ds), shape)
    if labels is not None:
        x, y = _first_batch(data.get_dataset(name, with_labels=True, **params))
        _check_images(x, shape)
        assert y.dtype == tf.int32 and set(y.numpy()) <= set(labels)


def test_mnist_padding_is_background(mock_tfds):
    padded = _first_batch(images.mnist(source="tfds", pad_to_32=True, seed=None)).numpy()
    plain = _first_batch(images.mnist(source="tfds", seed=None)).numpy()
    np.testing.assert_array_equal(padded[:, 2:30, 2:30], plain)
    assert np.all(padded[:, :2] == -1.0) and np.all(padded[:, :, -2:] == -1.0)


def test_seeded_order_is_deterministic(mock_tfds):
    a = _first_batch(images.cifar10(seed=3)).numpy()
    b = _first_batch(images.cifar10(seed=3)).numpy()
    stored = _first_batch(images.cifar10(seed=None)).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, stored)
    np.testing.assert_array_equal(
        np.sort(a.reshape(NUM_MOCK, -1), axis=0), np.sort(stored.reshape(NUM_MOCK, -1), axis=0)
    )


def test_data_dir_passes_through(monkeypatch):
    seen = {}

    def fake_load(name, **kwargs):
        seen.update(kwargs, name=name)
        return tf.data.Dataset.from_tensors(
            {"image": tf.zeros([32, 32, 3], tf.uint8), "label": tf.constant(1, tf.int64)}
        )

    monkeypatch.setattr(tfds, "load", fake_load)
    x = _first_batch(images.cifar10(data_dir="/some/tfds", seed=None), 1)
    assert seen["name"] == "cifar10" and seen["data_dir"] == "/some/tfds"
    assert float(tf.reduce_max(x)) == -1.0


def test_lsun_category_checked():
    with pytest.raises(ValueError, match="church_outdoor"):
        images.lsun("bedroom")


def test_arrays_dataset_rejects_float():
    with pytest.raises(ValueError, match="uint8"):
        images.arrays_dataset(np.zeros((2, 28, 28, 1), np.float32))


def test_image_folder(tmp_path):
    rng = np.random.default_rng(0)
    sub = tmp_path / "cats"
    sub.mkdir()
    for k, (h, w) in enumerate([(80, 120), (64, 64), (150, 90)]):
        pixels = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        encoded = tf.io.encode_png(pixels) if k % 2 == 0 else tf.io.encode_jpeg(pixels)
        tf.io.write_file(str(sub / f"img{k}.{'png' if k % 2 == 0 else 'jpg'}"), encoded)
    (tmp_path / "notes.txt").write_text("not an image")
    ds = data.get_dataset("image_folder", folder=str(tmp_path), size=32, seed=None)
    batch = _first_batch(ds, 10)
    assert batch.shape == (3, 32, 32, 3)
    _check_images(batch, (32, 32, 3))
    with pytest.raises(FileNotFoundError, match="no images"):
        images.list_images(str(tmp_path / "cats" / "none"))
