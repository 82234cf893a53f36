"""Datasets for the five papers: toy mixtures and manifolds, tfds image sets, local MNIST files, derived MNIST.

    from tfgan_repro import data
    ds = data.get_dataset("spiral12", std=0.1, seed=3)        # infinite stream of 2-D points
    truth = data.get_toy("spiral12", std=0.1)                  # .means, .stds, .weights for the metrics
    ds = data.get_dataset("stacked_mnist", with_labels=True)   # (image [32, 32, 3] in [-1, 1], mode id)

Every dataset is an unbatched tf.data.Dataset of float32 (images in [-1, 1]), deterministic for a given seed;
the caller batches. Where MNIST comes from (local LeCun files, env var, tfds) is in `data.mnist_files`.
Modules: toy (numpy mixtures), transforms, images (tfds + folders), mnist_files, derived (MNIST-built sets).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from tfgan_repro.data.toy import (  # numpy only: cheap to import
    FixedPointSet,
    GaussianMixture,
    LinearGaussian,
    circle5,
    grid25,
    line_manifold,
    moons,
    overcomplete_line,
    ring6_radius5,
    ring8,
    spiral12,
    two_cluster,
)

__all__ = [
    "FixedPointSet",
    "GaussianMixture",
    "LinearGaussian",
    "TOY_SETS",
    "circle5",
    "dataset_names",
    "get_dataset",
    "get_toy",
    "grid25",
    "line_manifold",
    "moons",
    "overcomplete_line",
    "ring6_radius5",
    "ring8",
    "spiral12",
    "two_cluster",
]

TOY_SETS: dict[str, Callable[..., Any]] = {
    "ring8": ring8,
    "spiral12": spiral12,
    "grid25": grid25,
    "ring6_radius5": ring6_radius5,
    "circle5": circle5,
    "two_cluster": two_cluster,
    "moons": moons,
    "line_manifold": line_manifold,
    "overcomplete_line": overcomplete_line,
}

# name -> (module, function, fixed keyword arguments); modules that import TensorFlow load on first use.
_IMAGE_SETS: dict[str, tuple[str, str, dict]] = {
    "mnist": ("images", "mnist", {}),
    "cifar10": ("images", "cifar10", {}),
    "stl10": ("images", "stl10", {}),
    "celeba": ("images", "celeba", {}),
    "lsun_church": ("images", "lsun", {"category": "church_outdoor"}),
    "lsun_tower": ("images", "lsun", {"category": "tower"}),
    "image_folder": ("images", "image_folder", {}),
    "stacked_mnist": ("derived", "stacked_mnist", {}),
    "color_mnist": ("derived", "color_mnist", {}),
    "compositional_mnist": ("derived", "compositional_mnist", {}),
    "mnist_class_subset": ("derived", "mnist_class_subset", {}),
}

_TOY_STREAM_PARAMS = ("seed", "with_mode_ids")


def dataset_names() -> list[str]:
    return sorted([*TOY_SETS, *_IMAGE_SETS])


def get_toy(name: str, **params):
    """The toy distribution object (true means / stds / weights or generating parameters) named `name`."""
    if name not in TOY_SETS:
        raise ValueError(f"unknown toy set {name!r}; valid: {', '.join(sorted(TOY_SETS))}")
    return TOY_SETS[name](**params)


def get_dataset(name: str, **params):
    """The tf.data.Dataset named `name`. Toy sets take their constructor's parameters plus `seed` and
    `with_mode_ids` for the stream; image sets take their loader's keyword arguments."""
    if name in TOY_SETS:
        stream = {key: params.pop(key) for key in _TOY_STREAM_PARAMS if key in params}
        if name in ("two_cluster",) and "seed" in stream:
            params.setdefault("seed", stream["seed"])  # the fixed points are drawn from the same seed
        return get_toy(name, **params).dataset(**stream)
    if name in _IMAGE_SETS:
        module_name, function_name, fixed = _IMAGE_SETS[name]
        module = importlib.import_module(f"tfgan_repro.data.{module_name}")
        return getattr(module, function_name)(**fixed, **params)
    raise ValueError(f"unknown dataset {name!r}; valid: {', '.join(dataset_names())}")


def __getattr__(name: str):
    # Lazy access to the TF-backed modules and their public functions: `data.images`, `data.stacked_mnist`.
    for module_name in ("images", "derived", "transforms", "mnist_files"):
        if name == module_name:
            return importlib.import_module(f"tfgan_repro.data.{module_name}")
    for module_name, function_name, _ in _IMAGE_SETS.values():
        if name == function_name:
            return getattr(importlib.import_module(f"tfgan_repro.data.{module_name}"), name)
    if name in ("load_mnist_arrays", "find_mnist_dir"):
        return getattr(importlib.import_module("tfgan_repro.data.mnist_files"), name)
    if name in ("mnist_arrays", "arrays_dataset"):
        return getattr(importlib.import_module("tfgan_repro.data.images"), name)
    if name in ("compositional_mode_probabilities", "COMPOSITIONAL_DIGIT_PROBS"):
        return getattr(importlib.import_module("tfgan_repro.data.derived"), name)
    raise AttributeError(f"module 'tfgan_repro.data' has no attribute {name!r}")
