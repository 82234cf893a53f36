"""The command line under --strategy multiworker (two workers on 127.0.0.1 sharing one --out) and mirrored.

Only the chief writes into --out; the other worker's temporary folder is gone when it exits; R and the losses
are the single-process values (global batch); a restarted cluster resumes from the chief's checkpoint.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tfgan_repro import distribute

SCRIPT = Path(__file__).with_name("multiworker_paper.py")
ARGS = ["fixed", "--quiet", "--seeds", "0", "steps=40", "checkpoint_every=20", "eval_every=20"]


def _start(out, tmp, extra=(), env=None):
    return subprocess.Popen([sys.executable, str(SCRIPT), *ARGS, "--out", str(out), *extra],
                            env={**os.environ, "TMPDIR": str(tmp), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _cluster(out, tmp):
    """Both workers' (exit code, output)."""
    processes = [_start(out, tmp, ["--strategy", "multiworker"], {"TF_CONFIG": tf_config})
                 for tf_config in distribute.local_cluster(2)]
    return [(p.returncode, output) for p in processes for output in [p.communicate(timeout=300)[0]]]


def _run_dir(out):
    (run_dir,) = (Path(out) / "fixed").glob("quick-*")
    return run_dir


def _files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def _rewind_to_first_checkpoint(run_dir):
    """What a cluster killed between the two checkpoints leaves: results 'running' at step 20, ckpt-20."""
    results = json.loads((run_dir / "results.json").read_text())
    results.update(status="running", step=20)
    (run_dir / "results.json").write_text(json.dumps(results))
    checkpoints = run_dir / "checkpoints"
    for path in checkpoints.glob("*40*"):
        path.unlink()
    (checkpoints / "checkpoint").write_text('model_checkpoint_path: "ckpt-20"\nall_model_checkpoint_paths: "ckpt-20"\n')


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    out, tmp = tmp_path_factory.mktemp("single"), tmp_path_factory.mktemp("single_tmp")
    process = _start(out, tmp)
    output = process.communicate(timeout=300)[0]
    assert process.returncode == 0, output[-3000:]
    return json.loads((_run_dir(out) / "results.json").read_text())


def test_two_workers_write_one_run_from_the_chief_and_resume_from_its_checkpoint(single, tmp_path):
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    for code, output in _cluster(out, tmp):
        assert code == 0, output[-3000:]
    run_dir = _run_dir(out)
    results = json.loads((run_dir / "results.json").read_text())
    assert results["status"] == "completed" and results["step"] == 40
    assert results["config"]["strategy"] == "multiworker" and results["replicas"] == 2
    # No stray files: one run folder, the chief's files only; the other worker's temporary folder is gone.
    assert [p.name for p in out.iterdir()] == ["fixed"]
    sweep_id = "quick-" + run_dir.name.rsplit("-", 1)[1]  # the profile and the overrides' hash
    assert sorted(p.name for p in (out / "fixed").iterdir()) == sorted([f"claims-{sweep_id}.json", run_dir.name])
    assert {Path(f).parts[0] for f in _files(run_dir)} == {"checkpoints", "results.json", "samples.npy",
                                                           "samples.png", "tensorboard", "generator.keras"}
    assert results["files"] == {"generator": "generator.keras", "samples": "samples.npy"}  # the chief's
    assert len(list((run_dir / "tensorboard").iterdir())) == 1
    assert list(tmp.iterdir()) == []
    # R from the global batch's mean Dp: the single-process values (the two halves' means differ).
    for key in ("nsat_R", "fake_dp", "d_loss", "g_loss"):
        assert [s for s, _ in results["metrics"][key]] == [s for s, _ in single["metrics"][key]]
        assert [v for _, v in results["metrics"][key]] == pytest.approx([v for _, v in single["metrics"][key]], rel=1e-4)

    _rewind_to_first_checkpoint(run_dir)
    for code, output in _cluster(out, tmp):
        assert code == 0, output[-3000:]
        assert "from the checkpoint at step 20" in output
    resumed = json.loads((run_dir / "results.json").read_text())
    assert resumed["status"] == "completed"
    # The worker restored the chief's step-20 weights: the resumed run repeats the uninterrupted one.
    assert [v for _, v in resumed["metrics"]["nsat_R"]] == pytest.approx([v for _, v in results["metrics"]["nsat_R"]], rel=1e-5)
    assert list(tmp.iterdir()) == []


def test_mirrored_on_two_logical_cpus_matches_one_process(single, tmp_path):
    out = tmp_path / "out"
    process = _start(out, tmp_path, ["--strategy", "mirrored", "--logical-devices", "2"])
    output = process.communicate(timeout=300)[0]
    assert process.returncode == 0, output[-3000:]
    results = json.loads((_run_dir(out) / "results.json").read_text())
    assert results["status"] == "completed" and results["replicas"] == 2
    assert [v for _, v in results["metrics"]["nsat_R"]] == pytest.approx([v for _, v in single["metrics"]["nsat_R"]], rel=1e-4)
