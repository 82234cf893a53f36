"""paper_runs.processes: a slot is refilled as soon as any child ends; outputs whole; the start gate."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paper_runs.processes import run_processes


def _child(seconds: float, text: str, code: int = 0) -> list:
    return [sys.executable, "-c", f"import time, sys; time.sleep({seconds}); print({text!r}); sys.exit({code})"]


def test_a_free_slot_is_refilled_when_any_child_ends():
    ended = []
    started = time.monotonic()
    # slow (1.5 s) and fast (0.1 s) start together; the two short ones must run while slow is still going
    left = run_processes([_child(1.5, "slow"), _child(0.1, "fast"), _child(0.1, "next"), _child(0.1, "last")], 2,
                         lambda command, code, output, seconds: ended.append((output.strip(), code)))
    assert left == []
    assert [text for text, _ in ended] == ["fast", "next", "last", "slow"]
    assert time.monotonic() - started < 3.0  # not 1.5 + 0.1 + 0.1 (waiting for the oldest first)


def test_exit_codes_and_the_start_gate():
    ended = []
    gate = iter([True, False])
    commands = [_child(0, "fails", code=3), _child(0, "never")]
    left = run_processes(commands, 1, lambda command, code, output, seconds: ended.append((output.strip(), code)),
                         may_start=lambda: next(gate, False))
    assert ended == [("fails", 3)]
    assert left == [commands[1]]


def test_sigterm_to_the_parent_stops_its_running_children(tmp_path):
    """`kill PARENT` (SIGTERM) ends the children too, and the parent exits with the signal's status (143): the
    battery's sweeps must not keep training after reproduce is stopped."""
    pid_file = tmp_path / "child.pid"
    child = [sys.executable, "-c", f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"]
    parent = subprocess.Popen([sys.executable, "-c", "import sys; from paper_runs.processes import run_processes; "
                               f"run_processes([{child!r}], 1, lambda *a: None)"], cwd=Path(__file__).parents[2])
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child_pid = int(pid_file.read_text())
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=30) == 143
    with pytest.raises(ProcessLookupError):  # the child is gone (reaped by the parent)
        os.kill(child_pid, 0)
