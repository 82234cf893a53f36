"""004 imbalanced MNIST (paper_runs.landscape.mnist): a tiny run on mock digits, its claims and figures."""

from __future__ import annotations

import json

import numpy as np
import pytest

from paper_runs import landscape, results, runner
from paper_runs.landscape import mnist


@pytest.mark.slow
def test_mnist_imbalanced_builds_and_trains_on_mock_arrays(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    labels = np.array([5, 7] * 60)
    digits = (rng.uniform(0, 255, (len(labels), 28, 28))).astype(np.uint8)
    monkeypatch.setattr(mnist, "_load_mnist", lambda config, context: (digits, labels))
    sweep = runner.plan_sweep(landscape.PAPER, "mnist_imbalanced", seeds=[0], variants=["js", "rs"], out_dir=tmp_path,
                              overrides=["steps=4", "steps_per_execution=2", "log_every=2", "checkpoint_every=4",
                                         "width=0.125", "batch_size=8", "num_samples=64", "fd_samples=12"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed", "completed"]
    metrics = runs[0]["metrics"]
    assert metrics["data_fraction_five"] == pytest.approx(12 / 72, abs=1e-3)  # 5s kept at 20%: 12 of 60, with 60 sevens
    assert 0.0 <= metrics["fraction_five"] <= 1.0 and 0 <= metrics["fives_in_64"] <= 64
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert claims[0]["id"] == "mnist_imbalanced_rs_closer"
    # 4 steps on noise digits: judged only when both runs' samples read as 5s or 7s (claims' learned gate).
    assert claims[0]["holds"] in (True, False) or "learned nothing" in claims[0]["measured_value"]["undecided"]
    assert (tmp_path / "mnist_imbalanced" / sweep.runs[0].run_id / "samples.png").is_file()
    assert (results.figure_dir(sweep.experiment_dir, sweep.sweep_id) / "fig12_fraction_five.png").is_file()


def _fives_run(variant: str, seed: int, fraction_five: float) -> dict:
    return {"variant": variant, "seed": seed, "status": "completed",
            "metrics": {"fraction_five": fraction_five, "data_fraction_five": 0.15, "fraction_other_digits": 0.05}}


def test_fives_rates_judge_js_dropping_and_rs_keeping_the_fives_over_seeds():
    # JS under a quarter of the data's 0.15 (0.0375) in 10 of 10 seeds; RS at half of it (0.075) or more in 5 of 10.
    runs = ([_fives_run("js", s, 0.01 * (s % 3)) for s in range(10)]
            + [_fives_run("rs", s, 0.2 if s < 5 else 0.05) for s in range(10)])
    claims = {c.id: c for c in mnist.mnist_imbalanced_claims(runs)}
    assert claims["mnist_js_drops_fives"].holds is True
    assert claims["mnist_js_drops_fives"].measured_value["rate"] == 1.0
    assert claims["mnist_rs_keeps_fives"].holds is None  # 5 of 10: the interval straddles 1/2
    assert claims["mnist_imbalanced_rs_closer"].holds is True  # medians: RS 0.125 (gap 0.025), JS 0.01 (gap 0.14)
