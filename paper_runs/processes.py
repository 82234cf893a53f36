"""Child processes, a few at a time: the main job's experiments, the battery's sweeps, the board's columns.

A free slot is refilled as soon as any child ends (not when the oldest does: on 2 cores an early short child
would otherwise leave a core idle). Each child's output goes to a temporary file and is handed over whole
when it ends, so the outputs of children running at once never interleave and no pipe can fill up.
`limit_threads` is what each such child does first.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import tempfile
import threading
import time
from typing import Callable, Optional, Sequence


def run_processes(
    commands: Sequence[Sequence[str]],
    jobs: int,
    on_end: Callable[[Sequence[str], int, str, float], None],
    may_start: Optional[Callable[[], bool]] = None,
    poll_seconds: float = 0.2,
) -> list[Sequence[str]]:
    """Run `commands` (argument lists) in order, `jobs` at once; `on_end(command, exit code, output, wall
    seconds)` as each ends. No command starts once `may_start()` is false. Returns the commands not started."""
    waiting = list(commands)
    running: list = []  # (command, process, output file, start time)
    with _children_stopped_on_exit(running):
        _run(waiting, running, jobs, on_end, may_start, poll_seconds)
    return waiting


class Terminated(SystemExit):
    """This process got SIGTERM while children ran (exit status 143, as the signal's default)."""


@contextlib.contextmanager
def _children_stopped_on_exit(running: list):
    """Whatever ends this process's wait (Ctrl-C, SIGTERM, an error), its running children are stopped first: a
    `kill PID` of the parent alone would otherwise leave them training into folders nobody reads. (An
    interrupted run resumes from its last checkpoint.)"""
    def terminated(signum, frame):
        raise Terminated(128 + signum)

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        for _, process, _, _ in running:
            if process.poll() is None:
                process.terminate()
        for _, process, output, _ in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            output.close()


def _run(waiting: list, running: list, jobs: int, on_end, may_start, poll_seconds: float) -> None:
    while waiting or running:
        while waiting and len(running) < max(1, jobs) and (may_start is None or may_start()):
            command = waiting.pop(0)
            output = tempfile.TemporaryFile(mode="w+")
            process = subprocess.Popen(list(command), stdout=output, stderr=subprocess.STDOUT, text=True)
            running.append((command, process, output, time.monotonic()))
        if not running:
            break  # nothing may start any more
        ended = [entry for entry in running if entry[1].poll() is not None]
        if not ended:
            time.sleep(poll_seconds)
        for entry in ended:
            running.remove(entry)
            command, process, output, started = entry
            output.seek(0)
            text = output.read()
            output.close()
            on_end(command, process.returncode, text, time.monotonic() - started)


def limit_threads(threads: int) -> None:
    """TensorFlow's intra- and inter-op thread pools of this process at `threads` each (before any op runs).

    Why: the toy and board nets are small and run several processes at once; measured on 2 shared cores
    (benchmarks.leaderboard_phases --threads 1, benchmarks.toy_step --threads 1), one thread per process spends
    15-25 % less CPU per step than TF's default pools, whose threads spin waiting on each other and on the
    other processes. The numbers of a run do not change (op determinism)."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(int(threads))
    tf.config.threading.set_inter_op_parallelism_threads(int(threads))
