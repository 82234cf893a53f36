"""Sets built from MNIST digits: Stacked MNIST (MNIST-1K), Color MNIST, compositional MNIST, class subsets.

All take the base digits from `images.mnist_arrays` (local LeCun files or tfds) unless `arrays=(images uint8
[N, 28, 28], labels [N])` is given, keep them uint8 in memory, and compose each example inside tf.data, so a
60,000-example three-channel set costs no more memory than MNIST itself. Outputs are float32 in [-1, 1];
`with_labels=True` adds the int32 mode id described per set.

| set                      | paper | shape    | mode id             | recipe                                      |
|--------------------------|-------|----------|---------------------|---------------------------------------------|
| stacked_mnist            | 000   | 32x32x3  | c0 + 10 c1 + 100 c2 | channel 0 = image i, channels 1, 2 = images |
|                          |       |          |                     | p1[i], p2[i] (two fixed random permutations)|
| color_mnist              | 001   | 28x28x3  | c0 + 10 c1 + 100 c2 | Metz et al. 2016 (001's ref [15]): three    |
|                          |       |          |                     | independent uniform digits as R, G, B       |
| compositional_mnist(set) | 003   | 64x64x1  | 100 d0 + 10 d1 + d2 | 3 digits side by side, digit j drawn from   |
|                          |       |          |                     | COMPOSITIONAL_DIGIT_PROBS[set][j]           |
| mnist_class_subset       | 004   | 28 or 32 | the digit           | keep a fraction of each class               |
"""

from __future__ import annotations

from typing import Mapping, Optional

import numpy as np
import tensorflow as tf

from tfgan_repro.data import images as image_sets
from tfgan_repro.data import transforms

# ------------------------------------------------------------------ compositional MNIST: recorded choices
#
# 003 draws "digits with different probabilities" in 4 sets but never states them (UNKNOWN). Our choice:
# four sets of growing imbalance, with every one of the 1000 numbers still likely enough to appear in a
# 60,000-example training set (the rarest number has probability >= 2.7e-5, i.e. >= 1.6 expected copies;
# the set is drawn fresh, so p_train is exactly the product below, not an empirical count).
#   set 1: mild linear ramp, the same for all three positions      p(d) ~ 1 + d / 9      (1 .. 2)
#   set 2: steeper linear ramp, the same for all positions         p(d) ~ 1 + d / 3      (1 .. 4)
#   set 3: geometric decay, the same for all positions             p(d) ~ 0.8 ** d
#   set 4: a different law per position: ramp up, ramp down, geometric
_RAMP_MILD = 1.0 + np.arange(10) / 9.0
_RAMP_STEEP = 1.0 + np.arange(10) / 3.0
_GEOMETRIC = 0.8 ** np.arange(10)


def _normalise(rows) -> np.ndarray:
    rows = np.asarray(rows, np.float64)
    return rows / rows.sum(axis=1, keepdims=True)


COMPOSITIONAL_DIGIT_PROBS: dict[int, np.ndarray] = {
    1: _normalise([_RAMP_MILD] * 3),
    2: _normalise([_RAMP_STEEP] * 3),
    3: _normalise([_GEOMETRIC] * 3),
    4: _normalise([_RAMP_STEEP, _RAMP_STEEP[::-1], _GEOMETRIC]),
}

# Layout of a 64x64 compositional image: the central 22x22 of each 28x28 digit (MNIST digits sit in a 20x20
# box, so only empty margin is cut) is resized to 21x21 (three fit across 64) and placed on the middle row
# band. The metric cuts the same boxes out and undoes the resize, so digits reach the classifier at their
# usual scale (about 2% fewer misread numbers than shrinking whole 28x28 digits).
COMPOSITIONAL_SIZE = 64
COMPOSITIONAL_SOURCE_CROP = 22
COMPOSITIONAL_CELL = 21
COMPOSITIONAL_TOP = (COMPOSITIONAL_SIZE - COMPOSITIONAL_CELL) // 2
COMPOSITIONAL_LEFTS = (0, COMPOSITIONAL_CELL, 2 * COMPOSITIONAL_CELL)


def compositional_mode_probabilities(set_id: int) -> np.ndarray:
    """p_train over the 1000 numbers n = 100 d0 + 10 d1 + d2 of compositional set `set_id`: p0(d0) p1(d1) p2(d2)."""
    probs = _compositional_probs(set_id)
    return np.einsum("i,j,k->ijk", probs[0], probs[1], probs[2]).reshape(1000)


def _compositional_probs(set_id: int) -> np.ndarray:
    if set_id not in COMPOSITIONAL_DIGIT_PROBS:
        raise ValueError(f"compositional set must be one of {sorted(COMPOSITIONAL_DIGIT_PROBS)}, got {set_id!r}")
    return COMPOSITIONAL_DIGIT_PROBS[set_id]


# --------------------------------------------------------------------------------------------- helpers


def _base_arrays(arrays, split: str, data_dir: Optional[str], source: str) -> tuple[np.ndarray, np.ndarray]:
    if arrays is None:
        arrays = image_sets.mnist_arrays(split, data_dir, source)
    digits, labels = np.asarray(arrays[0]), np.asarray(arrays[1]).astype(np.int64)
    if digits.ndim == 4 and digits.shape[-1] == 1:
        digits = digits[..., 0]
    if digits.dtype != np.uint8 or digits.ndim != 3 or len(digits) != len(labels):
        raise ValueError(
            f"arrays must be (uint8 [N, H, W], labels [N]); got {digits.dtype} {digits.shape}, {labels.shape}"
        )
    return digits, labels


def _channel_stack_dataset(
    digits: np.ndarray, triples: np.ndarray, mode_ids: np.ndarray, seed: Optional[int], with_labels: bool
) -> tf.data.Dataset:
    """Example n = the digits triples[n] stacked as channels (kept uint8, composed per element)."""
    table = tf.constant(digits)
    elements = (triples.astype(np.int32), mode_ids.astype(np.int32))

    def compose(triples, mode_ids):  # a block of examples at once: one gather instead of one per example
        images = transforms.to_unit_range(tf.transpose(tf.gather(table, triples), [0, 2, 3, 1]))
        return (images, mode_ids) if with_labels else images

    return _blockwise(elements, compose, seed)


# Derived examples are composed in blocks of this many (then unbatched): per-example map calls would make
# labelling 26,000 Stacked MNIST samples pipeline-bound.
_COMPOSE_BLOCK = 256


def _blockwise(elements, compose, seed: Optional[int]) -> tf.data.Dataset:
    """Shuffle the cheap index elements (seeded), compose blocks of examples, then unbatch."""
    ds = tf.data.Dataset.from_tensor_slices(elements)
    if seed is not None:
        ds = ds.shuffle(len(elements[0]), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(_COMPOSE_BLOCK).map(compose, num_parallel_calls=tf.data.AUTOTUNE).unbatch()
    return ds.prefetch(tf.data.AUTOTUNE)


def _pad28to32(digits: np.ndarray) -> np.ndarray:
    return np.pad(digits, ((0, 0), (2, 2), (2, 2)), constant_values=0)


# ------------------------------------------------------------------------------------------- the sets


def stacked_mnist_triples(num_images: int, permutation_seed: int = 0) -> np.ndarray:
    """[N, 3] digit indices: (i, p1[i], p2[i]) with p1, p2 two fixed random permutations (000's MNIST-1K)."""
    rng = np.random.default_rng(permutation_seed)
    return np.stack([np.arange(num_images), rng.permutation(num_images), rng.permutation(num_images)], axis=1)


def stacked_mnist_arrays(digits: np.ndarray, labels: np.ndarray, permutation_seed: int = 0) -> tuple:
    """Stacked MNIST in memory: (uint8 [N, 32, 32, 3] images, int64 mode ids c0 + 10 c1 + 100 c2) from MNIST
    digits [N, 28, 28] or already padded [N, 32, 32(, 1)], with the triples of `stacked_mnist_triples`."""
    digits = np.asarray(digits)
    digits = digits[..., 0] if digits.ndim == 4 else digits
    padded = _pad28to32(digits) if digits.shape[1:] == (28, 28) else digits
    triples = stacked_mnist_triples(len(padded), permutation_seed)
    labels = np.asarray(labels, np.int64)
    images = np.stack([padded[triples[:, c]] for c in range(3)], axis=-1)
    return images, labels[triples[:, 0]] + 10 * labels[triples[:, 1]] + 100 * labels[triples[:, 2]]


def stacked_mnist(
    split: str = "train",
    *,
    permutation_seed: int = 0,
    seed: Optional[int] = 0,
    with_labels: bool = False,
    data_dir: Optional[str] = None,
    source: str = "auto",
    arrays=None,
) -> tf.data.Dataset:
    """Stacked MNIST / MNIST-1K (000): 32x32x3, channel 0 = padded image i, channels 1, 2 = images p1[i], p2[i];
    mode id c0 + 10 c1 + 100 c2 from the digits' labels. `permutation_seed` fixes the set, `seed` its order."""
    digits, labels = _base_arrays(arrays, split, data_dir, source)
    triples = stacked_mnist_triples(len(digits), permutation_seed)
    mode_ids = labels[triples[:, 0]] + 10 * labels[triples[:, 1]] + 100 * labels[triples[:, 2]]
    return _channel_stack_dataset(_pad28to32(digits), triples, mode_ids, seed, with_labels)


def color_mnist(
    split: str = "train",
    *,
    num_examples: Optional[int] = None,
    draw_seed: int = 0,
    seed: Optional[int] = 0,
    with_labels: bool = False,
    data_dir: Optional[str] = None,
    source: str = "auto",
    arrays=None,
) -> tf.data.Dataset:
    """Color MNIST as 001 cites it (Metz et al. 2016, 'Unrolled GANs'): 28x28x3, each RGB channel an MNIST digit
    drawn independently and uniformly (indices fixed by `draw_seed`); mode id c0 + 10 c1 + 100 c2.

    Recorded choice: 001 gives no recipe beyond the citation; its figures' "color mode collapse" fits this
    channel-stacking construction. `num_examples` defaults to the split's size.
    """
    digits, labels = _base_arrays(arrays, split, data_dir, source)
    n = len(digits) if num_examples is None else int(num_examples)
    triples = np.random.default_rng(draw_seed).integers(0, len(digits), size=(n, 3))
    mode_ids = labels[triples[:, 0]] + 10 * labels[triples[:, 1]] + 100 * labels[triples[:, 2]]
    return _channel_stack_dataset(digits, triples, mode_ids, seed, with_labels)


def compositional_digits(
    set_id: int, num_examples: int, labels: np.ndarray, draw_seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """([N, 3] digit classes, [N, 3] image indices) for compositional set `set_id`: position j's class from
    COMPOSITIONAL_DIGIT_PROBS[set_id][j], then a uniformly chosen image of that class."""
    probs = _compositional_probs(set_id)
    rng = np.random.default_rng(draw_seed)
    classes = np.stack([rng.choice(10, size=num_examples, p=probs[j]) for j in range(3)], axis=1)
    pools = [np.flatnonzero(labels == digit) for digit in range(10)]
    for digit, pool in enumerate(pools):
        if len(pool) == 0 and np.any(classes == digit):
            raise ValueError(f"no MNIST image of digit {digit} to compose with")
    picks = rng.random((num_examples, 3))
    indices = np.zeros_like(classes)
    for digit, pool in enumerate(pools):
        where = classes == digit
        indices[where] = pool[(picks[where] * len(pool)).astype(np.int64)] if len(pool) else 0
    return classes, indices


def compositional_mnist(
    set_id: int = 1,
    split: str = "train",
    *,
    num_examples: int = 60_000,
    draw_seed: int = 0,
    seed: Optional[int] = 0,
    with_labels: bool = False,
    data_dir: Optional[str] = None,
    source: str = "auto",
    arrays=None,
) -> tf.data.Dataset:
    """Compositional MNIST (003): three digits, each cut to its central 22x22 and resized to 21x21, side by side
    in a 64x64x1 image; the
    number 100 d0 + 10 d1 + d2 is the mode id (1000 modes, p_train = compositional_mode_probabilities)."""
    digits, labels = _base_arrays(arrays, split, data_dir, source)
    classes, indices = compositional_digits(set_id, num_examples, labels, draw_seed)
    margin = (digits.shape[1] - COMPOSITIONAL_SOURCE_CROP) // 2
    cropped = digits[:, margin : margin + COMPOSITIONAL_SOURCE_CROP, margin : margin + COMPOSITIONAL_SOURCE_CROP]
    small = tf.image.resize(cropped[..., None].astype(np.float32), [COMPOSITIONAL_CELL] * 2, antialias=True)
    table = tf.constant(np.clip(np.round(small.numpy()[..., 0]), 0, 255).astype(np.uint8))
    mode_ids = 100 * classes[:, 0] + 10 * classes[:, 1] + classes[:, 2]
    pad = [
        [COMPOSITIONAL_TOP, COMPOSITIONAL_SIZE - COMPOSITIONAL_TOP - COMPOSITIONAL_CELL],
        [COMPOSITIONAL_LEFTS[0], COMPOSITIONAL_SIZE - COMPOSITIONAL_LEFTS[0] - 3 * COMPOSITIONAL_CELL],
    ]

    def compose(triples, mode_ids):
        cells = tf.gather(table, triples)  # [B, 3, 21, 21]
        strips = tf.concat(tf.unstack(cells, axis=1), axis=2)  # [B, 21, 63]: digits left to right
        images = transforms.to_unit_range(tf.pad(strips, [[0, 0]] + pad)[..., None])
        return (images, mode_ids) if with_labels else images

    return _blockwise((indices.astype(np.int32), mode_ids.astype(np.int32)), compose, seed)


def class_subset_indices(labels: np.ndarray, proportions: Mapping[int, float]) -> np.ndarray:
    """Indices kept when class c keeps the first floor(count_c * proportions[c]) of its examples in stored order
    (RS-GAN's ImbalancedMNIST) and classes not named are dropped. Sorted, so the stored order survives."""
    labels = np.asarray(labels)
    kept = []
    for label, fraction in proportions.items():
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"proportion for class {label} must be in [0, 1], got {fraction}")
        members = np.flatnonzero(labels == label)
        kept.append(members[: int(len(members) * fraction)])
    return np.sort(np.concatenate(kept)) if kept else np.zeros(0, np.int64)


def mnist_class_subset(
    proportions: Mapping[int, float] = None,
    split: str = "train",
    *,
    pad_to_32: bool = False,
    seed: Optional[int] = 0,
    with_labels: bool = False,
    data_dir: Optional[str] = None,
    source: str = "auto",
    arrays=None,
) -> tf.data.Dataset:
    """MNIST restricted to some classes at set proportions. Default: 004's imbalanced set, only 5s and 7s with
    the 5s cut to 20% (5 : 7 about 1 : 5); {5: 1.0, 7: 1.0} is its balanced control."""
    proportions = {5: 0.2, 7: 1.0} if proportions is None else dict(proportions)
    digits, labels = _base_arrays(arrays, split, data_dir, source)
    keep = class_subset_indices(labels, proportions)
    return image_sets.arrays_dataset(
        digits[keep][..., None], labels[keep], pad_to=32 if pad_to_32 else None, seed=seed, with_labels=with_labels
    )
