"""Small helpers for experiment-level claims (group a sweep's results by variant, medians of metrics, intervals,
the rank-sum test the leaderboard uses) and for progress listings (the CPU a sweep's remaining runs need)."""

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


def metric_values(runs: Sequence[dict], name: str, *, index: Optional[int] = None,
                  missing: Optional[float] = None) -> list[float]:
    """A scalar metric of each run (element `index` of a list metric); `missing` stands in for runs where it
    is None (e.g. a censored recovery time), else those runs are skipped."""
    values = []
    for run in runs:
        value: Any = run.get("metrics", {}).get(name)
        if value is not None and index is not None:
            value = value[index]
        if value is None:
            value = missing
        if value is not None:
            values.append(float(value))
    return values


def median_of(runs: Sequence[dict], name: str, *, index: Optional[int] = None, missing: Optional[float] = None) -> Optional[float]:
    """Median over runs of a scalar metric (`metric_values`); None when no run has a value."""
    values = metric_values(runs, name, index=index, missing=missing)
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


def rate_difference_interval(successes_a: int, trials_a: int, successes_b: int, trials_b: int) -> tuple[float, float]:
    """95% interval of rate A - rate B from the two Wilson intervals (Newcombe's hybrid score method,
    Statistics in Medicine 1998, method 10): the interval a comparison of two rates over seeds reports."""
    rate_a, rate_b = successes_a / max(trials_a, 1), successes_b / max(trials_b, 1)
    low_a, high_a = wilson_interval(successes_a, trials_a)
    low_b, high_b = wilson_interval(successes_b, trials_b)
    difference = rate_a - rate_b
    below = np.sqrt((rate_a - low_a) ** 2 + (high_b - rate_b) ** 2)
    above = np.sqrt((high_a - rate_a) ** 2 + (rate_b - low_b) ** 2)
    return max(-1.0, float(difference - below)), min(1.0, float(difference + above))


EXACT_RANK_SUM_LIMIT = 200_000  # assignments enumerated at most (5 vs 5 seeds: 252; 10 vs 10: 184,756)


def rank_sum_p_value(values_a: Sequence[float], values_b: Sequence[float]) -> Optional[float]:
    """Two-sided p-value of the Wilcoxon rank-sum (Mann-Whitney) test that A and B come from one distribution:
    the share of the C(n, k) ways to split the pooled midranks into groups of A's and B's sizes whose rank sum
    lies at least as far from its mean as A's. Exact where that count is at most EXACT_RANK_SUM_LIMIT, else
    the normal approximation with the tie correction. None when a side is empty or every value is equal."""
    import itertools
    import math

    a, b = np.asarray(values_a, np.float64), np.asarray(values_b, np.float64)
    pooled = np.concatenate([a, b])
    if not len(a) or not len(b) or np.all(pooled == pooled[0]):
        return None
    order = np.argsort(pooled, kind="stable")
    ranks = np.empty(len(pooled))
    ranks[order] = np.arange(1, len(pooled) + 1)
    for value in np.unique(pooled):  # midranks for ties
        ranks[pooled == value] = ranks[pooled == value].mean()
    expected = len(a) * (len(pooled) + 1) / 2.0
    observed = abs(ranks[: len(a)].sum() - expected) - 1e-9  # equal distances count as "as far"
    if math.comb(len(pooled), len(a)) <= EXACT_RANK_SUM_LIMIT:
        sums = np.array([ranks[list(chosen)].sum() for chosen in itertools.combinations(range(len(pooled)), len(a))])
        return float(np.mean(np.abs(sums - expected) >= observed))
    ties = sum(float((pooled == value).sum()) ** 3 - float((pooled == value).sum()) for value in np.unique(pooled))
    n = len(pooled)
    variance = len(a) * len(b) / 12.0 * ((n + 1) - ties / (n * (n - 1)))
    return float(math.erfc(observed / math.sqrt(2.0 * variance)))


BOOTSTRAP_RESAMPLES = 4000


def bootstrap_ratio_of_medians(values_a: Sequence[float], values_b: Sequence[float], *, seed: int = 0,
                               resamples: int = BOOTSTRAP_RESAMPLES) -> Optional[tuple[float, float]]:
    """95% percentile-bootstrap interval of median(A) / median(B), each side resampled with replacement on
    its own (seeded: the same runs give the same interval). None without values or with a zero median."""
    a, b = np.asarray(values_a, np.float64), np.asarray(values_b, np.float64)
    if not len(a) or not len(b):
        return None
    rng = np.random.default_rng(seed)
    medians_a = np.median(a[rng.integers(0, len(a), (resamples, len(a)))], axis=1)
    medians_b = np.median(b[rng.integers(0, len(b), (resamples, len(b)))], axis=1)
    if np.any(medians_b == 0):
        return None
    low, high = np.percentile(medians_a / medians_b, [2.5, 97.5])
    return float(low), float(high)


def _median_cpu_seconds(finished: Sequence[dict]) -> Optional[float]:
    cpu = [float(run["cpu_seconds"]) for run in finished if run.get("cpu_seconds")]
    return float(np.median(cpu)) if cpu else None


def cpu_left(finished: Sequence[dict], runs_left: int) -> str:
    """"; ~X CPU h left (Y CPU s a run, median)" for `runs_left` more runs like the finished ones (results dicts;
    their recorded `cpu_seconds`), or "" when none is left or none recorded its CPU time."""
    median = _median_cpu_seconds(finished)
    if median is None or runs_left <= 0:
        return ""
    return f"; ~{runs_left * median / 3600:.1f} CPU h left ({median:.0f} CPU s a run, median)"


def total_cpu_left(groups: Sequence[tuple[Sequence[dict], int]]) -> str:
    """The listings' last line: the CPU hours left summed over groups (finished runs, runs left), as
    `cpu_left` estimates each, and how many groups with runs left have no recorded CPU time to go by."""
    hours, unknown = 0.0, 0
    for finished, runs_left in groups:
        median = _median_cpu_seconds(finished)
        if runs_left > 0 and median is None:
            unknown += 1
        elif runs_left > 0:
            hours += runs_left * median / 3600
    line = f"in all: ~{hours:.1f} CPU h left"
    return line + (f", besides {unknown} with runs left and no recorded CPU time" if unknown else "")
