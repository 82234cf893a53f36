"""Results files: atomic writes, JSON conversion, provenance, schema checks."""

import json
import os

import numpy as np
import pytest

from paper_runs import json_values, results


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
    converted = json_values.to_jsonable({"a": np.float32(0.5), "b": np.arange(2), "c": float("nan"), "d": (1, np.inf),
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


def test_float32_precision_keeps_every_float32_and_shortens_the_text():
    logged = np.float32(1.3554173)  # a loss as a float32 tensor gives it
    as_python = float(logged)
    assert as_python == 1.3554172515869141  # what float() writes: 17 digits, 10 of them noise
    compact = json_values.at_float32_precision({"d_loss": [[100, as_python]], "step": 3, "ok": True})
    assert np.float32(compact["d_loss"][0][1]) == logged
    assert json.dumps(compact) == '{"d_loss": [[100, 1.3554173]], "step": 3, "ok": true}'
    # a float64 measurement moves by at most half a float32 spacing
    assert abs(json_values.at_float32_precision(0.1234567891234) - 0.1234567891234) <= np.spacing(np.float32(0.12)) / 2
    # outside float32's normal range nothing is rounded (it would become inf or lose digits)
    for value in (1e300, -1e-300, 0.0, float("inf")):
        assert json_values.at_float32_precision(value) == value


def test_results_writer_writes_metrics_at_float32_precision(tmp_path):
    from types import SimpleNamespace

    sweep = SimpleNamespace(paper=SimpleNamespace(name="p"), experiment=SimpleNamespace(name="e"), profile="quick",
                            sweep_id="quick")
    spec = SimpleNamespace(variant="v", seed=0, config={"steps": 2})
    context = SimpleNamespace(notes=[], strategy=SimpleNamespace(num_replicas_in_sync=1))
    writer = results.ResultsWriter(sweep, spec, tmp_path, context, prior_seconds=5.0, prior_cpu_seconds=7.0)
    sum(i * i for i in range(300_000))  # some CPU time between start and write
    writer.write(status=results.STATUS_COMPLETED, step=2,
                 metrics={"d_loss": [[1, float(np.float32(0.69314718))], [2, np.float32(0.5)]]})
    text = (tmp_path / results.RESULTS_FILE).read_text()
    assert "[1, 0.6931472]" in text and "[2, 0.5]" in text
    written = json.loads(text)
    assert written["metrics"]["d_loss"] == [[1, 0.6931472], [2, 0.5]]
    # a resumed run adds its earlier attempts' times
    assert written["wall_seconds"] > 5.0 and written["cpu_seconds"] > 7.0


def test_results_json_puts_a_time_series_on_one_line(tmp_path):
    data = {"series": [[0, 0.5], [10, None]], "snapshots": [[0, [1.0, 2.0]]], "text": "a [\n b", "flat": [1, 2]}
    path = tmp_path / "r.json"
    results.atomic_write_json(path, data)
    text = path.read_text()
    assert '"series": [[0, 0.5], [10, null]]' in text
    assert '"flat": [1, 2]' in text
    assert json.loads(text) == {**data, "series": [[0, 0.5], [10, None]]}
