"""Per-sample weight diagnostics of the sample-weighting paper (000 Sec 2.2-2.3, Fig 2).

For a batch of fake logits, MM-GAN weights sample i by Dp_i and NS-GAN by 1 - Dp_i (eq 4, 25). Normalised
over the batch these are the fractions of the batch gradient each sample contributes (for equal dl/dtheta).
"""

from __future__ import annotations

import numpy as np

HISTOGRAM_BINS = np.linspace(0.0, 1.0, 21)


def implied_sample_weights(fake_logits) -> dict:
    """{"dp", "mm", "ns"}: Dp per sample and the normalised MM (Dp) and NS (1 - Dp) sample weights."""
    logits = np.asarray(fake_logits, np.float64).ravel()
    dp = 0.5 * (1.0 + np.tanh(0.5 * logits))  # sigmoid without overflow
    return {"dp": dp, "mm": dp / max(dp.sum(), 1e-300), "ns": (1.0 - dp) / max((1.0 - dp).sum(), 1e-300)}


def sample_weight_histogram(fake_logits, bins: np.ndarray = HISTOGRAM_BINS) -> dict:
    """Histogram of Dp over `bins` with the share of the MM and NS batch weight falling in each bin: shows
    which samples each cost listens to (NS: low-Dp, over-represented; MM: high-Dp, under-represented)."""
    weights = implied_sample_weights(fake_logits)
    counts, _ = np.histogram(weights["dp"], bins=bins)
    mm_share, _ = np.histogram(weights["dp"], bins=bins, weights=weights["mm"])
    ns_share, _ = np.histogram(weights["dp"], bins=bins, weights=weights["ns"])
    return {
        "bin_edges": bins.tolist(),
        "count": counts.tolist(),
        "mm_weight_share": mm_share.tolist(),
        "ns_weight_share": ns_share.tolist(),
    }
