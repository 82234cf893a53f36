"""Faults injected into runs (issue #10): damaged checkpoints and series files, and what a rerun does with them.

One finished tiny run (checkpoints at steps 200 and 300) is copied for each case, marked `running` as if the
process had been killed right after its last checkpoint, damaged, and rerun.
"""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import tiny_paper

from paper_runs import runner

STEPS, EVERY = 300, 100


def _sweep(out):
    return runner.plan_sweep(tiny_paper.PAPER, "tiny", seeds=[0], variants=["ns"],
                             overrides=[f"steps={STEPS}", f"checkpoint_every={EVERY}"], out_dir=Path(out))


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("finished")
    sweep = _sweep(out)
    runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
    return sweep.experiment_dir / sweep.runs[0].run_id


def _interrupted_copy(finished_run, tmp_path):
    """A copy of the finished run that says `running`, as a run killed after its step-300 checkpoint."""
    sweep = _sweep(tmp_path)
    run_dir = sweep.experiment_dir / sweep.runs[0].run_id
    shutil.copytree(finished_run, run_dir)
    results_path = run_dir / "results.json"
    data = json.loads(results_path.read_text())
    results_path.write_text(json.dumps({**data, "status": "running", "claims": []}))
    return sweep, run_dir


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


DAMAGE = {
    "truncated data": lambda d: _truncate(d / "ckpt-300.data-00000-of-00001"),
    "truncated index": lambda d: _truncate(d / "ckpt-300.index"),
    "truncated series": lambda d: _truncate(d / "series-300.json"),
    "deleted series": lambda d: (d / "series-300.json").unlink(),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_latest_checkpoint_falls_back_to_the_older_one(finished_run, tmp_path, damage):
    sweep, run_dir = _interrupted_copy(finished_run, tmp_path)
    DAMAGE[damage](run_dir / "checkpoints")
    messages = []
    (data,) = runner.execute_sweep(sweep, progress=False, log=messages.append)
    damaged = [m for m in messages if m.startswith("[checkpoint]")]
    assert len(damaged) == 1 and "checkpoint at step 300 is damaged" in damaged[0], messages
    assert "[resume] tiny/quick-ns-seed0-" in " ".join(messages) and "from the checkpoint at step 200" in " ".join(messages)
    assert data["status"] == "completed" and data["step"] == STEPS
    # no hole in the series: every log step from 10 to 300 once
    assert [step for step, _ in data["metrics"]["d_loss"]] == list(range(10, STEPS + 1, 10))


def test_a_resumed_run_ends_exactly_as_the_uninterrupted_one(finished_run, tmp_path):
    sweep, run_dir = _interrupted_copy(finished_run, tmp_path)
    for path in (run_dir / "checkpoints").glob("*-300*"):  # killed between its step-200 and step-300 checkpoints
        path.unlink()
    messages = []
    (data,) = runner.execute_sweep(sweep, progress=False, log=messages.append)
    assert any("from the checkpoint at step 200" in m for m in messages), messages
    uninterrupted = json.loads((finished_run / "results.json").read_text())
    assert data["metrics"] == uninterrupted["metrics"]  # losses, Dp, R, evaluations and final sample statistics
    assert np.array_equal(np.load(run_dir / "samples.npy"), np.load(finished_run / "samples.npy"))


def test_an_empty_checkpoint_state_file_still_resumes_from_the_newest_checkpoint(finished_run, tmp_path):
    sweep, run_dir = _interrupted_copy(finished_run, tmp_path)
    (run_dir / "checkpoints" / "checkpoint").write_text("")
    messages = []
    (data,) = runner.execute_sweep(sweep, progress=False, log=messages.append)
    assert any("from the checkpoint at step 300" in m for m in messages), messages
    assert data["status"] == "completed" and data["step"] == STEPS


def test_when_no_checkpoint_restores_the_run_starts_afresh_and_says_so(finished_run, tmp_path):
    sweep, run_dir = _interrupted_copy(finished_run, tmp_path)
    for index in (run_dir / "checkpoints").glob("ckpt-*.index"):
        _truncate(index)
    messages = []
    (data,) = runner.execute_sweep(sweep, progress=False, log=messages.append)
    assert sum("is damaged" in m for m in messages) == 2
    assert any("starting from step 0" in m for m in messages) and not any("[resume]" in m for m in messages)
    fresh = json.loads((finished_run / "results.json").read_text())
    assert data["status"] == "completed" and data["metrics"]["d_loss"] == fresh["metrics"]["d_loss"]


def test_a_partial_rerun_keeps_the_full_sweeps_claims_and_another_sweep_writes_its_own(tmp_path):
    def sweep_of(*overrides, variants=None, seeds=(0, 1)):
        return runner.plan_sweep(tiny_paper.PAPER, "tiny", seeds=list(seeds), variants=variants,
                                 overrides=["steps=40", "eval_every=0", *overrides], out_dir=tmp_path)

    full = sweep_of()
    runner.execute_sweep(full, progress=False, log=lambda *_: None)
    claims_path = tmp_path / "tiny" / f"claims-{full.sweep_id}.json"
    before = json.loads(claims_path.read_text())
    assert before["claims"][0]["holds"] is True and len(before["runs"]) == 4
    # a subset of the same sweep: its claims are still drawn from all four finished runs
    runner.execute_sweep(sweep_of(variants=["mm"], seeds=(1,)), progress=False, log=lambda *_: None)
    assert json.loads(claims_path.read_text()) == before
    # a sweep with other settings gets its own claims file and figure folder; the first one is untouched
    other = sweep_of("lr=0.002", variants=["ns"], seeds=(0,))
    runner.execute_sweep(other, progress=False, log=lambda *_: None)
    assert other.sweep_id != full.sweep_id and json.loads(claims_path.read_text()) == before
    mine = json.loads((tmp_path / "tiny" / f"claims-{other.sweep_id}.json").read_text())
    assert mine["runs"] == [other.runs[0].run_id] and mine["claims"][0]["holds"] is False  # mm is missing


@pytest.mark.parametrize("argv,message", [
    (["--seeds", "-1"], "seeds must be >= 0, got -1"),
    (["batch_size=0"], "batch_size must be > 0, got 0"),
    (["batch_size=-3"], "batch_size must be > 0, got -3"),
    (["hidden=8,0"], "hidden must hold widths >= 1, got [8, 0]"),
    (["lr=0"], "lr must be > 0, got 0.0"),
])
def test_bad_settings_are_one_error_line_and_create_nothing(tmp_path, capsys, argv, message):
    out = tmp_path / "out"
    assert runner.main(tiny_paper.PAPER, ["tiny", "--out", str(out), "--quiet", *argv]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("python -m paper_runs.tiny_paper: error: ") and message in error
    assert not out.exists()


def test_an_out_path_that_is_a_file_or_unwritable_is_one_error_line(tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "results.txt"
    a_file.write_text("not a folder")
    assert runner.main(tiny_paper.PAPER, ["tiny", "--out", str(a_file), "--quiet"]) == 2
    assert capsys.readouterr().err.strip().endswith(f"--out {a_file} is a file, not a folder")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", refuse)  # root may write anywhere: simulate a read-only folder
    assert runner.main(tiny_paper.PAPER, ["tiny", "--out", str(tmp_path / "ro"), "--quiet"]) == 2
    assert capsys.readouterr().err.strip().endswith("is not writable: Permission denied")
