"""The claims battery: every CPU-checkable experiment of the five papers at its `claims` profile, then the
report of which claims reproduce.

    python -m paper_runs.reproduce [--profile claims] [--out results] [--only two_cluster,moons] [--jobs 2]
    python -m paper_runs.reproduce --list            # the battery's sweeps and how many runs each has done
    python -m paper_runs.reproduce --report-only     # redraw OUT/REPORT.md from the results files
    python -m paper_runs.reproduce --refresh         # also redraw complete sweeps' claims and figures

An experiment joins the battery by having a `claims` profile (its paper's own learning rate, update scheme and
networks at the smallest budget where the claim's phenomenon is expected; its `seeds["claims"]`). Each sweep is
one ordinary runner command (`python -m paper_runs.<paper> <experiment> --profile claims --out OUT/<paper>`),
so results files, checkpoints and resume are the runner's: rerunning the battery skips completed runs and
resumes interrupted ones, and it can be built up over several sittings (`--only`, `--max-minutes`). With
`--jobs N` N sweeps run at once, each in its own process. The report (`claims_report`) is drawn from the
results files only, and lists the sweeps not yet run as pending.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

from paper_runs import PAPERS
from paper_runs import processes
from paper_runs import results as results_io
from paper_runs.experiments import PROFILES, Experiment, Paper
from paper_runs.summaries import cpu_left, total_cpu_left

DEFAULT_OUT = "results"
BATTERY_PROFILES = ("quick", "claims")  # "full" is the papers' budget: days on a CPU, not a battery


def papers() -> list[Paper]:
    return [importlib.import_module(f"paper_runs.{name}").PAPER for name in PAPERS]


def battery(profile: str = "claims", only: Optional[Sequence[str]] = None) -> list[tuple[Paper, Experiment]]:
    """(paper, experiment) for every implemented experiment with a `profile` profile, in paper order; `only`
    selects by experiment name or `paper/experiment`."""
    chosen = []
    for paper in papers():
        for experiment in paper.experiments:
            if not experiment.implemented or profile not in experiment.profiles:
                continue
            if only and experiment.name not in only and f"{paper.name}/{experiment.name}" not in only:
                continue
            chosen.append((paper, experiment))
    return chosen


def planned_runs(paper: Paper, experiment: Experiment, profile: str) -> int:
    return len(experiment.default_variants(profile)) * len(experiment.seeds.get(profile, (0,)))


def finished_runs(out_dir: Path, paper: Paper, experiment: Experiment, profile: str) -> list[dict]:
    """The results of the battery sweep's completed or diverged runs on disk (a diverged run is a finished
    result)."""
    experiment_dir = Path(out_dir) / paper.name / experiment.name
    return results_io.finished_runs_of_sweep(experiment_dir, profile, experiment.default_variants(profile), {})


def sweep_command(paper: Paper, experiment: Experiment, profile: str, out_dir: Path) -> list[str]:
    return [sys.executable, "-m", f"paper_runs.{paper.name}", experiment.name, "--profile", profile,
            "--out", str(Path(out_dir) / paper.name), "--quiet"]


def run_battery(chosen: Sequence[tuple[Paper, Experiment]], profile: str, out_dir: Path, jobs: int = 1,
                deadline: Optional[float] = None, refresh: bool = False) -> list[str]:
    """Run each sweep's command, `jobs` at a time (output printed as each ends); no new sweep starts after
    `deadline` (time.monotonic()). Complete sweeps are skipped unless `refresh` (the runner then trains
    nothing and redraws the sweep's claims and figures with the current code). Returns the sweeps that failed
    (their runner exit code was not 0)."""
    waiting = [(p, e) for p, e in chosen
               if refresh or len(finished_runs(out_dir, p, e, profile)) < planned_runs(p, e, profile)]
    skipped = len(chosen) - len(waiting)
    if skipped:
        print(f"{skipped} sweep(s) already complete in {out_dir}", flush=True)
    failed = []
    names = {tuple(sweep_command(p, e, profile, out_dir)): (f"{p.name}/{e.name}", planned_runs(p, e, profile))
             for p, e in waiting}
    for name, runs in names.values():
        print(f"[reproduce] queued {name}: {runs} runs", flush=True)

    def on_end(command: Sequence[str], code: int, output: str, seconds: float) -> None:
        name = names[tuple(command)][0]
        print(output, end="", flush=True)
        print(f"[reproduce] {name}: exit {code} after {seconds:.0f} s", flush=True)
        if code != 0:
            failed.append(name)

    not_started = processes.run_processes(
        list(names), jobs, on_end, may_start=lambda: deadline is None or time.monotonic() < deadline)
    if not_started:
        print(f"[reproduce] stopped at the time limit; not started: {', '.join(names[tuple(c)][0] for c in not_started)}")
    return failed


def listing(chosen: Sequence[tuple[Paper, Experiment]], profile: str, out_dir: Path) -> str:
    """Each sweep's finished and planned runs under `out_dir` and, from the CPU time its finished runs recorded
    (since 2026-12-02), about how much CPU its remaining runs need."""
    lines, groups = [f"claims battery ({profile} profile) in {out_dir}:"], []
    for paper, experiment in chosen:
        finished, planned = finished_runs(out_dir, paper, experiment, profile), planned_runs(paper, experiment, profile)
        name, estimate = f"{paper.name}/{experiment.name}", cpu_left(finished, planned - len(finished))
        lines.append(f"  {name:<40} {len(finished):>3}/{planned:<3} runs{estimate}  {experiment.description}")
        groups.append((finished, planned - len(finished)))
    return "\n".join(lines + [f"  {total_cpu_left(groups)}"])


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_runs.reproduce", description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="claims", help=f"one of {', '.join(BATTERY_PROFILES)} (default claims)")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT}/)")
    parser.add_argument("--only", default="", help="comma-separated experiments (name or paper/name)")
    parser.add_argument("--jobs", type=int, default=1, help="sweeps run at once, one process each (default 1)")
    parser.add_argument("--max-minutes", type=float, default=None, help="start no sweep after this many minutes")
    parser.add_argument("--list", action="store_true", help="list the battery's sweeps and their progress")
    parser.add_argument("--report-only", action="store_true", help="only write OUT/REPORT.md from the results files")
    parser.add_argument("--refresh", action="store_true",
                        help="also rerun complete sweeps: no training, their claims and figures redrawn by the current code")
    args = parser.parse_args(argv)
    prog = parser.prog
    if args.profile not in BATTERY_PROFILES:
        valid = ", ".join(p for p in BATTERY_PROFILES if p in PROFILES)
        print(f"{prog}: error: unknown battery profile {args.profile!r}; valid: {valid}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print(f"{prog}: error: --jobs must be >= 1, got {args.jobs}", file=sys.stderr)
        return 2
    only = [name for name in args.only.split(",") if name]
    chosen = battery(args.profile, only)
    known = {e.name for _, e in battery(args.profile)} | {f"{p.name}/{e.name}" for p, e in battery(args.profile)}
    unknown = [name for name in only if name not in known]
    if unknown:
        print(f"{prog}: error: not in the {args.profile} battery: {', '.join(unknown)}; see --list", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    try:
        results_io.check_output_dir(out_dir)
    except ValueError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    if args.list:
        print(listing(chosen, args.profile, out_dir))
        return 0
    failed = []
    if not args.report_only:
        deadline = None if args.max_minutes is None else time.monotonic() + 60.0 * args.max_minutes
        failed = run_battery(chosen, args.profile, out_dir, args.jobs, deadline, refresh=args.refresh)
    from paper_runs import claims_report

    path = claims_report.write(out_dir, battery(args.profile), args.profile)
    print(f"[reproduce] report: {path}")
    if failed:
        print(f"{prog}: error: sweeps failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
