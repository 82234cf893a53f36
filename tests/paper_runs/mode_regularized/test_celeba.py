"""003 CelebA missing modes (Table 3): the one-line missing-data error, and the whole pipeline on mock faces."""

import json

import numpy as np
import pytest

from paper_runs import mode_regularized, results, runner
from paper_runs.mode_regularized import celeba


def test_without_celeba_the_run_stops_with_one_line(tmp_path, capsys):
    code = runner.main(mode_regularized.PAPER, ["celeba_missing_modes", "--out", str(tmp_path),
                                                "--data-dir", str(tmp_path), "--variants", "dcgan100"])
    error = capsys.readouterr().err.strip()
    assert code == 2 and len(error.splitlines()) == 1 and "missing data" in error and "CelebA" in error


@pytest.mark.slow
def test_every_model_runs_on_mock_faces_and_claims_say_mock(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    faces = {"train": rng.integers(0, 256, (48, 64, 64, 3)).astype(np.uint8),
             "test": rng.integers(0, 256, (20, 64, 64, 3)).astype(np.uint8), "source": "mock"}
    monkeypatch.setattr(celeba, "load_celeba", lambda config, context: faces)
    models = ["dcgan200", "reg_gan200", "mdgan200"]  # every model class; the 100-d pair is the same code
    sweep = runner.plan_sweep(mode_regularized.PAPER, "celeba_missing_modes", seeds=[0], out_dir=tmp_path,
                              variants=models, overrides=["steps=2", "steps_per_execution=2", "log_every=2", "checkpoint_every=2",
                                         "base_channels=4", "batch_size=4", "final_samples=16",
                                         "estimator_images=16", "estimator_steps=2"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["variant"] for r in runs] == models
    assert all(r["status"] == "completed" for r in runs)
    for run in runs:
        metrics = run["metrics"]
        assert metrics["data_source"] == "mock" and metrics["num_test"] == 20
        assert all(0 <= metrics[f"missing_sigma{s}"] <= 20 for s in celeba.NOISE_STDS)
    mdgan = next(r for r in runs if r["variant"] == "mdgan200")["metrics"]
    assert "d1_loss" in mdgan and "e_loss" in mdgan
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert len(claims) == 6 and all(c["holds"] is None for c in claims)
    judged = [c for c in claims if "dcgan200" in c["id"]]
    assert len(judged) == 4 and all("mock data" in c["measured_value"]["undecided"] for c in judged)
