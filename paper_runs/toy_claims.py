"""The main job: every CPU-checkable toy experiment of the implemented papers, quick profile, 3 seeds, then the
claims report. Embedded data (no download); a few minutes on 2 CPU cores.

    python -m paper_runs.toy_claims [--out runs/toy_claims] [--seeds 0,1,2] [--only ring,two_cluster] [--jobs 2]

Prints each run's key numbers (modes covered, recovery iteration, ...) and each claim's verdict, writes PNGs
beside the results and OUT/REPORT.md. Re-running skips completed runs and resumes interrupted ones. With
`--jobs N` (default: the CPU count, at most 2) the experiments run in N processes at once: the toy nets keep
about one core busy each, so two processes use a 2-core machine fully. Each run's numbers do not depend on
which process runs it or what ran before it in that process. Each such process runs TensorFlow on one thread
(`--threads`, default 1 with --jobs > 1; 0 keeps TF's own pools): two processes of TF's default pools on two
cores spend their time waiting on each other.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from paper_runs import processes, report  # noqa: E402
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
    out_dir: Path, seeds: Sequence[int] = (0, 1, 2), only: Optional[Sequence[str]] = None, progress: bool = False,
    jobs: int = 1, threads: Optional[int] = None,
) -> Path:
    """Run the toy sweeps into `out_dir` (`jobs` experiments at a time, each in its own process when jobs > 1,
    with `threads` TF threads: default 1 then; 0 or None here: TF's own pools), print their key
    numbers, write the report; returns REPORT.md's path."""
    chosen = _chosen(only)
    if jobs > 1 and len(chosen) > 1:
        _run_in_processes([name for _, name in chosen], out_dir, seeds, jobs, 1 if threads is None else threads)
    else:
        _run_here(chosen, out_dir, seeds, progress, threads)
    return report.write_report(out_dir)


def _chosen(only: Optional[Sequence[str]]) -> list[tuple[str, str]]:
    return [(paper, name) for paper, name in TOY_EXPERIMENTS if not only or name in only]


def _run_in_processes(names: Sequence[str], out_dir: Path, seeds: Sequence[int], jobs: int, threads: int) -> None:
    """`jobs` child processes that share the experiments: each takes the next one nobody has taken (an
    exclusive claim file in a temporary folder) until none is left, so TensorFlow is imported `jobs` times,
    not once per experiment, and no core idles while experiments wait. Each experiment's output is printed
    whole when it ends."""
    with tempfile.TemporaryDirectory(prefix="toy_claims_") as claims:
        command = [sys.executable, "-m", "paper_runs.toy_claims", "--out", str(out_dir), "--jobs", "1",
                   "--no-report", "--seeds", ",".join(str(s) for s in seeds), "--threads", str(threads),
                   "--only", ",".join(names), "--claim-dir", claims]
        children = [subprocess.Popen(command) for _ in range(min(jobs, len(names)))]
        failed = [f"{' '.join(command)} exited with {code}" for code in [child.wait() for child in children] if code]
    if failed:
        raise RuntimeError("; ".join(failed))


def _claim(claim_dir: Optional[Path], name: str) -> bool:
    """True when this process takes experiment `name`: always without a claim folder, else when it is the
    first to create the claim file."""
    if claim_dir is None:
        return True
    try:
        os.close(os.open(Path(claim_dir) / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False


def _run_here(chosen: Sequence[tuple[str, str]], out_dir: Path, seeds: Sequence[int], progress: bool,
              threads: Optional[int] = None, claim_dir: Optional[Path] = None) -> None:
    if threads:
        processes.limit_threads(threads)
    runner.enable_determinism()
    for paper_name, experiment_name in chosen:
        if not _claim(claim_dir, experiment_name):
            continue
        paper = importlib.import_module(f"paper_runs.{paper_name}").PAPER
        sweep = runner.plan_sweep(paper, experiment_name, profile="quick", seeds=list(seeds), out_dir=out_dir)
        started = time.monotonic()
        # Beside another process, the experiment's lines are printed as one block when it ends.
        block = io.StringIO() if claim_dir is not None else sys.stdout
        with contextlib.redirect_stdout(block):
            print(f"== {paper.number} {paper_name}/{experiment_name}: {sweep.experiment.description}", flush=True)
            finished = runner.execute_sweep(sweep, progress=progress,
                                            on_run_end=lambda data: runner.print_run(sweep, data))
            runner.print_experiment_claims(sweep)
            print(f"   ({len(finished)} runs, {time.monotonic() - started:.0f} s)", flush=True)
        if block is not sys.stdout:
            sys.stdout.write(block.getvalue())
            sys.stdout.flush()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_runs.toy_claims", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/toy_claims", help="output directory (default runs/toy_claims)")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2)")
    parser.add_argument("--only", default=None, help="comma-separated experiment names to run")
    parser.add_argument("--progress", action="store_true", help="show a progress bar per run")
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 2),
                        help="experiments run at once, each in its own process (default: CPU count, at most 2)")
    parser.add_argument("--threads", type=int, default=None,
                        help="TensorFlow threads per process (default: 1 when --jobs > 1, else TF's own; 0: TF's own)")
    parser.add_argument("--no-report", action="store_true", help=argparse.SUPPRESS)  # for the child processes
    parser.add_argument("--claim-dir", default=None, help=argparse.SUPPRESS)  # ... sharing the experiments
    args = parser.parse_args(argv)
    try:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        print(f"python -m paper_runs.toy_claims: error: --seeds {args.seeds!r}: expected integers", file=sys.stderr)
        return 2
    if args.threads is not None and args.threads < 0:
        print(f"python -m paper_runs.toy_claims: error: --threads must be >= 0, got {args.threads}", file=sys.stderr)
        return 2
    only = [name for name in args.only.split(",") if name] if args.only else None
    known = {name for _, name in TOY_EXPERIMENTS}
    if only and set(only) - known:
        print(f"python -m paper_runs.toy_claims: error: unknown experiment(s) {sorted(set(only) - known)}; "
              f"valid: {', '.join(sorted(known))}", file=sys.stderr)
        return 2
    started = time.monotonic()
    if args.no_report:
        _run_here(_chosen(only), Path(args.out), seeds, args.progress, args.threads,
                  Path(args.claim_dir) if args.claim_dir else None)
        return 0
    path = run_toy_claims(Path(args.out), seeds, only, progress=args.progress, jobs=max(1, args.jobs),
                          threads=args.threads)
    print()
    print(path.read_text(encoding="utf-8"))
    print(f"toy_claims: {time.monotonic() - started:.0f} s wall; report in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
