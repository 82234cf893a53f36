"""The command line: listing, one-line errors with exit code 2, SIGKILL and resume."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tiny_paper

from paper_runs import __main__ as paper_runs_main
from paper_runs import runner

REPO = Path(__file__).resolve().parents[2]
TINY_SCRIPT = Path(tiny_paper.__file__)


def _error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_list_shows_every_experiment_with_one_line(capsys):
    assert runner.main(tiny_paper.PAPER, ["--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() [:2] == ["tiny", "a"]
    assert out[2].endswith("[not implemented yet]")


@pytest.mark.parametrize(
    "argv,message",
    [
        (["nosuch"], "unknown experiment 'nosuch' for paper tiny_paper; valid: tiny, later"),
        (["later"], "experiment 'later' of tiny_paper is not implemented yet"),
        (["tiny", "nosuch_key=3"], "unknown override key 'nosuch_key'"),
        (["tiny", "steps=ten"], "override steps='ten': expected an int"),
        (["tiny", "--profile", "huge"], "unknown profile 'huge'; valid: quick, claims, full"),
        (["tiny", "--seeds", "a,b"], "--seeds 'a,b': expected comma-separated integers"),
        (["tiny", "--strategy", "tpu"], "unknown strategy 'tpu'"),
        (["tiny", "--data-dir", "/nonexistent/data"], "missing data: --data-dir /nonexistent/data is not a directory"),
        (["tiny", "--bogus"], "unrecognized arguments: --bogus"),
        ([], "no experiment given; use --list to see them"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_code_2(capsys, argv, message):
    assert runner.main(tiny_paper.PAPER, argv) == 2
    line = _error_line(capsys)
    assert line.startswith("python -m paper_runs.tiny_paper: error: ") and message in line


def test_unknown_paper(capsys):
    assert paper_runs_main.main(["nosuch", "ring"]) == 2
    assert "unknown paper 'nosuch'" in _error_line(capsys)


@pytest.mark.slow
def test_paper_module_errors_in_a_fresh_process_print_only_the_error():
    completed = subprocess.run(
        [sys.executable, "-m", "paper_runs.sample_weighting", "ring", "steps=1.5"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [
        "python -m paper_runs.sample_weighting: error: override steps='1.5': expected an int"
    ]


@pytest.mark.slow
def test_sigkill_then_rerun_resumes_and_completes(tmp_path):
    command = [sys.executable, str(TINY_SCRIPT), "tiny", "--out", str(tmp_path), "--variants", "ns", "--quiet",
               "steps=4000", "checkpoint_every=200", "eval_every=1000"]
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    results_path = tmp_path / "tiny" / next(iter(runner.plan_sweep(
        tiny_paper.PAPER, "tiny", variants=["ns"], overrides=["steps=4000", "checkpoint_every=200", "eval_every=1000"],
        out_dir=tmp_path).runs)).run_id / "results.json"
    process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    killed_at = None
    while time.monotonic() < deadline and process.poll() is None:
        if results_path.is_file():
            data = json.loads(results_path.read_text())
            if data["status"] == "running" and data["step"] >= 400:
                os.kill(process.pid, signal.SIGKILL)
                killed_at = data["step"]
                break
        time.sleep(0.05)
    process.wait(timeout=30)
    assert killed_at is not None, "the run finished (or never checkpointed) before it could be killed"
    assert json.loads(results_path.read_text())["status"] == "running"

    rerun = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "[resume] tiny/" in rerun.stdout
    data = json.loads(results_path.read_text())
    assert data["status"] == "completed" and data["step"] == data["total_steps"] == 4000
    steps = [step for step, _ in data["metrics"]["d_loss"]]
    assert steps == sorted(set(steps)) and steps[-1] == 4000  # one series, no repeats across the kill
    assert data["claims"][0]["id"] == "tiny_mean"
