"""Input handling shared by the metrics: batch iteration over any sample source, and one-line input checks.

A *sample source* is any of: a numpy array or tf.Tensor [N, ...]; a tf.data.Dataset whose elements are
batches (batch it first; a tuple element contributes its first component, e.g. (images, labels)); or any
iterable of batches (e.g. a Python generator drawing from G). Metrics stream over it, so 50,000 generated
images never need to be in memory at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence, Union

import numpy as np

if TYPE_CHECKING:  # annotations only: TensorFlow is imported by the metrics that need it
    import tensorflow as tf

SampleSource = Union[np.ndarray, "tf.Tensor", "tf.data.Dataset", Iterable]

# Generators ending in tanh land exactly on +-1, but float32 arithmetic (e.g. a resize) can overshoot by an
# ulp or two; anything further out is a scaling mistake (uint8 or [0, 1] images), which the check is for.
RANGE_TOLERANCE = 1e-4


def _first_component(element):
    if isinstance(element, dict):
        raise ValueError(f"dict elements are ambiguous; map the dataset to images first (keys {sorted(element)})")
    if isinstance(element, (tuple, list)):
        return element[0]
    return element


def iter_batches(samples: SampleSource, batch_size: int = 500) -> Iterator[np.ndarray]:
    """Yields numpy batches from a sample source (see module docstring); arrays are sliced into batch_size."""
    if hasattr(samples, "numpy") and hasattr(samples, "shape") and not hasattr(samples, "element_spec"):
        samples = samples.numpy()
    if isinstance(samples, np.ndarray):
        for start in range(0, len(samples), batch_size):
            yield samples[start : start + batch_size]
        return
    if hasattr(samples, "element_spec"):  # tf.data.Dataset
        samples = samples.as_numpy_iterator()
    for element in samples:
        batch = _first_component(element)
        yield batch.numpy() if hasattr(batch, "numpy") else np.asarray(batch)


def collect(samples: SampleSource, limit: Optional[int] = None, batch_size: int = 500) -> np.ndarray:
    """All samples of a source (or its first `limit`) as one numpy array."""
    batches, count = [], 0
    for batch in iter_batches(samples, batch_size):
        batches.append(batch)
        count += len(batch)
        if limit is not None and count >= limit:
            break
    if not batches:
        raise ValueError("the sample source is empty")
    stacked = np.concatenate(batches)
    return stacked if limit is None else stacked[:limit]


def check_images(
    batch: np.ndarray, shape: Optional[Sequence[Optional[int]]] = None, name: str = "images"
) -> np.ndarray:
    """`batch` as float32 [N, H, W, C] after checking rank, per-image `shape` (None entries: any) and the
    [-1, 1] range. Raises a one-line ValueError naming what is wrong."""
    batch = np.asarray(batch)
    if batch.ndim != 4:
        raise ValueError(f"{name} must be a batch [N, H, W, C]; got shape {tuple(batch.shape)}")
    if shape is not None:
        expected = tuple(shape)
        if len(expected) != 3 or any(e is not None and e != a for e, a in zip(expected, batch.shape[1:])):
            shown = "[N, " + ", ".join("?" if e is None else str(e) for e in expected) + "]"
            raise ValueError(f"{name} must have shape {shown}; got {list(batch.shape)}")
    return check_range(batch, name)


def check_range(batch: np.ndarray, name: str = "images", low: float = -1.0, high: float = 1.0) -> np.ndarray:
    """float32 `batch` after checking it is finite and inside [low, high] (within RANGE_TOLERANCE)."""
    batch = np.asarray(batch, dtype=np.float32)
    if batch.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(batch)):
        raise ValueError(f"{name} contain NaN or inf")
    lowest, highest = float(batch.min()), float(batch.max())
    if lowest < low - RANGE_TOLERANCE or highest > high + RANGE_TOLERANCE:
        raise ValueError(
            f"{name} must lie in [{low:g}, {high:g}]; got values in [{lowest:.4g}, {highest:.4g}]"
            " (map uint8 images with x / 127.5 - 1)"
        )
    return batch


def check_points(points, dim: Optional[int] = None, name: str = "samples") -> np.ndarray:
    """float64 [N, dim] points (a 1-D array is N points of dimension 1), finite."""
    points = np.asarray(points, dtype=np.float64)
    if points.ndim == 1:
        points = points[:, None]
    if points.ndim != 2 or (dim is not None and points.shape[1] != dim):
        wanted = f"[N, {dim}]" if dim is not None else "[N, dim]"
        raise ValueError(f"{name} must have shape {wanted}; got {list(points.shape)}")
    if not np.all(np.isfinite(points)):
        raise ValueError(f"{name} contain NaN or inf")
    return points


def check_labels(labels, num_classes: int, name: str = "labels") -> np.ndarray:
    """int64 [N] labels after checking they are integers in [0, num_classes)."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class ids; got shape {list(labels.shape)}")
    if labels.size and not np.issubdtype(labels.dtype, np.integer):
        if not np.all(labels == np.round(labels)):
            raise ValueError(f"{name} must be integer class ids; got dtype {labels.dtype}")
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"{name} must lie in [0, {num_classes}); got values in [{labels.min()}, {labels.max()}]")
    return labels
