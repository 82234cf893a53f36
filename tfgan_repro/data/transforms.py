"""Image transforms shared by the loaders: uint8 -> [-1, 1], center crops, resizes, shuffling.

Convention everywhere in tfgan_repro: images are float32 NHWC in [-1, 1], x = u8 / 127.5 - 1.
"""

from __future__ import annotations

from typing import Optional

import tensorflow as tf

# Shuffle buffer for image sets: large enough to mix an MNIST / CIFAR epoch well, small enough for CelebA.
SHUFFLE_BUFFER = 10_000


def to_unit_range(image: tf.Tensor) -> tf.Tensor:
    """uint8 [0, 255] (or float in that range) -> float32 [-1, 1]: x / 127.5 - 1.

    The clip only removes float rounding (255.00002 after a resize) so outputs never leave [-1, 1].
    """
    return tf.clip_by_value(tf.cast(image, tf.float32) / 127.5 - 1.0, -1.0, 1.0)


def to_uint8(image: tf.Tensor) -> tf.Tensor:
    """float [-1, 1] -> uint8, rounding to the nearest level (the inverse of to_unit_range)."""
    scaled = tf.round((tf.clip_by_value(tf.cast(image, tf.float32), -1.0, 1.0) + 1.0) * 127.5)
    return tf.cast(scaled, tf.uint8)


def center_crop(image: tf.Tensor, height: int, width: int) -> tf.Tensor:
    """The central height x width window of one HWC image."""
    shape = tf.shape(image)
    top = (shape[0] - height) // 2
    left = (shape[1] - width) // 2
    return image[top : top + height, left : left + width]


def center_crop_square(image: tf.Tensor) -> tf.Tensor:
    """The largest central square of one HWC image."""
    shape = tf.shape(image)
    side = tf.minimum(shape[0], shape[1])
    return center_crop(image, side, side)


def resize(image: tf.Tensor, size: int) -> tf.Tensor:
    """Bilinear resize to size x size with antialiasing (so downscaling averages instead of aliasing)."""
    return tf.image.resize(tf.cast(image, tf.float32), [size, size], method="bilinear", antialias=True)


def resize_shorter_side_and_crop(image: tf.Tensor, size: int) -> tf.Tensor:
    """Scale so the shorter side is `size`, then take the central size x size square (LSUN, image folders)."""
    return resize(center_crop_square(image), size)


def pad_to(image: tf.Tensor, size: int, value: float) -> tf.Tensor:
    """Pad an HWC image symmetrically to size x size (MNIST 28 -> 32 pads 2 on each side, as in mm-nsat)."""
    shape = tf.shape(image)
    pad_h = size - shape[0]
    pad_w = size - shape[1]
    paddings = [[pad_h // 2, pad_h - pad_h // 2], [pad_w // 2, pad_w - pad_w // 2], [0, 0]]
    return tf.pad(image, paddings, constant_values=value)


def finish(ds: tf.data.Dataset, seed: Optional[int], shuffle_buffer: int = SHUFFLE_BUFFER) -> tf.data.Dataset:
    """Seeded reshuffle-per-epoch shuffle when `seed` is not None (None keeps the stored order), then prefetch.

    The map calls before this are deterministic (tf.data's default), so a seed fixes the whole stream.
    """
    if seed is not None:
        ds = ds.shuffle(shuffle_buffer, seed=seed, reshuffle_each_iteration=True)
    return ds.prefetch(tf.data.AUTOTUNE)
