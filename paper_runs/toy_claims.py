"""The main job: every CPU-checkable toy experiment of the implemented papers, quick profile, 3 seeds, then the
claims report. Embedded data (no download); a few minutes on 2 CPU cores.

    python -m paper_runs.toy_claims [--out runs/toy_claims] [--seeds 0,1,2] [--only ring,two_cluster]

Prints each run's key numbers (modes covered, recovery iteration, ...) and each claim's verdict, writes PNGs
beside the results and OUT/REPORT.md. Re-running skips completed runs and resumes interrupted ones.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from paper_runs import report  # noqa: E402
from paper_runs import runner  # noqa: E402

# (paper module, experiment): the toy experiments that run on a CPU in minutes.
TOY_EXPERIMENTS: tuple[tuple[str, str], ...] = (
    ("sample_weighting", "ring"),
    ("sample_weighting", "spiral"),
    ("landscape", "two_cluster"),
    ("landscape", "two_cluster_imbalanced"),
    ("moons", "moons"),
)
# 003's ring6 is a toy too, but its quick profile (50,000 steps, about 6 minutes for 3 seeds of both variants)
# would triple the main job: run it with `python -m paper_runs.mode_regularized ring6`.


def run_toy_claims(
    out_dir: Path, seeds: Sequence[int] = (0, 1, 2), only: Optional[Sequence[str]] = None, progress: bool = False
) -> Path:
    """Run the toy sweeps into `out_dir`, print their key numbers, write the report; returns REPORT.md's path."""
    runner.enable_determinism()
    for paper_name, experiment_name in TOY_EXPERIMENTS:
        if only and experiment_name not in only:
            continue
        paper = importlib.import_module(f"paper_runs.{paper_name}").PAPER
        sweep = runner.plan_sweep(paper, experiment_name, profile="quick", seeds=list(seeds), out_dir=out_dir)
        started = time.monotonic()
        print(f"== {paper.number} {paper_name}/{experiment_name}: {sweep.experiment.description}", flush=True)
        finished = runner.execute_sweep(sweep, progress=progress, on_run_end=lambda data: runner.print_run(sweep, data))
        runner.print_experiment_claims(sweep)
        print(f"   ({len(finished)} runs, {time.monotonic() - started:.0f} s)", flush=True)
    return report.write_report(out_dir)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_runs.toy_claims", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/toy_claims", help="output directory (default runs/toy_claims)")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2)")
    parser.add_argument("--only", default=None, help="comma-separated experiment names to run")
    parser.add_argument("--progress", action="store_true", help="show a progress bar per run")
    args = parser.parse_args(argv)
    try:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        print(f"python -m paper_runs.toy_claims: error: --seeds {args.seeds!r}: expected integers", file=sys.stderr)
        return 2
    only = [name for name in args.only.split(",") if name] if args.only else None
    known = {name for _, name in TOY_EXPERIMENTS}
    if only and set(only) - known:
        print(f"python -m paper_runs.toy_claims: error: unknown experiment(s) {sorted(set(only) - known)}; "
              f"valid: {', '.join(sorted(known))}", file=sys.stderr)
        return 2
    started = time.monotonic()
    path = run_toy_claims(Path(args.out), seeds, only, progress=args.progress)
    print()
    print(path.read_text(encoding="utf-8"))
    print(f"toy_claims: {time.monotonic() - started:.0f} s wall; report in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
