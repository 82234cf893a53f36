"""The claim shapes that repeat across papers, as small helpers; unusual claims stay functions of their module.

Every comparison is gated on the runs having learned the data: a run that learned nothing (every sample off
the data, every digit read as one class, ...) has no say in which cost is better. The claim shapes below stand
on the runs that learned and name the ones left out; when fewer than half of a side's runs learned, the claim
is undecided (holds = None) and its measured value says why. `not_learned` is the strict form (any run that
learned nothing makes the claim undecided) for claims written out in their modules. Each experiment states what "learned the
data" means for it as a `Learned` predicate on a run's metrics.

    compare_medians    median of a metric over variant A's seeds vs variant B's (e.g. MM covers more modes)
    share_of_seeds     a per-run test holds in most seeds (or in every seed)
    rate_of_seeds      a per-run test's rate over seeds with its 95% Wilson interval, judged by the interval
    ratio_of_medians   median A / median B with its 95% bootstrap interval, judged against 1
    within_tolerance   a measured value within a tolerance of the paper's
    gate_run           a run's own claims, undecided when that run learned nothing
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence


from paper_runs.results import Claim
import numpy as np

from paper_runs.summaries import bootstrap_ratio_of_medians, metric_values, wilson_interval

Learned = Callable[[dict], bool]  # a run's metrics -> did it learn the data?

# A toy run has learned the data when at least this share of its samples lies on the data (within 3 std of a
# mixture mode, on a moon arc, near a cluster). It separates "learned nothing" (0% on any mode: a ring NS run
# of the quick profile) from "learned imperfectly" (MM's 21% on the ring at 5,000 steps), which the claims judge.
LEARNED_SHARE = 0.1


def not_learned(sides: Mapping[str, Sequence[dict]], learned: Optional[Learned]) -> Optional[str]:
    """Why a comparison of `sides` ({label: completed runs}) cannot be made, or None when it can: a side without
    runs, or any run (named by side and seed) that did not learn the data."""
    empty = [label for label, runs in sides.items() if not runs]
    if empty:
        return f"no completed {' / '.join(empty)} runs"
    if learned is None:
        return None
    failed = [f"{label} seed {run.get('seed')}" for label, runs in sides.items() for run in runs
              if not learned(run.get("metrics", {}))]
    return f"undecided: {', '.join(failed)} learned nothing of the data" if failed else None


# A claim over seeds stands on the runs that learned the data when at least this share of each side's runs did
# (the others are left out and named); below it the claim is about failures, not about the costs: undecided.
LEARNED_QUORUM = 0.5


def learned_sides(sides: Mapping[str, Sequence[dict]], learned: Optional[Learned]) -> tuple[dict, list, Optional[str]]:
    """({label: runs that learned}, ["label seed s", ...] left out, why undecided or None): a side without runs,
    or one where fewer than LEARNED_QUORUM of the runs learned, makes the claim undecided."""
    empty = [label for label, runs in sides.items() if not runs]
    if empty:
        return dict(sides), [], f"no completed {' / '.join(empty)} runs"
    if learned is None:
        return dict(sides), [], None
    kept = {label: [run for run in runs if learned(run.get("metrics", {}))] for label, runs in sides.items()}
    left_out = [f"{label} seed {run.get('seed')}" for label, runs in sides.items() for run in runs
                if not learned(run.get("metrics", {}))]
    short = [label for label, runs in sides.items() if len(kept[label]) < LEARNED_QUORUM * len(runs) or not kept[label]]
    if short:
        return kept, left_out, f"undecided: {', '.join(left_out)} learned nothing of the data"
    return kept, left_out, None


def with_left_out(measured: Any, left_out: Sequence[str]) -> Any:
    """A measured value that names the runs left out for learning nothing (unchanged when none were): a dict
    gains the key, any other value is wrapped as {"value": ...}."""
    if not left_out:
        return measured
    if isinstance(measured, dict):
        return {**measured, "left_out_learned_nothing": list(left_out)}
    return {"value": measured, "left_out_learned_nothing": list(left_out)}


def undecided_value(measured: Any, why: str) -> dict:
    """A measured value that carries why its claim is undecided."""
    return {"measured": measured, "undecided": why}


def compare_medians(
    claim_id: str,
    description: str,
    paper_value: Any,
    sides: Mapping[str, Sequence[dict]],
    metric: str,
    relation: Callable[[float, float], bool],
    *,
    learned: Optional[Learned] = None,
    index: Optional[int] = None,
    missing: Optional[float] = None,
) -> Claim:
    """`relation(median A, median B)` for the two sides {label A: runs, label B: runs} (in that order) over the
    runs that learned the data (`learned_sides`); the measured value gives each side's median, min-max and
    number of seeds (with the runs left out, if any). Undecided when a side has no value or too few of its runs
    learned."""
    kept, left_out, why = learned_sides(sides, learned)
    # Undecided: the medians of every run, to show what was seen; decided: of the runs that learned.
    (label_a, runs_a), (label_b, runs_b) = (sides if why else kept).items()
    values = [metric_values(runs, metric, index=index, missing=missing) for runs in (runs_a, runs_b)]
    a, b = (float(np.median(v)) if v else None for v in values)
    measured = {f"median_{label_a}_{label_b}": [a, b],
                "min_max": [[min(v), max(v)] if v else None for v in values], "seeds": [len(v) for v in values]}
    why = why or (f"no {metric} for {label_a if a is None else label_b}" if None in (a, b) else None)
    if why:
        return Claim(claim_id, description, paper_value, undecided_value(measured, why), None)
    return Claim(claim_id, description, paper_value, with_left_out(measured, left_out), bool(relation(a, b)))


def ratio_of_medians(
    claim_id: str,
    description: str,
    paper_value: Any,
    sides: Mapping[str, Sequence[dict]],
    metric: str,
    *,
    above: bool,
    learned: Optional[Learned] = None,
) -> Claim:
    """median A / median B over the runs that learned, with its 95% bootstrap interval over seeds
    (`summaries.bootstrap_ratio_of_medians`): with `above`, holds when the interval lies above 1 and does not
    when it lies at or below 1 (the reverse without `above`); undecided while it straddles 1."""
    kept, left_out, why = learned_sides(sides, learned)
    values = [metric_values(runs, metric) for runs in kept.values()]
    interval = bootstrap_ratio_of_medians(*values)
    labels = list(sides)
    measured = {f"median_{labels[0]}_{labels[1]}": [round(float(np.median(v)), 4) if v else None for v in values],
                "ratio95": None if interval is None else [round(x, 3) for x in interval], "seeds": [len(v) for v in values]}
    measured = with_left_out(measured, left_out)
    why = why or (None if interval is not None else f"undecided: no {metric} ratio (a side without values or a zero median)")
    if why:
        return Claim(claim_id, description, paper_value, undecided_value(measured, why), None)
    low, high = interval
    if low <= 1.0 < high or (not above and low < 1.0 <= high):
        return Claim(claim_id, description, paper_value, measured, None)
    return Claim(claim_id, description, paper_value, measured, low > 1.0 if above else high < 1.0)


def share_of_seeds(
    claim_id: str,
    description: str,
    paper_value: Any,
    runs: Sequence[dict],
    test: Callable[[dict], bool],
    *,
    every: bool = False,
    learned: Optional[Learned] = None,
    detail: Optional[dict] = None,
) -> Claim:
    """`test(metrics)` holds in most runs that learned the data (more than half; all of them when `every`).
    The measured value is {"share", "seeds", "wilson95": the share's 95% interval, **detail}; undecided
    without runs or when too few learned. (A claim about most seeds is better judged by `rate_of_seeds`.)"""
    kept, left_out, why = learned_sides({"run": runs}, learned) if runs else ({"run": []}, [], "no completed runs")
    flags = [bool(test(run["metrics"])) for run in kept["run"]]
    measured = {"share": round(sum(flags) / len(flags), 3) if flags else None, "seeds": len(flags),
                "wilson95": [round(x, 3) for x in wilson_interval(sum(flags), len(flags))], **(detail or {})}
    measured = with_left_out(measured, left_out)
    if why:
        return Claim(claim_id, description, paper_value, undecided_value(measured, why), None)
    holds = all(flags) if every else sum(flags) > len(flags) / 2
    return Claim(claim_id, description, paper_value, measured, holds)


def rate_of_seeds(
    claim_id: str,
    description: str,
    paper_value: Any,
    runs: Sequence[dict],
    test: Callable[[dict], bool],
    *,
    threshold: float = 0.5,
    learned: Optional[Learned] = None,
    detail: Optional[dict] = None,
) -> Claim:
    """The rate at which `test(metrics)` holds over the `runs` that learned the data, with its 95% Wilson
    interval: holds when the whole interval lies above `threshold`, does not hold when it lies at or below it,
    and is undecided while the interval straddles it (too few seeds to tell) or too few runs learned."""
    kept, left_out, why = learned_sides({"run": runs}, learned) if runs else ({"run": []}, [], "no completed runs")
    flags = [bool(test(run["metrics"])) for run in kept["run"]]
    low, high = wilson_interval(sum(flags), len(flags))
    measured = {"rate": round(sum(flags) / len(flags), 3) if flags else None, "seeds": len(flags),
                "wilson95": [round(low, 3), round(high, 3)], **(detail or {})}
    measured = with_left_out(measured, left_out)
    if why is None and low <= threshold < high:
        why = f"undecided: the 95% interval [{low:.2f}, {high:.2f}] straddles {threshold:g} ({len(flags)} seeds)"
    if why:
        return Claim(claim_id, description, paper_value, undecided_value(measured, why), None)
    return Claim(claim_id, description, paper_value, measured, low > threshold)


def within_tolerance(
    claim_id: str, description: str, paper_value: float, measured: Optional[float], tolerance: float,
    *, target: Optional[float] = None,
) -> Claim:
    """|measured - target| <= tolerance, target the paper value (or its exact form when the paper value is
    rounded for display); undecided when nothing was measured."""
    target = paper_value if target is None else target
    holds = None if measured is None else abs(measured - target) <= tolerance
    return Claim(claim_id, description, paper_value, measured, holds)


def undecided(claim: Claim, why: str) -> Claim:
    """`claim` made undecided: holds None, its measured value carrying `why`."""
    return Claim(claim.id, claim.description, claim.paper_value, undecided_value(claim.measured_value, why), None)


def gate_run(claims: Sequence[Claim], metrics: dict, learned: Learned, why: str) -> list:
    """A run's own claims, each undecided (measured value saying `why`) when the run learned nothing."""
    if learned(metrics):
        return list(claims)
    return [Claim(c.id, c.description, c.paper_value, undecided_value(c.measured_value, f"undecided: {why}"), None)
            for c in claims]


def mixture_learned(metrics: dict) -> bool:
    """A mixture run learned the data: >= LEARNED_SHARE of its samples within 3 std of some mode."""
    return 1.0 - float(metrics["mode_frequencies"][-1]) >= LEARNED_SHARE


# A classifier-labelled image run has learned the data when its samples read as at least LEARNED_CLASSES
# classes, each >= CLASS_SHARE of them: noise reads as one class (MNIST "8" at 2,000 simultaneous steps, 000),
# while the collapsed NS run of 000's Table 1 still shows 3 digits.
LEARNED_CLASSES, CLASS_SHARE = 2, 0.02


def classes_learned(frequencies: Optional[Sequence[float]]) -> bool:
    """At least LEARNED_CLASSES class frequencies >= CLASS_SHARE."""
    return sum(f >= CLASS_SHARE for f in frequencies or []) >= LEARNED_CLASSES
