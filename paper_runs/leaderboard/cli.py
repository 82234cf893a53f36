"""The leaderboard's command line (see the package docstring)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

from paper_runs import processes, runner
from paper_runs.leaderboard import board, tables
from paper_runs.leaderboard.costs import board_costs
from paper_runs.leaderboard.datasets import DATASETS
from paper_runs.summaries import cpu_left, total_cpu_left

DEFAULT_OUT = "results/leaderboard"


def _names(text: Optional[str], valid: Sequence[str], what: str) -> Optional[list[str]]:
    if not text:
        return None
    names = [name for name in text.split(",") if name]
    unknown = sorted(set(names) - set(valid))
    if unknown:
        raise runner.UsageError(f"unknown {what} {unknown}; valid: {', '.join(valid)}")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = runner._Parser(prog="python -m paper_runs.leaderboard", description=(__package__ or "") + ": every "
                            "cost on every mode-collapse benchmark")
    parser.add_argument("--profile", default="quick",
                        help="quick (a CPU smoke board: 27 min on 2 idle cores with --jobs 2, measured in "
                        "datasets.py) or claims (paper-like budgets)")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    parser.add_argument("--datasets", default=None, help=f"comma-separated subset of: {', '.join(DATASETS)}")
    parser.add_argument("--costs", default=None, help="comma-separated subset of the board's costs (--list)")
    parser.add_argument("--seeds", default=None, help="comma-separated seeds (default 0-4 for both profiles)")
    parser.add_argument("--data-dir", default=None, help="folder holding the MNIST files (Stacked MNIST)")
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 2),
                        help="processes at once (default: CPU count, at most 2)")
    parser.add_argument("--threads", type=int, default=1,
                        help="TensorFlow threads per process (default 1: the board's parallelism is --jobs)")
    parser.add_argument("--board-only", action="store_true", help="only redraw LEADERBOARD.md from the results files")
    parser.add_argument("--list", action="store_true",
                        help="list the board's costs and datasets (finished runs in --out, CPU left) and exit")
    parser.add_argument("--progress", action="store_true", help="a progress bar per run")
    parser.add_argument("--no-board", action="store_true", help=argparse.SUPPRESS)  # the child processes
    return parser


def listing(out_dir: Path, profile: str) -> str:
    """The board's costs, then its datasets with the finished runs of `profile` under `out_dir` and, from the
    CPU time those runs recorded, about how much CPU the rest of each column needs."""
    lines = ["costs (from the loss registry):"]
    lines += [f"  {name:<14} {tables.cost_setting(settings)}" for name, settings in board_costs().items()]
    finished, size = tables.collect(out_dir, profile), tables.column_size(profile)
    lines += [f"datasets ({profile} profile, finished runs in {out_dir}):"]
    groups = []
    for name, spec in DATASETS.items():
        runs = [run for runs in finished.get(name, {}).values() for run in runs]
        lines.append(f"  {name:<17} {len(runs):>4}/{size}{cpu_left(runs, size - len(runs))}  {spec.description}")
        groups.append((runs, size - len(runs)))
    return "\n".join(lines + [f"  {total_cpu_left(groups)}"])


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the board's missing runs, then write LEADERBOARD.md. Exit code 0, or 2 on bad input."""
    prog = "python -m paper_runs.leaderboard"
    try:
        args = build_parser().parse_args(argv)
        if args.threads < 1:
            raise runner.UsageError(f"--threads must be >= 1, got {args.threads}")
        out_dir = Path(args.out)
        if args.list:
            print(listing(out_dir, args.profile))
            return 0
        skipped: list[str] = []
        failed: list[str] = []
        sweeps = board.plan(
            args.profile, out_dir, datasets=_names(args.datasets, list(DATASETS), "dataset(s)"),
            costs=_names(args.costs, list(board_costs()), "cost(s)"),
            seeds=runner._parse_seeds(args.seeds) if args.seeds else None, data_dir=args.data_dir,
            log=lambda line: (print(line, flush=True), skipped.append(line.removeprefix("[skip] "))))
        started = time.monotonic()
        if not args.board_only:
            total = sum(len(sweep.runs) for sweep in sweeps)
            print(f"leaderboard ({args.profile}): {total} runs in {len(sweeps)} datasets, {args.jobs} process(es)",
                  flush=True)
            if args.jobs > 1 and not args.no_board:
                child_args = ["--profile", args.profile, "--out", str(out_dir), "--threads", str(args.threads)]
                child_args += ["--seeds", args.seeds] if args.seeds else []
                child_args += ["--data-dir", args.data_dir] if args.data_dir else []
                failed = board.execute_in_processes(sweeps, args.jobs, child_args)
            else:
                processes.limit_threads(args.threads)
                board.execute_here(sweeps, progress=args.progress)
        if args.no_board:
            return 0
        path = tables.write_board(out_dir, args.profile, skipped)
        print(f"leaderboard: {time.monotonic() - started:.0f} s wall; board in {path}")
        for line in failed:
            print(f"{prog}: failed: {line} (rerun the same command to resume)", file=sys.stderr)
        return 1 if failed else 0
    except runner.UsageError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
