"""Sample diversity: MS-SSIM within batches (001, after Odena et al. 2017) and the birthday-paradox test.

MS-SSIM diversity (REPRODUCTION.md): the mean MS-SSIM (tf.image.ssim_multiscale's definition, computed by
`pairwise_ms_ssim`) over all pairs i < j within each of 5 batches of 64 images (drawn without replacement
after a seeded shuffle), averaged over batches; reported next to, or minus, the same figure on the test set
(lower = more diverse). Images in [-1, 1] are
mapped to [0, 1] and compared with max_val = 1.

Small images (recorded choice): TF's MS-SSIM needs the coarsest of its 5 scales to be at least
filter_size (11) pixels, i.e. images of 161 px or more. For smaller images we keep the 11-px Gaussian window
(sigma 1.5) and use only the first s scales that fit (ceil(size / 2^(s-1)) >= 11), with the standard power factors
(0.0448, 0.2856, 0.3001, 0.2363, 0.1333) truncated to s and renormalised to sum 1: 64 px -> 3 scales,
28-32 px -> 2 scales. Below 11 px the window shrinks to the largest odd size that fits (sigma scaled by
size / 11) at one scale. Numbers are comparable only between images of the same size.

Birthday paradox (Arora & Zhang 2017): if batches of s samples contain a near-duplicate pair with
probability >= 1/2, the support has about s^2 distinct images. The automated version here counts pairs whose
Euclidean distance (in pixels or in given features) is below a threshold and returns the closest pairs for
visual inspection, which the original test relies on.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from tfgan_repro.metrics.inputs import SampleSource, check_images, check_points, collect

MS_SSIM_POWER_FACTORS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
SSIM_FILTER_SIZE = 11
SSIM_FILTER_SIGMA = 1.5


def ms_ssim_settings(height: int, width: int) -> dict:
    """power_factors, filter_size, filter_sigma for MS-SSIM on height x width images (see module docstring)."""
    side = min(height, width)
    scales = 0
    # tf pads odd sides before each 2x halving, so scale s has ceil(side / 2^s) pixels.
    while scales < len(MS_SSIM_POWER_FACTORS) and -(-side // 2**scales) >= SSIM_FILTER_SIZE:
        scales += 1
    if scales == 0:
        filter_size = side if side % 2 == 1 else side - 1
        if filter_size < 3:
            raise ValueError(f"images of {height}x{width} are too small for SSIM (need at least 3 px)")
        return {
            "power_factors": (1.0,),
            "filter_size": filter_size,
            "filter_sigma": SSIM_FILTER_SIGMA * filter_size / SSIM_FILTER_SIZE,
        }
    factors = np.array(MS_SSIM_POWER_FACTORS[:scales])
    return {
        "power_factors": tuple(float(f) for f in factors / factors.sum()),
        "filter_size": SSIM_FILTER_SIZE,
        "filter_sigma": SSIM_FILTER_SIGMA,
    }


def _gaussian_window(size: int, sigma: float) -> np.ndarray:
    """tf.image's SSIM window: softmax(-c^2 / (2 sigma^2)) over c = k - (size - 1) / 2 (1-D; the 2-D window
    is its outer product, since tf normalises the separable product with one softmax)."""
    coords = np.arange(size, dtype=np.float64) - (size - 1) / 2.0
    logits = -0.5 * coords**2 / sigma**2
    weights = np.exp(logits - logits.max())
    return weights / weights.sum()


def _valid_filter_matrix(length: int, window: np.ndarray) -> np.ndarray:
    """[length - size + 1, length] matrix M with M[i, i + k] = window[k]: 'VALID' correlation as a product."""
    size = len(window)
    matrix = np.zeros((length - size + 1, length))
    for i in range(length - size + 1):
        matrix[i, i : i + size] = window
    return matrix


def _downscale(images: np.ndarray) -> np.ndarray:
    """tf.image.ssim_multiscale's downscaling of [..., H, W] maps: symmetric pad of odd sides at the end, then
    2x2 average pooling."""
    pad_h, pad_w = images.shape[-2] % 2, images.shape[-1] % 2
    if pad_h or pad_w:
        pads = [(0, 0)] * (images.ndim - 2) + [(0, pad_h), (0, pad_w)]
        images = np.pad(images, pads, mode="symmetric")
    return 0.25 * (
        images[..., 0::2, 0::2] + images[..., 1::2, 0::2] + images[..., 0::2, 1::2] + images[..., 1::2, 1::2]
    )


def pairwise_ms_ssim(
    images: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    *,
    max_val: float = 1.0,
    k1: float = 0.01,
    k2: float = 0.03,
    chunk: int = 256,
    **settings,
) -> np.ndarray:
    """MS-SSIM of the pairs (images[first[p]], images[second[p]]) for images [B, H, W, C] in [0, max_val].

    The formula and constants of tf.image.ssim_multiscale (Gaussian window, VALID filtering, relu'd contrast-
    structure terms at the first s - 1 scales, luminance x cs at the last, weighted geometric mean, mean over
    channels; equality is checked in tests). Computed in numpy with the window applied as two matrix products,
    and with the per-image terms (means, second moments) filtered once per image rather than once per pair:
    tf's depthwise 11x11 convolution takes about a minute per batch of 64 images of 64x64x3 on 2 CPU cores.
    `settings`: power_factors, filter_size, filter_sigma (default: ms_ssim_settings for the image size).
    """
    images = np.asarray(images, np.float64)
    settings = settings or ms_ssim_settings(images.shape[1], images.shape[2])
    power_factors = np.asarray(settings["power_factors"], np.float64)
    window = _gaussian_window(settings["filter_size"], settings["filter_sigma"])
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    maps = np.moveaxis(images, -1, 1)  # [B, C, H, W]
    first, second = np.asarray(first), np.asarray(second)
    terms = []  # per scale: [P, C] relu(cs) at s < last, relu(ssim) at the last
    for scale in range(len(power_factors)):
        if scale > 0:
            maps = _downscale(maps)
        rows = _valid_filter_matrix(maps.shape[-2], window)
        cols = _valid_filter_matrix(maps.shape[-1], window).T
        mean = rows @ maps @ cols
        second_moment = rows @ maps**2 @ cols
        values = []
        for start in range(0, len(first), chunk):
            i, j = first[start : start + chunk], second[start : start + chunk]
            mean_i, mean_j = mean[i], mean[j]
            num0 = 2.0 * mean_i * mean_j
            den0 = mean_i**2 + mean_j**2
            num1 = 2.0 * (rows @ (maps[i] * maps[j]) @ cols)
            den1 = second_moment[i] + second_moment[j]
            cs = (num1 - num0 + c2) / (den1 - den0 + c2)
            if scale == len(power_factors) - 1:
                luminance = (num0 + c1) / (den0 + c1)
                values.append(np.maximum((luminance * cs).mean(axis=(-2, -1)), 0.0))
            else:
                values.append(np.maximum(cs.mean(axis=(-2, -1)), 0.0))
        terms.append(np.concatenate(values))
    stacked = np.stack(terms, axis=-1)  # [P, C, S]
    return np.prod(stacked**power_factors, axis=-1).mean(axis=-1)


def mean_pairwise_ms_ssim(images: np.ndarray) -> float:
    """Mean MS-SSIM over all pairs i < j of one batch [B, H, W, C] in [-1, 1] (mapped to [0, 1])."""
    images = check_images(images)
    if len(images) < 2:
        raise ValueError("need at least 2 images for pairwise MS-SSIM")
    first, second = np.triu_indices(len(images), k=1)
    return float(np.mean(pairwise_ms_ssim((images + 1.0) / 2.0, first, second)))


def ms_ssim_diversity(
    samples: SampleSource, *, num_batches: int = 5, batch_size: int = 64, seed: int = 0, pool_size: Optional[int] = None
) -> dict:
    """Mean pairwise MS-SSIM within `num_batches` batches of `batch_size` (lower = more diverse).

    The batches are drawn without replacement from the first `pool_size` samples of the source (default: the
    whole source when it is an array, else num_batches * batch_size) after a seeded shuffle, so an ordered
    test set is mixed across classes. Returns mean, per_batch and the settings used."""
    needed = num_batches * batch_size
    pool = collect(
        samples, limit=pool_size if pool_size is not None else (None if isinstance(samples, np.ndarray) else needed)
    )
    if len(pool) < needed:
        raise ValueError(f"MS-SSIM diversity needs {needed} images ({num_batches} x {batch_size}); got {len(pool)}")
    order = np.random.default_rng(seed).permutation(len(pool))[:needed]
    per_batch = [mean_pairwise_ms_ssim(pool[order[b * batch_size : (b + 1) * batch_size]]) for b in range(num_batches)]
    return {
        "mean": float(np.mean(per_batch)),
        "per_batch": per_batch,
        **ms_ssim_settings(pool.shape[1], pool.shape[2]),
    }


def relative_ms_ssim_diversity(generated: SampleSource, reference: SampleSource, **kwargs) -> dict:
    """001's report: generated and reference (test set) MS-SSIM diversity and their difference
    generated - reference (0 = as diverse as the data; positive = less diverse, e.g. mode collapse)."""
    fake = ms_ssim_diversity(generated, **kwargs)["mean"]
    real = ms_ssim_diversity(reference, **kwargs)["mean"]
    return {"generated": fake, "reference": real, "difference": fake - real}


def birthday_paradox_test(
    samples: SampleSource,
    *,
    batch_size: int,
    threshold: float,
    num_batches: int = 10,
    seed: int = 0,
    num_closest: int = 5,
) -> dict:
    """Near-duplicate search in `num_batches` random batches of `batch_size` samples (images or feature
    vectors; flattened). A pair is a duplicate when its Euclidean distance is < threshold.

    Returns duplicate_batch_fraction (batches with >= 1 duplicate), mean_duplicate_pairs per batch,
    support_size_estimate batch_size^2 when duplicate_batch_fraction >= 0.5 (else None: the support is larger
    than that), and closest_pairs [(batch, i, j, distance)] by distance for inspection (indices into the pool).
    """
    pool = collect(samples, limit=None if isinstance(samples, np.ndarray) else batch_size * num_batches)
    points = check_points(pool.reshape(len(pool), -1))
    if len(points) < batch_size:
        raise ValueError(f"need at least batch_size={batch_size} samples; got {len(points)}")
    rng = np.random.default_rng(seed)
    with_duplicates, pair_counts, closest = 0, [], []
    first, second = np.triu_indices(batch_size, k=1)
    for b in range(num_batches):
        index = rng.choice(len(points), batch_size, replace=False)
        batch = points[index]
        squared = (batch**2).sum(axis=1)
        gram = squared[:, None] + squared[None, :] - 2.0 * batch @ batch.T
        distances = np.sqrt(np.maximum(gram[first, second], 0.0))
        duplicates = int(np.count_nonzero(distances < threshold))
        with_duplicates += duplicates > 0
        pair_counts.append(duplicates)
        for k in np.argsort(distances, kind="stable")[:num_closest]:
            closest.append((b, int(index[first[k]]), int(index[second[k]]), float(distances[k])))
    fraction = with_duplicates / num_batches
    return {
        "duplicate_batch_fraction": fraction,
        "mean_duplicate_pairs": float(np.mean(pair_counts)),
        "support_size_estimate": batch_size**2 if fraction >= 0.5 else None,
        "closest_pairs": sorted(closest, key=lambda pair: pair[3])[:num_closest],
    }
