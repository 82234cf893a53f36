"""Image sets through tensorflow-datasets (MNIST, CIFAR-10, STL-10, CelebA, LSUN) and a plain image folder.

Every loader returns an unbatched tf.data.Dataset of float32 HWC images in [-1, 1], or (image, int32 label)
with `with_labels=True` where the set has class labels. `seed` shuffles deterministically (a new order each
epoch); `seed=None` keeps the stored order (for evaluation). `data_dir` passes through to `tfds.load`.

| loader                 | tfds name            | output     | preprocessing                                     |
|------------------------|----------------------|------------|---------------------------------------------------|
| mnist()                | mnist / LeCun files  | 28 or 32   | optional zero-pad 28 -> 32 (000 pads with -1)     |
| cifar10()              | cifar10              | 32x32x3    | none                                              |
| stl10()                | stl10 (unlabelled)   | 48x48x3    | 96 -> 48 bilinear, antialiased (SNGAN / RS-GAN)   |
| celeba()               | celeb_a              | 64x64x3    | central 108x108 crop (DCGAN convention), -> 64    |
| lsun(category)         | lsun/church_outdoor, lsun/tower | 64x64x3 | central square, -> 64                    |
| image_folder(path)     | (CAT, FFHQ: files)   | size       | central square, -> size                           |
"""

from __future__ import annotations

import os
from typing import Optional, Sequence

import numpy as np
import tensorflow as tf

from tfgan_repro.data import mnist_files, transforms

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif")
LSUN_CATEGORIES = ("church_outdoor", "tower")


def _tfds():
    # tensorflow_datasets is imported on first use: it is slow to import and toy-only runs never need it.
    import tensorflow_datasets as tfds

    return tfds


def _from_tfds(
    name: str,
    split: str,
    data_dir: Optional[str],
    preprocess,
    seed: Optional[int],
    with_labels: bool,
) -> tf.data.Dataset:
    """tfds.load in stored order, preprocess the 'image' feature, optionally keep 'label', then shuffle."""
    ds = _tfds().load(name, split=split, data_dir=data_dir, shuffle_files=False)

    def convert(example):
        image = transforms.to_unit_range(preprocess(example["image"]))
        if with_labels:
            return image, tf.cast(example["label"], tf.int32)
        return image

    return transforms.finish(ds.map(convert, num_parallel_calls=tf.data.AUTOTUNE), seed)


# ----------------------------------------------------------------------------------------------- MNIST


def mnist_arrays(
    split: str = "train", data_dir: Optional[str] = None, source: str = "auto"
) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 [N, 28, 28], labels int64 [N]) from the local LeCun files or tfds.

    source: 'files' (mnist_files search order, MD5-checked), 'tfds', or 'auto' (files when found, else tfds
    with `data_dir` as its data_dir).
    """
    folder = _mnist_folder(data_dir, source)
    if folder is not None:
        images, labels = mnist_files.load_mnist_arrays(folder, split)
        return images, labels.astype(np.int64)
    ds = _tfds().load("mnist", split=split, data_dir=data_dir, shuffle_files=False)
    images, labels = [], []
    for batch in ds.batch(10_000).as_numpy_iterator():  # (batch_size=-1 aborts under tfds' mock_data)
        images.append(batch["image"][..., 0])
        labels.append(batch["label"])
    return np.concatenate(images), np.concatenate(labels).astype(np.int64)


def _mnist_folder(data_dir: Optional[str], source: str) -> Optional[str]:
    if source == "files":
        folder = mnist_files.find_mnist_dir(data_dir)
        if folder is None:
            raise FileNotFoundError(
                f"MNIST files not found: pass data_dir, set ${mnist_files.ENV_VAR}, "
                f"or place them in {mnist_files.SHARED_MNIST_DIR}"
            )
        return folder
    if source == "tfds":
        return None
    if source == "auto":
        try:
            return mnist_files.find_mnist_dir(data_dir)
        except FileNotFoundError:  # an explicit data_dir without the .gz files is a tfds data_dir
            return None
    raise ValueError(f"source must be 'auto', 'files' or 'tfds', got {source!r}")


def mnist(
    split: str = "train",
    *,
    pad_to_32: bool = False,
    data_dir: Optional[str] = None,
    source: str = "auto",
    seed: Optional[int] = 0,
    with_labels: bool = False,
) -> tf.data.Dataset:
    """MNIST [28, 28, 1] (or [32, 32, 1] zero-padded: background -1, as 000's code pads) in [-1, 1]."""
    folder = _mnist_folder(data_dir, source)
    if folder is None:

        def preprocess(image):
            return transforms.pad_to(image, 32, 0) if pad_to_32 else image

        return _from_tfds("mnist", split, data_dir, preprocess, seed, with_labels)
    images, labels = mnist_files.load_mnist_arrays(folder, split)
    return arrays_dataset(
        images[..., None], labels, pad_to=32 if pad_to_32 else None, seed=seed, with_labels=with_labels
    )


def arrays_dataset(
    images: np.ndarray,
    labels: Optional[np.ndarray] = None,
    *,
    pad_to: Optional[int] = None,
    seed: Optional[int] = 0,
    with_labels: bool = False,
) -> tf.data.Dataset:
    """A dataset over in-memory uint8 NHWC images (kept uint8 in memory; converted to [-1, 1] per element)."""
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 4:
        raise ValueError(f"images must be uint8 [N, H, W, C], got {images.dtype} {images.shape}")
    if with_labels and labels is None:
        raise ValueError("with_labels=True needs labels")
    elements = (images, np.asarray(labels, np.int32)) if with_labels else images
    ds = tf.data.Dataset.from_tensor_slices(elements)

    def convert(image, *label):
        if pad_to is not None:
            image = transforms.pad_to(image, pad_to, 0)
        image = transforms.to_unit_range(image)
        return (image, label[0]) if label else image

    return transforms.finish(ds.map(convert, num_parallel_calls=tf.data.AUTOTUNE), seed)


# ------------------------------------------------------------------------------------------ other tfds sets


def cifar10(
    split: str = "train", *, data_dir: Optional[str] = None, seed: Optional[int] = 0, with_labels: bool = False
) -> tf.data.Dataset:
    """CIFAR-10 [32, 32, 3] in [-1, 1]; labels 0..9."""
    return _from_tfds("cifar10", split, data_dir, lambda image: image, seed, with_labels)


def stl10(
    split: str = "unlabelled",
    *,
    size: int = 48,
    data_dir: Optional[str] = None,
    seed: Optional[int] = 0,
    with_labels: bool = False,
) -> tf.data.Dataset:
    """STL-10 96x96 downscaled to size x size (48 for SNGAN-style runs, as in 004). The 'unlabelled' split
    (100k images, RS-GAN's choice) has label -1; use split='train' / 'test' for class labels."""
    return _from_tfds("stl10", split, data_dir, lambda image: transforms.resize(image, size), seed, with_labels)


def celeba(
    split: str = "train",
    *,
    size: int = 64,
    crop: int = 108,
    data_dir: Optional[str] = None,
    seed: Optional[int] = 0,
) -> tf.data.Dataset:
    """CelebA aligned faces (218x178): central crop x crop (108, DCGAN's convention), resized to size x size."""

    def preprocess(image):
        return transforms.resize(transforms.center_crop(image, crop, crop), size)

    return _from_tfds("celeb_a", split, data_dir, preprocess, seed, with_labels=False)


def lsun(
    category: str = "church_outdoor",
    split: str = "train",
    *,
    size: int = 64,
    data_dir: Optional[str] = None,
    seed: Optional[int] = 0,
) -> tf.data.Dataset:
    """LSUN church_outdoor or tower: central square of each photo, resized to size x size."""
    if category not in LSUN_CATEGORIES:
        raise ValueError(f"category must be one of {LSUN_CATEGORIES}, got {category!r}")

    def preprocess(image):
        return transforms.resize_shorter_side_and_crop(image, size)

    return _from_tfds(f"lsun/{category}", split, data_dir, preprocess, seed, with_labels=False)


# ---------------------------------------------------------------------------------------------- folders


def list_images(folder: str, extensions: Sequence[str] = IMAGE_EXTENSIONS) -> list[str]:
    """Sorted image paths under `folder` (recursively), so the order is the same on every machine."""
    paths = []
    for root, _, names in os.walk(folder):
        paths.extend(os.path.join(root, name) for name in names if name.lower().endswith(tuple(extensions)))
    if not paths:
        raise FileNotFoundError(f"no images ({', '.join(extensions)}) under {folder}")
    return sorted(paths)


def image_folder(
    folder: str,
    *,
    size: int = 64,
    channels: int = 3,
    seed: Optional[int] = 0,
    extensions: Sequence[str] = IMAGE_EXTENSIONS,
) -> tf.data.Dataset:
    """Every image under `folder` (CAT, FFHQ exported to files): central square, resized to size x size."""
    paths = list_images(folder, extensions)

    def load(path):
        image = tf.io.decode_image(tf.io.read_file(path), channels=channels, expand_animations=False)
        image = transforms.resize_shorter_side_and_crop(image, size)
        return transforms.to_unit_range(tf.clip_by_value(tf.round(image), 0.0, 255.0))

    ds = tf.data.Dataset.from_tensor_slices(paths)
    if seed is not None:  # shuffle the cheap paths, not decoded images
        ds = ds.shuffle(len(paths), seed=seed, reshuffle_each_iteration=True)
    return ds.map(load, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
