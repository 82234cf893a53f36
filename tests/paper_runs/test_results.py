"""Results files: atomic writes, JSON conversion, provenance, schema checks."""

import json
import os

import numpy as np
import pytest

from paper_runs import results


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    results.atomic_write_json(path, {"status": "running", "step": 1})

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the writer dies between writing the temporary file and replacing

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        results.atomic_write_json(path, {"status": "completed", "step": 2})
    assert json.loads(path.read_text()) == {"status": "running", "step": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]  # no temporary file left behind


def test_atomic_npy_round_trip(tmp_path):
    array = np.arange(12, dtype=np.float32).reshape(6, 2)
    results.atomic_save_npy(tmp_path / "samples.npy", array)
    np.testing.assert_array_equal(np.load(tmp_path / "samples.npy"), array)


def test_to_jsonable_converts_numpy_and_non_finite_values():
    converted = results.to_jsonable({"a": np.float32(0.5), "b": np.arange(2), "c": float("nan"), "d": (1, np.inf),
                                     "e": np.bool_(True), "f": np.int64(3)})
    assert converted == {"a": 0.5, "b": [0, 1], "c": None, "d": [1, None], "e": True, "f": 3}
    json.dumps(converted, allow_nan=False)


def test_versions_include_tf_gan_from_package_metadata():
    versions = results.library_versions()
    assert set(versions) == {"python", "tensorflow", "keras", "numpy", "tfds", "tf-gan"}
    assert versions["tf-gan"] == "2.1.0"


def test_validate_results_reports_missing_fields():
    problems = results.validate_results({"status": "exploded", "config": {}, "claims": [{"id": "x"}]})
    assert "missing key 'paper'" in problems
    assert "bad status 'exploded'" in problems
    assert "config lacks 'generator_loss'" in problems
    assert any("claim 'x' lacks" in p for p in problems)
