"""The board's plan and its execution: one Experiment per dataset, one variant per cost, run by the ordinary
runner (results.json per run, resume, checkpoints), several processes at once.

The Experiments are made at call time from `costs.board_costs()`, so a cost registered since the import joins.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable, Optional, Sequence

from paper_runs import processes, runner
from paper_runs.experiments import Experiment, Paper
from paper_runs.leaderboard import costs as board_costs
from paper_runs.leaderboard.datasets import DATASETS, build_stacked, build_toy, stacked_mnist_missing

BOARD_PROFILES = ("quick", "claims")
# 5 seeds (the minimum) for both: the claims board's toy columns are 920 runs of ~20 s on one core.
SEEDS = {"quick": (0, 1, 2, 3, 4), "claims": (0, 1, 2, 3, 4)}
NOTES = (
    "leaderboard: every cost on this dataset shares its architecture, budget, optimizer and seeds; a cost's own "
    "settings are its G and D costs, penalty (and weight), gradient rescaling or model",
)


def headline(results: dict) -> str:
    """A board run's key numbers in one line."""
    metrics = results["metrics"]
    if "kl_to_uniform" in metrics:
        return f"modes {metrics['modes_covered']}/1000, KL {metrics['kl_to_uniform']:.3f}"
    return (f"modes {metrics['modes_covered']}/{len(metrics['mode_frequencies']) - 1}, high-quality "
            f"{100 * metrics['high_quality_fraction']:.1f}%, TV {metrics['tv_to_data']:.3f}")


def experiment(dataset: str) -> Experiment:
    """The board column `dataset` as an Experiment: every board cost a variant."""
    spec = DATASETS[dataset]
    return Experiment(
        name=dataset, description=spec.description, profiles=spec.profiles, variants=board_costs.board_costs(),
        build=build_stacked if spec.image else build_toy, seeds=SEEDS, headline=headline, notes=NOTES,
        reuse_compiled=True)


def paper(datasets: Sequence[str] = tuple(DATASETS)) -> Paper:
    """The board as a Paper of one Experiment per dataset (what the runner plans and runs)."""
    return Paper("leaderboard", "board", "Mode-collapse leaderboard: every cost on every benchmark",
                 [experiment(name) for name in datasets])


def runnable_datasets(only: Optional[Sequence[str]] = None, data_dir: Optional[str] = None,
                      log: Callable[[str], None] = print) -> list[str]:
    """The board's datasets (or `only`), less Stacked MNIST where its files are missing (said in one line)."""
    chosen = [name for name in DATASETS if not only or name in only]
    if "stacked_mnist" in chosen:
        reason = stacked_mnist_missing(data_dir)
        if reason:
            log(f"[skip] stacked_mnist: {reason}")
            chosen.remove("stacked_mnist")
    return chosen


def plan(profile: str, out_dir: Path, *, datasets: Optional[Sequence[str]] = None,
         costs: Optional[Sequence[str]] = None, seeds: Optional[Sequence[int]] = None,
         overrides: Sequence[str] = (), data_dir: Optional[str] = None,
         log: Callable[[str], None] = print) -> list[runner.Sweep]:
    """One runner sweep per dataset: every board cost (or `costs`) x the profile's seeds (or `seeds`)."""
    if profile not in BOARD_PROFILES:
        raise runner.UsageError(f"unknown profile {profile!r}; valid: {', '.join(BOARD_PROFILES)}")
    names = runnable_datasets(datasets, data_dir, log)
    board = paper(names)
    return [runner.plan_sweep(board, name, profile=profile, seeds=seeds, variants=costs, overrides=overrides,
                              out_dir=out_dir, data_dir=data_dir if DATASETS[name].image else None)
            for name in names]


def execute_here(sweeps: Sequence[runner.Sweep], progress: bool = False) -> int:
    """Run the sweeps in this process, printing each run's key numbers; returns the number of runs."""
    runner.enable_determinism()
    count = 0
    for sweep in sweeps:
        started = time.monotonic()
        print(f"== {sweep.experiment.name} ({len(sweep.runs)} runs): {sweep.experiment.description}", flush=True)
        finished = runner.execute_sweep(sweep, progress=progress,
                                        on_run_end=lambda data, s=sweep: runner.print_run(s, data))
        print(f"   ({len(finished)} runs, {time.monotonic() - started:.0f} s)", flush=True)
        count += len(finished)
    return count


def work_items(sweeps: Sequence[runner.Sweep], jobs: int) -> list[tuple[str, list[str]]]:
    """(dataset, costs) chunks for `jobs` processes: each dataset's costs split in `jobs` parts (a cost's seeds
    stay together: they share one compiled program), the image column first (its runs are the longest)."""
    items = []
    for sweep in sorted(sweeps, key=lambda s: not DATASETS[s.experiment.name].image):
        variants = list(dict.fromkeys(spec.variant for spec in sweep.runs))
        size = -(-len(variants) // jobs)
        items += [(sweep.experiment.name, variants[i:i + size]) for i in range(0, len(variants), size)]
    return items


def execute_in_processes(sweeps: Sequence[runner.Sweep], jobs: int, child_args: Sequence[str]) -> list[str]:
    """`jobs` child processes at a time, one per work item (a free slot is refilled at once); each child's
    output goes to a temporary file and is printed when the child ends. A failed child does not stop the
    others (its finished runs are kept, a rerun resumes the rest); returns the failed children's commands."""
    failed = []
    command = [sys.executable, "-m", "paper_runs.leaderboard", "--jobs", "1", "--no-board", *child_args]

    def on_end(child: Sequence[str], code: int, output: str, seconds: float) -> None:
        print(output, end="", flush=True)
        if code != 0:
            failed.append(f"{' '.join(child)} exited with {code}")

    processes.run_processes([[*command, "--datasets", dataset, "--costs", ",".join(variants)]
                             for dataset, variants in work_items(sweeps, jobs)], jobs, on_end)
    return failed
