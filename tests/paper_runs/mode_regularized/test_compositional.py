"""003 compositional MNIST (Table 2): claims per set, a tiny DCGAN / Reg-DCGAN run on mock digits."""

import json

import numpy as np
import pytest

from paper_runs import mode_regularized, results, runner
from paper_runs.mode_regularized import compositional


def _run(variant, missed, kl, covered=500):
    return {"variant": variant, "status": "completed",
            "metrics": {"modes_missed": missed, "kl_to_train": kl, "modes_covered": covered}}


def test_claims_per_set_with_table2_beside():
    runs = [_run(f"dcgan_set{k}", 200, 0.8) for k in compositional.SETS]
    runs += [_run(f"reg_dcgan_set{k}", 50, 0.9) for k in compositional.SETS]
    claims = compositional.compositional_claims(runs)
    assert len(claims) == 8
    assert [c.holds for c in claims] == [True, False] * 4
    assert claims[0].paper_value == [32.1, 204.7] and claims[7].paper_value == [67.8, 77.8]
    runs[0]["metrics"]["modes_covered"] = 3  # DCGAN set 1 learned nothing: its comparisons are undecided
    assert [c.holds for c in compositional.compositional_claims(runs)[:2]] == [None, None]


@pytest.mark.slow
def test_compositional_runs_on_mock_digits(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    digits, labels = rng.integers(0, 256, (100, 28, 28)).astype(np.uint8), np.arange(100) % 10
    monkeypatch.setattr(compositional, "load_mnist", lambda context: (digits, labels))
    sweep = runner.plan_sweep(mode_regularized.PAPER, "compositional_mnist", seeds=[0], out_dir=tmp_path,
                              variants=["dcgan_set2", "reg_dcgan_set2"],
                              overrides=["steps=2", "steps_per_execution=2", "log_every=2", "checkpoint_every=2",
                                         "base_channels=4", "batch_size=4", "num_examples=64", "final_samples=16"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed", "completed"]
    for run in runs:
        metrics = run["metrics"]
        assert metrics["modes_missed"] + metrics["modes_covered"] == 1000 and metrics["kl_to_train"] >= 0
    assert "reconstruction_distance" in runs[1]["metrics"]
    assert (results.figure_dir(sweep.experiment_dir, sweep.sweep_id) / "table2.png").is_file()
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert [c["id"] for c in claims][:2] == ["table2_set1_modes_missed", "table2_set1_kl_to_train"]
