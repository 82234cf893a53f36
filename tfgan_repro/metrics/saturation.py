"""Vanishing-gradient summary of a logged norm series (000 Fig 5, 11, 12: MM's G gradient "drops by 3 to 4
orders of magnitude" within an epoch and stays down).

Protocol: rolling medians over a window of ~1/25 of the logged points; the peak is the largest rolling
median, the final value the median of the last 10% of points; the drop is log10(peak / final). The vanish
step is the first logged step whose rolling median is `orders` below the largest rolling median so far.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

MIN_POINTS = 10


def vanishing_summary(points: Sequence, orders: float = 3.0) -> Optional[dict]:
    """[[step, norm], ...] -> {peak_median, final_median, drop_orders, min_median, vanish_step}; None when
    fewer than MIN_POINTS finite values are logged. vanish_step is None when the norm never fell `orders`."""
    kept = [(s, v) for s, v in points if v is not None and np.isfinite(v)]
    if len(kept) < MIN_POINTS:
        return None
    values = np.maximum(np.array([v for _, v in kept], np.float64), 1e-30)
    window = max(1, len(values) // 25)
    rolling = np.array([np.median(values[max(0, i - window + 1): i + 1]) for i in range(len(values))])
    tail = values[-max(1, len(values) // 10):]
    peak, final = float(rolling.max()), float(np.median(tail))
    fallen = rolling <= np.maximum.accumulate(rolling) / 10.0**orders
    return {
        "peak_median": peak,
        "final_median": final,
        "drop_orders": round(float(np.log10(peak / final)), 3),
        "min_median": float(rolling.min()),
        "vanish_step": int(kept[int(np.argmax(fallen))][0]) if fallen.any() else None,
    }
