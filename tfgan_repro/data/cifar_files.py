"""CIFAR-10 from the official python batches in a local folder (cifar-10-batches-py/), read safely.

The batches are pickles: dicts with keys "data", "labels", "batch_label", "filenames" holding a
uint8 array [10000, 3072], a list of ints, bytes and a list of bytes. A plain `pickle.load` would run
whatever a crafted file in the data folder holds, so `RestrictedUnpickler` admits only the classes a numpy
array needs to unpickle (numpy's `_reconstruct`, `ndarray`, `dtype`) and raises a ValueError naming the file
for anything else; a batch with other keys or shapes is refused the same way.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Optional

import numpy as np

BATCH_FOLDER = "cifar-10-batches-py"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
IMAGE_VALUES = 3 * 32 * 32
DOWNLOAD_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"

# (module, name) pairs a numpy array's pickle refers to; numpy 2 moved numpy.core to numpy._core.
_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
}


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickles plain data and numpy arrays only; any other global raises pickle.UnpicklingError."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"global {module}.{name} is not allowed in a CIFAR-10 batch")


def load_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 [N, 32, 32, 3], labels int64 [N]) of one batch file; ValueError naming the file when it
    is not a well-formed CIFAR-10 batch (or refers to anything but numpy arrays)."""
    path = Path(path)
    try:
        # latin1: the official batches were written by Python 2 (its str keys and array bytes decode 1:1).
        batch = RestrictedUnpickler(io.BytesIO(path.read_bytes()), encoding="latin1").load()
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: not a CIFAR-10 python batch ({error})") from None
    if isinstance(batch, dict):  # keys are str (Python 2 files) or bytes (files written by Python 3)
        batch = {key.decode("latin1") if isinstance(key, bytes) else key: value for key, value in batch.items()}
    if not isinstance(batch, dict) or "data" not in batch or "labels" not in batch:
        keys = sorted(map(str, batch)) if isinstance(batch, dict) else type(batch).__name__
        raise ValueError(f"{path}: not a CIFAR-10 python batch (expected keys 'data' and 'labels', got {keys})")
    data, labels = np.asarray(batch["data"]), np.asarray(batch["labels"])
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != IMAGE_VALUES or labels.shape != (len(data),):
        raise ValueError(f"{path}: not a CIFAR-10 python batch (data {data.dtype} {list(data.shape)}, "
                         f"labels {list(labels.shape)}; expected uint8 [N, {IMAGE_VALUES}] and [N])")
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(f"{path}: CIFAR-10 labels must lie in 0..9")
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1), labels.astype(np.int64)


def find_batches(data_dir: Optional[str]) -> Optional[Path]:
    """The folder holding data_batch_1: `data_dir/cifar-10-batches-py` or `data_dir` itself; None if neither."""
    if data_dir is None:
        return None
    for folder in (Path(data_dir) / BATCH_FOLDER, Path(data_dir)):
        if (folder / TRAIN_BATCHES[0]).is_file():
            return folder
    return None


def load_cifar10_train(data_dir: Optional[str]) -> tuple[np.ndarray, np.ndarray]:
    """CIFAR-10's 50,000 training images uint8 [N, 32, 32, 3] and labels; FileNotFoundError (one line) when
    the batches are not under `data_dir`."""
    folder = find_batches(data_dir)
    if folder is None:
        raise FileNotFoundError(f"CIFAR-10 not found: pass --data-dir DIR holding {BATCH_FOLDER}/ ({DOWNLOAD_URL})")
    missing = [name for name in TRAIN_BATCHES if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"CIFAR-10 batch {folder / missing[0]} is missing")
    images, labels = zip(*(load_batch(folder / name) for name in TRAIN_BATCHES))
    return np.concatenate(images), np.concatenate(labels)
