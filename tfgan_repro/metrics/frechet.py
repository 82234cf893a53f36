"""Frechet and kernel distances between feature sets: FID, KID and the classifier Frechet distance.

All computations go through TF-GAN 2.1.0's eval code (loaded by `tfgan_repro.compat.tfgan`):

- Frechet distance (Heusel et al. 2017, TTUR):  |mu_a - mu_b|^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2)),
  Gaussian fits with unbiased covariances, in float64
  (`frechet_classifier_distance_from_activations`).
- Kernel distance (Binkowski et al. 2018, KID): the unbiased MMD^2 with the cubic polynomial kernel
  k(x, y) = (x.y / d + 1)^3, averaged over 100 random subsets of 1,000 features from each side
  (REPRODUCTION.md protocol); each subset is one TF-GAN block
  (`kernel_classifier_distance_from_activations` with max_block_size = subset size).

FID / KID use the Inception pool_3 features of `networks.inception_network` (protocol in its docstring).
The classifier Frechet distance is the same formula over a domain classifier's penultimate "features"
layer (e.g. the MNIST CNN): a separate, named metric, not FID. Report the reference split and the counts
with every number: FID depends on both (e.g. 10k test vs 10k generated).
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from tfgan_repro.metrics import networks
from tfgan_repro.metrics.inputs import SampleSource


def _tfgan_eval():
    from tfgan_repro.compat.tfgan import load

    return load()[0]


def _check_features(features_a, features_b) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(features_a, np.float64)
    b = np.asarray(features_b, np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"features must be [N, D] with the same D; got shapes {list(a.shape)} and {list(b.shape)}")
    if min(len(a), len(b)) < 2:
        raise ValueError(f"need at least 2 feature vectors per side; got {len(a)} and {len(b)}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("features contain NaN or inf")
    return a, b


def frechet_distance(features_a, features_b) -> float:
    """Frechet distance between Gaussian fits of two feature sets [N, D] and [M, D] (TF-GAN, float64)."""
    import tensorflow as tf

    a, b = _check_features(features_a, features_b)
    distance = _tfgan_eval().frechet_classifier_distance_from_activations(tf.constant(a), tf.constant(b))
    return float(distance)


def kernel_distance(
    features_a, features_b, *, num_subsets: int = 100, subset_size: int = 1000, seed: int = 0
) -> dict[str, float]:
    """KID: mean and std over `num_subsets` random subsets (each `subset_size` rows of each side, drawn without
    replacement within a subset) of the unbiased cubic-kernel MMD^2. With fewer rows than subset_size, the
    subset size shrinks to the smaller side, as in Binkowski et al.'s code."""
    import tensorflow as tf

    a, b = _check_features(features_a, features_b)
    size = min(subset_size, len(a), len(b))
    kid = _tfgan_eval().kernel_classifier_distance_from_activations

    @tf.function
    def one_subset(x, y):
        return kid(x, y, max_block_size=size)  # one block of `size`: the plain unbiased estimator

    rng = np.random.default_rng(seed)
    estimates = np.array(
        [
            float(
                one_subset(
                    tf.constant(a[rng.choice(len(a), size, replace=False)]),
                    tf.constant(b[rng.choice(len(b), size, replace=False)]),
                )
            )
            for _ in range(num_subsets)
        ]
    )
    return {
        "mean": float(estimates.mean()),
        "std": float(estimates.std()),
        "num_subsets": num_subsets,
        "subset_size": size,
    }


def frechet_inception_distance(
    real: SampleSource,
    fake: SampleSource,
    *,
    feature_fn: Optional[networks.FeatureFn] = None,
    inception_path: Optional[str] = None,
    batch_size: int = 250,
) -> float:
    """FID between two image sources in [-1, 1]. `feature_fn` replaces the Inception pool_3 network (tests use
    a tiny stand-in; any callable batch -> [batch, F] works)."""
    feature_fn = feature_fn or networks.inception_network(inception_path, networks.INCEPTION_POOL)
    return frechet_distance(
        networks.extract_features(feature_fn, real, batch_size=batch_size),
        networks.extract_features(feature_fn, fake, batch_size=batch_size),
    )


def kernel_inception_distance(
    real: SampleSource,
    fake: SampleSource,
    *,
    feature_fn: Optional[networks.FeatureFn] = None,
    inception_path: Optional[str] = None,
    batch_size: int = 250,
    num_subsets: int = 100,
    subset_size: int = 1000,
    seed: int = 0,
) -> dict[str, float]:
    """KID (mean, std over subsets) between two image sources, on Inception pool_3 features by default."""
    feature_fn = feature_fn or networks.inception_network(inception_path, networks.INCEPTION_POOL)
    return kernel_distance(
        networks.extract_features(feature_fn, real, batch_size=batch_size),
        networks.extract_features(feature_fn, fake, batch_size=batch_size),
        num_subsets=num_subsets,
        subset_size=subset_size,
        seed=seed,
    )


def classifier_frechet_distance(real: SampleSource, fake: SampleSource, classifier, *, batch_size: int = 1000) -> float:
    """Frechet distance between a domain classifier's penultimate features (layer "features") of two image
    sources, e.g. the MNIST CNN's 128-d features for 10k MNIST test images vs 10k samples."""
    real_features = networks.classifier_outputs(classifier, real, batch_size=batch_size, with_features=True)
    fake_features = networks.classifier_outputs(classifier, fake, batch_size=batch_size, with_features=True)
    return frechet_distance(real_features["features"], fake_features["features"])
