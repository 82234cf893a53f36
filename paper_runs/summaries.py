"""Small helpers for experiment-level claims: group a sweep's results by variant, take medians of metrics."""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np

from paper_runs.results import STATUS_COMPLETED


def runs_by_variant(runs: Sequence[dict], *, completed_only: bool = True) -> dict[str, list[dict]]:
    """{variant: [results dict, ...]} in seed order; diverged / running runs left out unless asked."""
    grouped: dict[str, list[dict]] = {}
    for run in sorted(runs, key=lambda r: r.get("seed", 0)):
        if completed_only and run.get("status") != STATUS_COMPLETED:
            continue
        grouped.setdefault(run["variant"], []).append(run)
    return grouped


def metric_values(runs: Sequence[dict], name: str, *, index: Optional[int] = None) -> list[float]:
    """A scalar metric of each run (element `index` of a list metric), skipping runs that lack it."""
    values = []
    for run in runs:
        value: Any = run.get("metrics", {}).get(name)
        if value is not None and index is not None:
            value = value[index]
        if value is not None:
            values.append(float(value))
    return values


def median_of(runs: Sequence[dict], name: str, *, index: Optional[int] = None, missing: Optional[float] = None) -> Optional[float]:
    """Median over runs of a scalar metric; `missing` stands in for runs where it is None (e.g. a censored
    recovery time). None when no run has a value."""
    values = []
    for run in runs:
        value: Any = run.get("metrics", {}).get(name)
        if value is not None and index is not None:
            value = value[index]
        if value is None:
            value = missing
        if value is not None:
            values.append(float(value))
    return float(np.median(values)) if values else None


def paired_by_seed(runs_a: Sequence[dict], runs_b: Sequence[dict]) -> list[tuple[dict, dict]]:
    """Runs of two variants that share a seed, in seed order."""
    b_by_seed = {run["seed"]: run for run in runs_b}
    return [(run, b_by_seed[run["seed"]]) for run in runs_a if run["seed"] in b_by_seed]


def wilson_interval(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a binomial rate (95% for the default z): the interval a claim over
    seeds reports beside its rate. (0, 1) when there are no trials."""
    if trials <= 0:
        return 0.0, 1.0
    rate = successes / trials
    denominator = 1.0 + z**2 / trials
    centre = (rate + z**2 / (2 * trials)) / denominator
    half_width = z * np.sqrt(rate * (1.0 - rate) / trials + z**2 / (4 * trials**2)) / denominator
    return max(0.0, float(centre - half_width)), min(1.0, float(centre + half_width))
