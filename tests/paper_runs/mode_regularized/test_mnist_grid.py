"""003 MNIST grid (Fig 3): the sampled Table 1 settings, the claim, a tiny run on mock digits."""

import json

import numpy as np
import pytest

from paper_runs import mode_regularized, results, runner
from paper_runs.mode_regularized import mnist_grid


def test_sampled_grid_is_fixed_distinct_and_inside_table1():
    settings = mnist_grid.sampled_grid()
    assert settings == mnist_grid.sampled_grid() and len(settings) == mnist_grid.GRID_SAMPLES
    assert len({mnist_grid.setting_name(s) for s in settings}) == len(settings)
    for setting in settings:
        assert all(setting[key] in values for key, values in mnist_grid.TABLE1.items())
    variants = mnist_grid.MNIST_GRID_EXPERIMENT.variants
    assert len(variants) == 2 * len(settings)
    name = mnist_grid.setting_name(settings[0])
    assert variants[f"reg_gan_{name}"] == {**settings[0], "model": "reg_gan"}


def _run(model, score, classes=(0.5, 0.5) + (0.0,) * 8):
    return {"status": "completed", "config": {"model": model},
            "metrics": {"mode_score": score, "class_frequencies": list(classes)}}


def test_grid_claim_compares_medians_and_needs_some_learned_run():
    runs = [_run("gan", s) for s in (1.0, 2.0, 8.0)] + [_run("reg_gan", s) for s in (5.0, 6.0, 1.0)]
    (claim,) = mnist_grid.grid_claims(runs)
    assert claim.holds is True and claim.measured_value["median_reg_gan_gan"] == [5.0, 2.0]
    assert claim.measured_value["min_max"] == [[1.0, 6.0], [1.0, 8.0]]
    collapsed = (1.0,) + (0.0,) * 9
    runs = [_run("gan", 1.0, collapsed), _run("reg_gan", 5.0)]
    (claim,) = mnist_grid.grid_claims(runs)
    assert claim.holds is None and "no gan run learned digits" in claim.measured_value["undecided"]


@pytest.mark.slow
def test_grid_runs_on_mock_digits(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    digits, labels = rng.integers(0, 256, (64, 28, 28)).astype(np.uint8), np.arange(64) % 10
    monkeypatch.setattr(mnist_grid, "load_mnist", lambda context: (digits, labels))
    name = mnist_grid.setting_name(mnist_grid.sampled_grid()[0])
    sweep = runner.plan_sweep(mode_regularized.PAPER, "mnist_grid", seeds=[0], out_dir=tmp_path,
                              variants=[f"gan_{name}", f"reg_gan_{name}"],
                              overrides=["steps=4", "steps_per_execution=2", "log_every=2", "checkpoint_every=4",
                                         "width_divisor=16", "batch_size=8", "final_samples=32"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed", "completed"]
    for run in runs:
        assert run["metrics"]["mode_score"] > 0 and len(run["metrics"]["class_frequencies"]) == 10
    assert "e_loss" in runs[1]["metrics"]
    assert (results.figure_dir(sweep.experiment_dir, sweep.sweep_id) / "fig3_mode_scores.png").is_file()
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert claims[0]["id"] == "mnist_grid_reg_gan_higher_mode_score"
