"""Local LeCun MNIST files: IDX parsing, MD5 checks, search order; the real files when this machine has them."""

import gzip
import os

import numpy as np
import pytest

from tfgan_repro.data import mnist_files

SHARED_MNIST = mnist_files.SHARED_MNIST_DIR


def write_idx_files(folder, splits):
    """Synthetic LeCun-format .gz files for {'train': (images, labels), 'test': ...}."""
    os.makedirs(folder, exist_ok=True)
    prefixes = {"train": "train", "test": "t10k"}
    for split, (images, labels) in splits.items():
        for kind, magic, array in (("images-idx3", 2051, images), ("labels-idx1", 2049, labels)):
            array = np.asarray(array, np.uint8)
            header = magic.to_bytes(4, "big") + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
            with gzip.open(os.path.join(folder, f"{prefixes[split]}-{kind}-ubyte.gz"), "wb") as handle:
                handle.write(header + array.tobytes())


@pytest.fixture
def fake_mnist(tmp_path):
    rng = np.random.default_rng(0)
    splits = {
        "train": (rng.integers(0, 256, (30, 28, 28)), rng.integers(0, 10, 30)),
        "test": (rng.integers(0, 256, (12, 28, 28)), rng.integers(0, 10, 12)),
    }
    folder = tmp_path / "mnist"
    write_idx_files(str(folder), splits)
    return str(folder), splits


def test_parses_idx_files(fake_mnist):
    folder, splits = fake_mnist
    for split in ("train", "test"):
        images, labels = mnist_files.load_mnist_arrays(folder, split, verify=False)
        assert images.dtype == np.uint8 and images.shape == (len(splits[split][1]), 28, 28)
        np.testing.assert_array_equal(images, splits[split][0])
        np.testing.assert_array_equal(labels, splits[split][1])


def test_md5_mismatch_is_one_clear_line(fake_mnist):
    folder, _ = fake_mnist
    with pytest.raises(ValueError) as error:
        mnist_files.load_mnist_arrays(folder, "train")
    message = str(error.value)
    assert "\n" not in message and "corrupt" in message and "train-images-idx3-ubyte.gz" in message


def test_missing_file_is_one_clear_line(fake_mnist):
    folder, _ = fake_mnist
    os.remove(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"))
    with pytest.raises(FileNotFoundError) as error:
        mnist_files.load_mnist_arrays(folder, "test", verify=False)
    assert "\n" not in str(error.value) and "t10k-labels-idx1-ubyte.gz" in str(error.value)


def test_truncated_gzip_is_reported_as_corrupt(fake_mnist):
    folder, _ = fake_mnist
    path = os.path.join(folder, "train-images-idx3-ubyte.gz")
    with open(path, "rb") as handle:
        payload = handle.read()
    with open(path, "wb") as handle:
        handle.write(payload[: len(payload) // 2])
    with pytest.raises(ValueError, match="corrupt"):
        mnist_files.load_mnist_arrays(folder, "train", verify=False)


def test_bad_magic_and_split():
    with pytest.raises(ValueError, match="magic"):
        mnist_files.parse_idx(b"\x00\x00\x08\x01\x00\x00\x00\x01\x05", 2051, "x")
    with pytest.raises(ValueError, match="split"):
        mnist_files.load_mnist_arrays("/nonexistent", "validation")


def test_search_order(fake_mnist, tmp_path, monkeypatch):
    folder, _ = fake_mnist
    # An explicit folder wins, whether it holds the files or a mnist/ subfolder with them.
    assert mnist_files.find_mnist_dir(folder) == folder
    assert mnist_files.find_mnist_dir(os.path.dirname(folder)) == folder
    # An explicit folder without the files is an error, not a silent fallback.
    with pytest.raises(FileNotFoundError, match="MNIST files missing"):
        mnist_files.find_mnist_dir(str(tmp_path / "empty"))
    # The environment variable comes before the shared copy.
    monkeypatch.setenv(mnist_files.ENV_VAR, os.path.dirname(folder))
    assert mnist_files.find_mnist_dir() == folder
    monkeypatch.setenv(mnist_files.ENV_VAR, str(tmp_path / "nothing_here"))
    expected = SHARED_MNIST if os.path.isdir(SHARED_MNIST) else None
    assert mnist_files.find_mnist_dir() == expected


@pytest.mark.skipif(not os.path.isdir(SHARED_MNIST), reason="../shared/data/mnist not on this machine")
def test_real_mnist_files():
    train_images, train_labels = mnist_files.load_mnist_arrays(SHARED_MNIST, "train")
    test_images, test_labels = mnist_files.load_mnist_arrays(SHARED_MNIST, "test")
    assert train_images.shape == (60_000, 28, 28) and test_images.shape == (10_000, 28, 28)
    # Published class counts of the MNIST test set.
    np.testing.assert_array_equal(np.bincount(test_labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    assert train_labels.max() == 9 and train_images.max() == 255
