"""Mode coverage: Gaussian-mixture coverage of toy samples, and mode counts on Stacked / compositional MNIST.

Mixture coverage (VEEGAN / PacGAN convention, REPRODUCTION.md): a sample is *high quality* when its Euclidean
distance to the nearest mode mean is strictly below `threshold` (3) standard deviations of that mode; a mode
is *covered* when it is the nearest mode of at least one high-quality sample. Mode frequencies are fractions
of all samples: per mode (high-quality samples nearest to it), then "none" (the rest) last. 2,500 samples
unless a paper says otherwise. (000's public code measures the mean per-axis |x - mu| / sigma instead of the
Euclidean distance; for isotropic 2-D modes the two agree on which samples are far off.)

Stacked MNIST (PacGAN / VEEGAN): the MNIST classifier labels each channel, mode = c0 + 10 c1 + 100 c2; report
modes covered of 1000 and KL(p_gen || uniform) (natural log) over 26,000 samples, and the base-2 JS to
uniform (000). Compositional MNIST (003): the classifier reads the three digits, number = 100 d0 + 10 d1 + d2;
report modes missed of 1000 and KL(p_gen || p_train).
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from tfgan_repro.metrics import networks
from tfgan_repro.metrics.divergences import frequencies, js_divergence, kl_divergence
from tfgan_repro.metrics.inputs import SampleSource, check_images, check_points, iter_batches

STACKED_MODES = 1000


# --------------------------------------------------------------------------------------- toy mixtures


def mixture_coverage(samples, means, stds, threshold: float = 3.0, weights: Optional[Sequence[float]] = None) -> dict:
    """Coverage of a Gaussian mixture by samples [N, dim] (1-D arrays are N points of dimension 1).

    means [K, dim]; stds a scalar or [K] (per-mode std, isotropic). Returns
      modes_covered (int), high_quality_fraction (float), mode_frequencies (list of K + 1: per mode, "none"
      last), mode_counts (list of K + 1), num_samples; and tv_to_weights, the total variation
      0.5 sum |f_k - w_k| over the K + 1 entries (w_none = 0), when `weights` is given.
    """
    means = np.asarray(means, np.float64)
    if means.ndim == 1:
        means = means[:, None]
    points = check_points(samples, dim=means.shape[1])
    num_modes = means.shape[0]
    stds = np.broadcast_to(np.asarray(stds, np.float64), (num_modes,))
    if np.any(stds <= 0):
        raise ValueError(f"stds must be positive; got {stds}")
    distances = np.sqrt(((points[:, None, :] - means[None, :, :]) ** 2).sum(axis=-1))  # [N, K]
    nearest = distances.argmin(axis=1)
    high_quality = distances[np.arange(len(points)), nearest] < threshold * stds[nearest]
    counts = np.bincount(nearest[high_quality], minlength=num_modes)
    counts = np.append(counts, np.count_nonzero(~high_quality))
    result = {
        "modes_covered": int(np.count_nonzero(counts[:-1])),
        "high_quality_fraction": float(high_quality.mean()),
        "mode_frequencies": (counts / len(points)).tolist(),
        "mode_counts": counts.astype(int).tolist(),
        "num_samples": int(len(points)),
    }
    if weights is not None:
        target = np.append(np.asarray(weights, np.float64) / np.sum(weights), 0.0)
        result["tv_to_weights"] = float(0.5 * np.abs(counts / len(points) - target).sum())
    return result


def mixture_coverage_summary(samples, mixture, threshold: float = 3.0) -> dict:
    """`mixture_coverage` of a `data.GaussianMixture` as plain numbers: modes_covered, high_quality_fraction,
    mode_frequencies (per mode, "none" last) and tv_to_data, the total-variation distance to the data's
    frequencies (weights, "none" = 0)."""
    coverage = mixture_coverage(samples, mixture.means, mixture.stds, threshold=threshold, weights=mixture.weights)
    return {
        "modes_covered": int(coverage["modes_covered"]),
        "high_quality_fraction": float(coverage["high_quality_fraction"]),
        "mode_frequencies": [float(f) for f in coverage["mode_frequencies"]],
        "tv_to_data": float(coverage["tv_to_weights"]),
    }


def visiting_statistics(frequency_series: Sequence) -> dict:
    """Mode hopping from evaluations [[step, mode_frequencies], ...] in the second half of training:
    modes_visited_late (covered at some evaluation) vs max_modes_covered_late (the most covered at once)."""
    if not frequency_series:
        return {}
    last_step = frequency_series[-1][0]
    late = [np.asarray(freqs[:-1]) > 0 for step, freqs in frequency_series if step >= last_step / 2]
    return {
        "modes_visited_late": int(np.any(late, axis=0).sum()),
        "max_modes_covered_late": int(max(int(covered.sum()) for covered in late)),
    }


def cluster_counts(positions, centers, radius: float) -> list[int]:
    """How many 1-D points lie strictly within `radius` of each center (004's GAN2_2Cluster.py success check)."""
    positions = np.asarray(positions, np.float64).reshape(-1)
    return [int(np.sum(np.abs(positions - c) < radius)) for c in np.asarray(centers, np.float64).reshape(-1)]


# ------------------------------------------------------------------------------------ mode-id counting


def mode_coverage(mode_ids, num_modes: int = STACKED_MODES, reference=None) -> dict:
    """Counts over `num_modes` discrete modes: modes_covered, modes_missed, kl_to_uniform (nats),
    js_to_uniform (base 2), and with a reference distribution p_train [num_modes]: kl_to_reference
    KL(p_gen || p_train) (nats) and js_to_reference (base 2)."""
    ids = np.asarray(mode_ids, np.int64)
    if ids.ndim != 1 or ids.size == 0 or ids.min() < 0 or ids.max() >= num_modes:
        raise ValueError(f"mode_ids must be a non-empty 1-D array of ints in [0, {num_modes})")
    p_gen = frequencies(ids, num_modes)
    uniform = np.full(num_modes, 1.0 / num_modes)
    covered = int(np.count_nonzero(p_gen))
    result = {
        "modes_covered": covered,
        "modes_missed": num_modes - covered,
        "kl_to_uniform": kl_divergence(p_gen, uniform),
        "js_to_uniform": js_divergence(p_gen, uniform, base=2.0),
        "num_samples": int(ids.size),
    }
    if reference is not None:
        reference = np.asarray(reference, np.float64)
        if reference.shape != (num_modes,):
            raise ValueError(f"reference must have {num_modes} entries; got shape {list(reference.shape)}")
        result["kl_to_reference"] = kl_divergence(p_gen, reference)
        result["js_to_reference"] = js_divergence(p_gen, reference, base=2.0)
    return result


def _fit_to_classifier(digits: np.ndarray, target_shape: tuple) -> np.ndarray:
    """Single digits [M, h, w, 1] padded with background -1 to the classifier's (H, W, 1) (28 -> 32)."""
    height, width = target_shape[0], target_shape[1]
    pad_h, pad_w = height - digits.shape[1], width - digits.shape[2]
    if pad_h < 0 or pad_w < 0 or target_shape[2] != 1:
        raise ValueError(f"digits of size {digits.shape[1:3]} do not fit the classifier input {target_shape}")
    paddings = ((0, 0), (pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2), (0, 0))
    return np.pad(digits, paddings, constant_values=-1.0)


def _classify_digits(classifier, digits: np.ndarray, batch_size: int) -> np.ndarray:
    from tfgan_repro.classifiers.loading import check_num_classes

    check_num_classes(classifier, 10)
    fitted = _fit_to_classifier(digits, networks.classifier_input_shape(classifier))
    return networks.classifier_outputs(classifier, fitted, batch_size=batch_size)["logits"].argmax(axis=1)


def stacked_mnist_mode_ids(samples: SampleSource, classifier, *, batch_size: int = 1000) -> np.ndarray:
    """Mode ids c0 + 10 c1 + 100 c2 of Stacked MNIST / Color MNIST images [N, 32 or 28, same, 3] in [-1, 1],
    each channel labelled by a 10-class MNIST classifier (padded to its input size)."""
    ids = []
    for batch in iter_batches(samples, batch_size):
        batch = check_images(batch, (None, None, 3))
        channels = np.concatenate([batch[..., c : c + 1] for c in range(3)])  # [3B, H, W, 1], channel-major
        labels = _classify_digits(classifier, channels, batch_size).reshape(3, len(batch))
        ids.append(labels[0] + 10 * labels[1] + 100 * labels[2])
    return np.concatenate(ids)


def compositional_mnist_mode_ids(samples: SampleSource, classifier, *, batch_size: int = 1000) -> np.ndarray:
    """Numbers 100 d0 + 10 d1 + d2 read from compositional MNIST images [N, 64, 64, 1]: the three 21x21 cells
    of `data.derived`'s layout are cut out, resized back to 22x22 (the digit crop they were made from),
    padded with background to the classifier's input and classified."""
    import tensorflow as tf

    from tfgan_repro.data import derived

    cell, top = derived.COMPOSITIONAL_CELL, derived.COMPOSITIONAL_TOP
    ids = []
    for batch in iter_batches(samples, batch_size):
        batch = check_images(batch, (derived.COMPOSITIONAL_SIZE, derived.COMPOSITIONAL_SIZE, 1))
        cells = np.concatenate([batch[:, top : top + cell, left : left + cell] for left in derived.COMPOSITIONAL_LEFTS])
        crop = [derived.COMPOSITIONAL_SOURCE_CROP] * 2
        digits = tf.image.resize(cells, crop, method="bilinear").numpy().clip(-1.0, 1.0)
        labels = _classify_digits(classifier, digits, batch_size).reshape(3, len(batch))
        ids.append(100 * labels[0] + 10 * labels[1] + labels[2])
    return np.concatenate(ids)


def stacked_mnist_modes(samples: SampleSource, classifier, *, batch_size: int = 1000) -> dict:
    """mode_coverage over 1000 modes of Stacked MNIST samples (use 26,000 samples for the PacGAN protocol)."""
    return mode_coverage(stacked_mnist_mode_ids(samples, classifier, batch_size=batch_size), STACKED_MODES)


def compositional_mnist_modes(samples: SampleSource, classifier, set_id: int, *, batch_size: int = 1000) -> dict:
    """mode_coverage over the 1000 numbers of compositional set `set_id`, with p_train as the reference."""
    from tfgan_repro.data.derived import compositional_mode_probabilities

    ids = compositional_mnist_mode_ids(samples, classifier, batch_size=batch_size)
    return mode_coverage(ids, STACKED_MODES, reference=compositional_mode_probabilities(set_id))
