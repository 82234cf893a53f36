"""Divergences between discrete distributions (class or mode frequencies), in numpy."""

from __future__ import annotations

import numpy as np


def frequencies(ids, num_bins: int) -> np.ndarray:
    """Empirical distribution of integer ids over num_bins bins: count_k / N."""
    ids = np.asarray(ids, np.int64)
    if ids.size == 0:
        raise ValueError("cannot take frequencies of an empty set of ids")
    return np.bincount(ids, minlength=num_bins).astype(np.float64) / ids.size


def _as_distribution(p, name: str) -> np.ndarray:
    p = np.asarray(p, np.float64)
    if p.ndim != 1 or np.any(p < 0) or not np.isclose(p.sum(), 1.0, atol=1e-6):
        raise ValueError(f"{name} must be a 1-D probability vector summing to 1; got sum {p.sum():.6g}")
    return p


def kl_divergence(p, q, base: float = np.e) -> float:
    """KL(p || q) = sum_k p_k log(p_k / q_k) (terms with p_k = 0 are 0; inf when p_k > 0 = q_k)."""
    p, q = _as_distribution(p, "p"), _as_distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same length; got {p.size} and {q.size}")
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")
    return float(np.sum(p[support] * np.log(p[support] / q[support])) / np.log(base))


def js_divergence(p, q, base: float = 2.0) -> float:
    """JS(p, q) = KL(p || m) / 2 + KL(q || m) / 2 with m = (p + q) / 2; in [0, 1] for base 2 (the default)."""
    p, q = _as_distribution(p, "p"), _as_distribution(q, "q")
    m = 0.5 * (p + q)
    return 0.5 * kl_divergence(p, m, base) + 0.5 * kl_divergence(q, m, base)
