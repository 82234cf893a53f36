"""CIFAR-10 python batches: a well-formed batch loads; a crafted pickle is refused without running it."""

import os
import pickle

import numpy as np
import pytest

from tfgan_repro.data import cifar_files


def _write_batch(path, data, labels, key_type=str):
    with open(path, "wb") as handle:
        pickle.dump({key_type("data") if key_type is str else b"data": data,
                     key_type("labels") if key_type is str else b"labels": labels,
                     "batch_label": "training batch 1 of 5"}, handle)


@pytest.mark.parametrize("key_type", [str, bytes])
def test_a_well_formed_synthetic_batch_loads(tmp_path, key_type):
    data = np.arange(4 * 3072, dtype=np.int64).reshape(4, 3072).astype(np.uint8)
    _write_batch(tmp_path / "data_batch_1", data, [0, 3, 9, 1], key_type)
    images, labels = cifar_files.load_batch(tmp_path / "data_batch_1")
    assert images.shape == (4, 32, 32, 3) and images.dtype == np.uint8
    assert labels.tolist() == [0, 3, 9, 1]
    np.testing.assert_array_equal(images[1, :, :, 0].ravel(), data[1, :1024])  # channel-major rows -> NHWC


class _RunsACommand:
    def __reduce__(self):
        return (os.system, ("touch " + str(_RunsACommand.marker),))


def test_a_crafted_pickle_is_refused_without_running_it(tmp_path):
    _RunsACommand.marker = tmp_path / "pwned"
    (tmp_path / "data_batch_1").write_bytes(pickle.dumps({"data": _RunsACommand(), "labels": []}))
    with pytest.raises(ValueError, match="data_batch_1"):
        cifar_files.load_batch(tmp_path / "data_batch_1")
    assert not _RunsACommand.marker.exists()


@pytest.mark.parametrize("batch", [{"data": np.zeros((2, 100), np.uint8), "labels": [0, 1]},
                                   {"pixels": np.zeros((2, 3072), np.uint8)},
                                   {"data": np.zeros((2, 3072), np.uint8), "labels": [0]},
                                   [1, 2, 3]])
def test_a_malformed_batch_is_one_clear_error(tmp_path, batch):
    (tmp_path / "data_batch_1").write_bytes(pickle.dumps(batch))
    with pytest.raises(ValueError, match="not a CIFAR-10 python batch"):
        cifar_files.load_batch(tmp_path / "data_batch_1")


def test_missing_batches_are_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="CIFAR-10 not found"):
        cifar_files.load_cifar10_train(str(tmp_path))
    _write_batch(tmp_path / "data_batch_1", np.zeros((1, 3072), np.uint8), [0])
    with pytest.raises(FileNotFoundError, match="data_batch_2"):
        cifar_files.load_cifar10_train(str(tmp_path))
