"""scripts/compact_results.py: thinning figure-only loss series of committed claims runs."""

import importlib.util
import json
from pathlib import Path

import pytest

from paper_runs import results as results_io

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "compact_results.py"


@pytest.fixture(scope="module")
def compact_results():
    spec = importlib.util.spec_from_file_location("compact_results", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_run(out_dir: Path, experiment: str, profile: str, series_end: int) -> Path:
    path = out_dir / experiment / f"{profile}-ns-seed0" / results_io.RESULTS_FILE
    metrics = {
        "d_loss": [[step, 0.5] for step in range(100, series_end + 1, 100)],
        "eval_modes_covered": [[step, 8] for step in range(0, series_end + 1, 1000)],
    }
    results_io.atomic_write_json(path, {"profile": profile, "metrics": metrics, "notes": ["a note"], "seed": 0})
    return path


def test_thins_named_series_of_claims_runs_keeping_the_last_point(tmp_path, compact_results):
    claims_run = _write_run(tmp_path, "moons/moons", "claims", series_end=7_300)  # a diverged run's end
    quick_run = _write_run(tmp_path, "moons/moons", "quick", series_end=7_300)
    other_experiment = _write_run(tmp_path, "landscape/two_cluster", "claims", series_end=7_300)
    before = {path: path.read_bytes() for path in (quick_run, other_experiment)}

    rewritten, size_before, size_after = compact_results.compact(tmp_path)

    data = json.loads(claims_run.read_text())
    assert [step for step, _ in data["metrics"]["d_loss"]] == [2500, 5000, 7300]
    assert len(data["metrics"]["eval_modes_covered"]) == 8  # not a named series: untouched
    assert data["notes"][0] == "a note" and "thinned" in data["notes"][1]
    assert all(path.read_bytes() == text for path, text in before.items())  # quick profile, other experiment
    assert rewritten == 1 and size_after < size_before

    assert compact_results.compact(tmp_path)[0] == 0  # idempotent: the note is not added twice


def test_only_named_experiment_folders_are_read(tmp_path, compact_results):
    moons_run = _write_run(tmp_path, "moons/moons", "claims", series_end=5_000)
    ring_run = _write_run(tmp_path, "sample_weighting/ring", "claims", series_end=5_000)
    ring_text = ring_run.read_bytes()

    assert compact_results.compact(tmp_path, ["moons/moons"])[0] == 1
    assert ring_run.read_bytes() == ring_text
    assert len(json.loads(moons_run.read_text())["metrics"]["d_loss"]) == 2
