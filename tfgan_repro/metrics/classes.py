"""Metrics of a classifier's view of generated samples: Inception Score, DJSCD and MODE score.

- Inception Score (Salimans et al. 2016): exp(E_x KL(p(y|x) || p(y))), p(y) the mean of p(y|x) over the
  split; 50,000 samples in 10 splits, mean and std over splits. Computed per split by TF-GAN's
  `classifier_score_from_logits`.
- DJSCD (000, eq 12 and App. I): base-2 Jensen-Shannon divergence between the class frequencies of real data
  and those of generated samples labelled by a trained classifier (argmax). In [0, 1]; 0.758 when all samples
  fall in one of 10 balanced classes. 50,000 generated samples.
- MODE score (003, eq 4): exp(E_x KL(p(y|x) || p_train(y)) - KL(p_gen(y) || p_train(y))), p_gen the mean of
  p(y|x) over generated samples, p_train the training label distribution.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from tfgan_repro.metrics import networks
from tfgan_repro.metrics.divergences import frequencies, js_divergence, kl_divergence
from tfgan_repro.metrics.inputs import SampleSource, check_labels


def softmax(logits) -> np.ndarray:
    """Row-wise softmax in float64."""
    logits = np.asarray(logits, np.float64)
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def inception_score_from_logits(logits, num_splits: int = 10) -> dict[str, float]:
    """Mean and std over `num_splits` equal splits of exp(E_x KL(p(y|x) || p(y))) (TF-GAN, float64).

    Rows beyond a multiple of num_splits are dropped, as in the original implementation's splitting."""
    import tensorflow as tf

    from tfgan_repro.compat.tfgan import load

    logits = np.asarray(logits, np.float64)
    if logits.ndim != 2 or len(logits) < num_splits:
        raise ValueError(f"logits must be [N, K] with N >= num_splits={num_splits}; got shape {list(logits.shape)}")
    split_size = len(logits) // num_splits
    score = load()[0].classifier_score_from_logits
    scores = np.array(
        [float(score(tf.constant(logits[i * split_size : (i + 1) * split_size]))) for i in range(num_splits)]
    )
    return {
        "mean": float(scores.mean()),
        "std": float(scores.std()),
        "num_splits": num_splits,
        "split_size": split_size,
    }


def inception_score(
    samples: SampleSource,
    *,
    logits_fn: Optional[networks.FeatureFn] = None,
    inception_path: Optional[str] = None,
    num_splits: int = 10,
    batch_size: int = 250,
) -> dict[str, float]:
    """Inception Score of an image source in [-1, 1]: TF-GAN Inception logits by default; `logits_fn` swaps in
    another network (e.g. a CIFAR-trained classifier, 001's second IS)."""
    logits_fn = logits_fn or networks.inception_network(inception_path, networks.INCEPTION_LOGITS)
    logits = networks.extract_features(logits_fn, samples, batch_size=batch_size)
    return inception_score_from_logits(logits, num_splits)


def djs_class_divergence(real_labels, fake_labels, num_classes: int) -> float:
    """DJSCD: base-2 JS divergence between the class frequencies of `real_labels` and `fake_labels` (ints)."""
    real = frequencies(check_labels(real_labels, num_classes, "real_labels"), num_classes)
    fake = frequencies(check_labels(fake_labels, num_classes, "fake_labels"), num_classes)
    return js_divergence(real, fake, base=2.0)


def mode_score(probabilities, train_label_distribution) -> float:
    """MODE score from p(y|x) rows [N, K] of generated samples and p_train(y) [K] (003, eq 4)."""
    probabilities = np.asarray(probabilities, np.float64)
    p_train = np.asarray(train_label_distribution, np.float64)
    if probabilities.ndim != 2 or probabilities.shape[1] != p_train.shape[0]:
        raise ValueError(
            f"probabilities must be [N, {p_train.shape[0]}] to match p_train; got {list(probabilities.shape)}"
        )
    if np.any(p_train <= 0):
        raise ValueError("p_train must be positive for every class (MODE score divides by it)")
    # E_x KL(p(y|x) || p_train): rows with p(y|x) = 0 contribute 0 for that class.
    ratio = np.where(probabilities > 0, probabilities / p_train[None, :], 1.0)
    expected_kl = float(np.mean(np.sum(probabilities * np.log(ratio), axis=1)))
    p_gen = probabilities.mean(axis=0)
    p_gen = p_gen / p_gen.sum()
    return float(np.exp(expected_kl - kl_divergence(p_gen, p_train)))
