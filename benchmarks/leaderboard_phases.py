"""Where a leaderboard run's time goes: a per-phase breakdown (wall and process CPU seconds) of board runs
executed in one process as a board child executes them (issue #16).

    python -m benchmarks.leaderboard_phases --dataset ring8 --costs ns,mm --seeds 0,1,2 [--data-dir DIR]

Phases are timed by wrapping the functions the runner calls (exclusive time: a phase's time excludes the phases
timed inside it). `train_function call 1` is the first compiled execution of a run, tracing included; the later
calls are `train_function call 2+`. The machine is shared, so CPU time (time.process_time, all threads of this
process) is the steadier number; wall time is inflated by the other processes.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


class PhaseTimer:
    """Exclusive wall / CPU seconds per phase name, nested timings subtracted from their parent."""

    def __init__(self) -> None:
        self.totals: dict[str, list[float]] = {}
        self._stack: list[list[float]] = []  # [child wall, child cpu] per open phase

    @contextlib.contextmanager
    def phase(self, name: str):
        wall, cpu = time.perf_counter(), time.process_time()
        self._stack.append([0.0, 0.0])
        try:
            yield
        finally:
            children = self._stack.pop()
            spent_wall, spent_cpu = time.perf_counter() - wall, time.process_time() - cpu
            total = self.totals.setdefault(name, [0.0, 0.0, 0])
            total[0] += spent_wall - children[0]
            total[1] += spent_cpu - children[1]
            total[2] += 1
            if self._stack:
                self._stack[-1][0] += spent_wall
                self._stack[-1][1] += spent_cpu

    def wrap(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            with self.phase(name):
                return original(*args, **kwargs)

        setattr(owner, attribute, timed)

    def take(self) -> dict[str, list[float]]:
        totals, self.totals = self.totals, {}
        return totals


def instrument(timer: PhaseTimer) -> None:
    """Wrap the runner's phases (see the module docstring)."""
    import tensorflow as tf

    from paper_runs import results as results_io
    from paper_runs import runner, training
    from tfgan_repro import callbacks as cb
    from tfgan_repro.gan import GAN

    timer.wrap(training, "call_user_setup", "build (data, models, latents)")
    timer.wrap(GAN, "compile", "gan.compile (optimizer slots)")
    timer.wrap(runner, "train_gan", "train_gan (other: fit overhead, data pipeline)")
    timer.wrap(runner, "finish_gan_run", "finish (other: metrics)")
    timer.wrap(GAN, "generate", "finish: generate")
    timer.wrap(training, "save_final_generator", "generator.keras save")
    timer.wrap(tf.train.CheckpointManager, "save", "checkpoint save")
    timer.wrap(training._CheckpointStore, "__init__", "checkpoint store set-up")
    timer.wrap(training._CheckpointStore, "restore", "checkpoint restore probe")
    timer.wrap(cb.SummaryWriter, "__init__", "tensorboard writer")
    timer.wrap(cb.SummaryWriter, "on_step_end", "tensorboard writer")
    timer.wrap(cb.SummaryWriter, "on_train_end", "tensorboard writer")
    timer.wrap(results_io.ResultsWriter, "__init__", "results: versions + git commit")
    timer.wrap(results_io.ResultsWriter, "write", "results.json writes")
    timer.wrap(results_io, "atomic_save_npy", "samples.npy")
    timer.wrap(runner, "execute_run", "execute_run (other)")

    original = GAN.make_train_function

    def make_train_function(self, force=False):
        function = original(self, force)
        if getattr(function, "_timed", False):
            return function
        calls = [0]

        def timed(*args, **kwargs):
            calls[0] += 1
            with timer.phase("train_function call 1 (trace + steps)" if calls[0] == 1 else "train_function call 2+"):
                return function(*args, **kwargs)

        timed._timed = True
        self.train_function = timed
        return timed

    GAN.make_train_function = make_train_function


def process_start(python: str = sys.executable) -> tuple[float, float]:
    """(wall, CPU incl. children) seconds of a bare board child's imports: TF, Keras and the board modules."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([python, "-c", "import tensorflow, keras; import paper_runs.leaderboard.board"], check=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def report(title: str, totals: dict[str, list[float]], runs: int, out: Callable[[str], None] = print) -> None:
    out(f"{title} (per run, mean of {runs}):")
    out(f"  {'phase':<52} {'wall s':>8} {'cpu s':>8}")
    for name, (wall, cpu, _) in sorted(totals.items(), key=lambda item: -item[1][1]):
        out(f"  {name:<52} {wall / runs:8.3f} {cpu / runs:8.3f}")
    wall, cpu = sum(v[0] for v in totals.values()) / runs, sum(v[1] for v in totals.values()) / runs
    out(f"  {'total':<52} {wall:8.3f} {cpu:8.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="ring8")
    parser.add_argument("--costs", default="ns")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--profile", default="quick")
    parser.add_argument("--threads", type=int, default=None, help="TF intra- and inter-op threads (default: TF's)")
    parser.add_argument("--summary", action="store_true", help="only the mean over runs 2+ (runs on a traced GAN)")
    args = parser.parse_args(argv)

    wall, cpu = process_start()
    print(f"process start (imports of a board child): {wall:.2f} s wall, {cpu:.2f} s cpu")

    from paper_runs import runner
    from paper_runs.leaderboard import board

    if args.threads:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    timer = PhaseTimer()
    instrument(timer)
    runner.enable_determinism()
    later: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as out:
        sweep = board.plan(args.profile, Path(out), datasets=[args.dataset], costs=args.costs.split(","),
                           seeds=[int(s) for s in args.seeds.split(",")], data_dir=args.data_dir,
                           log=lambda line: None)[0]
        sweep = runner.for_this_process(sweep)
        for index, spec in enumerate(sweep.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            runner.execute_run(sweep, spec, progress=False, log=lambda line: None)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            totals = timer.take()
            if not args.summary:
                report(f"run {index + 1}: {spec.run_id} ({wall:.2f} s wall, {cpu:.2f} s cpu)", totals, 1)
            if index:
                for name, (phase_wall, phase_cpu, _) in totals.items():
                    kept = later.setdefault(name, [0.0, 0.0, 0])
                    kept[0], kept[1] = kept[0] + phase_wall, kept[1] + phase_cpu
    if len(sweep.runs) > 1:
        report(f"runs 2-{len(sweep.runs)}, threads {args.threads or 'default'}", later, len(sweep.runs) - 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
