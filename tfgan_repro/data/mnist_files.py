"""MNIST from the four official LeCun .gz files in a local folder, checked by MD5 (for offline machines).

Where the files are looked for, first hit wins:

1. the folder passed explicitly (`data_dir=` / the runner's `--data-dir`): either the folder holding the four
   files or a folder with an `mnist/` subfolder holding them. An explicit folder without the files is an error;
   it never falls back silently to another copy.
2. `$TFGAN_REPRO_DATA/mnist`, then `$TFGAN_REPRO_DATA` itself.
3. `../shared/data/mnist` relative to the repository root (this workplace's read-only copy).

If none has them, `find_mnist_dir` returns None and `data.images.mnist` falls back to tensorflow-datasets.
Each file is verified against its published MD5 (the same files tfds' `mnist` builder downloads) before use;
a missing or corrupt file raises a one-line FileNotFoundError / ValueError naming the file.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from typing import Optional

import numpy as np

ENV_VAR = "TFGAN_REPRO_DATA"

MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
_SPLIT_PREFIX = {"train": "train", "test": "t10k"}
_IMAGES_MAGIC = 2051
_LABELS_MAGIC = 2049

_REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED_MNIST_DIR = os.path.normpath(os.path.join(_REPO_ROOT, "..", "shared", "data", "mnist"))


def _has_all_files(folder: str) -> bool:
    return all(os.path.isfile(os.path.join(folder, name)) for name in MNIST_FILES)


def find_mnist_dir(data_dir: Optional[str] = None) -> Optional[str]:
    """The folder holding the four LeCun files, by the search order in the module docstring, or None.

    Raises FileNotFoundError when `data_dir` is given but neither it nor `data_dir/mnist` has all four files.
    """
    if data_dir is not None:
        for folder in (os.path.join(data_dir, "mnist"), data_dir):
            if _has_all_files(folder):
                return folder
        missing = [name for name in MNIST_FILES if not os.path.isfile(os.path.join(data_dir, name))]
        raise FileNotFoundError(f"MNIST files missing in {data_dir} (and {data_dir}/mnist): {', '.join(missing)}")
    env_dir = os.environ.get(ENV_VAR)
    candidates = [os.path.join(env_dir, "mnist"), env_dir] if env_dir else []
    candidates.append(SHARED_MNIST_DIR)
    for folder in candidates:
        if _has_all_files(folder):
            return folder
    return None


def file_md5(path: str) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_mnist_file(folder: str, name: str) -> str:
    """Path of `name` in `folder` after checking it exists and matches its published MD5."""
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"MNIST file missing: {path}")
    actual = file_md5(path)
    if actual != MNIST_FILES[name]:
        raise ValueError(f"MNIST file corrupt: {path} has MD5 {actual}, expected {MNIST_FILES[name]}")
    return path


def parse_idx(data: bytes, expected_magic: int, source: str) -> np.ndarray:
    """Decode an IDX byte string: big-endian magic, then one uint32 per dimension, then uint8 payload."""
    if len(data) < 8:
        raise ValueError(f"{source}: too short to be an IDX file")
    magic = int.from_bytes(data[:4], "big")
    if magic != expected_magic:
        raise ValueError(f"{source}: IDX magic {magic}, expected {expected_magic}")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    payload = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if payload.size != int(np.prod(dims)):
        raise ValueError(f"{source}: payload has {payload.size} bytes, header says {dims}")
    return payload.reshape(dims)


def load_mnist_arrays(
    folder: Optional[str] = None, split: str = "train", *, verify: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 [N, 28, 28], labels uint8 [N]) of `split` ('train': 60,000, 'test': 10,000).

    `folder`: where the .gz files are (search order in the module docstring when None).
    `verify`: check the MD5s (turn off only for synthetic files in tests).
    """
    if split not in _SPLIT_PREFIX:
        raise ValueError(f"split must be one of {sorted(_SPLIT_PREFIX)}, got {split!r}")
    resolved = find_mnist_dir(folder)
    if resolved is None:
        raise FileNotFoundError(
            f"MNIST files not found: pass data_dir, set ${ENV_VAR}, or place them in {SHARED_MNIST_DIR}"
        )
    prefix = _SPLIT_PREFIX[split]
    arrays = []
    for kind, magic in (("images-idx3", _IMAGES_MAGIC), ("labels-idx1", _LABELS_MAGIC)):
        name = f"{prefix}-{kind}-ubyte.gz"
        path = verify_mnist_file(resolved, name) if verify else os.path.join(resolved, name)
        try:
            with gzip.open(path, "rb") as handle:
                raw = handle.read()
        except (OSError, EOFError) as error:
            raise ValueError(f"MNIST file corrupt: {path} ({error})") from None
        arrays.append(parse_idx(raw, magic, path))
    images, labels = arrays
    if images.shape[0] != labels.shape[0] or images.shape[1:] != (28, 28):
        raise ValueError(f"MNIST {split}: images {images.shape} do not match labels {labels.shape}")
    return images, labels
