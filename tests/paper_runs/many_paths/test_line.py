"""001 synthetic experiments (paper_runs.many_paths.line): the metric of a generator, a short run, the claims."""

from __future__ import annotations

import json

import numpy as np
import pytest

from paper_runs import many_paths, results, runner
from paper_runs.many_paths import line
from tfgan_repro.data import toy

TINY = ["steps=20", "steps_per_execution=10", "log_every=10", "eval_every=10", "checkpoint_every=20", "num_samples=50"]


class _Layer:
    def __init__(self, kernel, bias):
        self.kernel, self.bias = _Value(kernel), _Value(bias)


class _Value:
    def __init__(self, array):
        self.array = np.asarray(array, np.float32)

    def numpy(self):
        return self.array


class _Generator:
    def __init__(self, offset, matrix):
        self.layers = [_Layer(np.asarray(matrix).T, offset)]


def test_a_generator_of_the_data_s_own_parameters_has_zero_error():
    truth = toy.line_manifold(6, 1.0, seed=3)
    assert line.parameter_error(truth, _Generator(truth.offset, truth.matrix))["total"] == pytest.approx(0.0, abs=1e-9)
    # -b gives the same Gaussian (covariance b b^T): the error is of the distribution, not of the weights.
    assert line.parameter_error(truth, _Generator(truth.offset, -truth.matrix))["total"] == pytest.approx(0.0, abs=1e-9)


def test_the_error_is_the_squared_mean_plus_covariance_entries():
    truth = toy.line_manifold(3, 1.0, seed=0)
    offset, matrix = truth.offset + 1.0, np.zeros((3, 1))
    error = line.parameter_error(truth, _Generator(offset, matrix))
    assert error["mean_error"] == pytest.approx(3.0, rel=1e-6)
    assert error["covariance_error"] == pytest.approx(float(np.sum((truth.matrix @ truth.matrix.T) ** 2)), rel=1e-5)


def test_synthetic_ii_data_is_synthetic_i_s_line_in_k_columns():
    one = line.line_data({"dim": 5, "sigma": 1.0, "latent_dim": 1}, seed=2)
    three = line.line_data({"dim": 5, "sigma": 1.0, "latent_dim": 3}, seed=2)
    assert three.matrix.shape == (5, 3)
    np.testing.assert_allclose(three.covariance, one.covariance, atol=1e-9)


def _run(variant, seed, error, init=10.0, value=None, status="completed"):
    config = {"d_lr": value, "dim": value}
    return {"variant": variant, "seed": seed, "status": status, "config": config,
            "metrics": {"parameter_error": error, "random_init_error": init, "error_ratio": error / init}}


def test_ns_fits_is_a_rate_over_seeds_judged_by_its_wilson_interval():
    runs = [_run("ns", s, e) for s, e in enumerate([0.1, 0.5, 0.9, 5.0])]
    runs.append({**_run("ns", 4, 0.0), "status": "diverged", "metrics": {}})  # diverged: not fitted
    claim = line.fits_claim(runs, "ns")
    assert claim.holds is None  # 3 of 5 below 0.1 x 10: the interval [0.23, 0.88] straddles 1/2
    measured = claim.measured_value["measured"]
    assert measured["rate"] == 0.6 and measured["diverged"] == 1 and measured["seeds"] == 5
    assert measured["wilson95"] == pytest.approx([0.231, 0.882], abs=1e-3)
    assert measured["min_max_ratio"] == [0.01, 0.5]
    many = [_run("ns", s, 0.1) for s in range(20)]
    assert line.fits_claim(many, "ns").holds is True


def test_penalties_beat_ns_per_setting_and_over_the_sweep():
    runs = []
    for value, ns_error in ((1e-3, 4.0), (1e-2, 0.5)):
        for seed in range(3):
            runs += [_run(f"ns_lr{value:g}", seed, ns_error, value=value),
                     _run(f"gan_gp_lr{value:g}", seed, 1.0, value=value),
                     _run(f"dragan_ns_lr{value:g}", seed, 0.1, value=value)]
    claims = {c.id: c for c in line.penalties_beat_ns_claims(runs, "lr", "d_lr")}
    assert claims["gan_gp_below_ns_lr0.001"].holds is True and claims["gan_gp_below_ns_lr0.01"].holds is False
    assert claims["gan_gp_below_ns_every_lr"].holds is False
    assert claims["dragan_ns_below_ns_every_lr"].holds is True
    # Diverged NS runs count as +inf: two of three NS seeds diverging puts NS's median above any finite error.
    runs = [run for run in runs if not run["variant"].startswith("ns_lr0.01")]
    runs += [_run("ns_lr0.01", 0, 0.5, value=1e-2)] + [
        {**_run("ns_lr0.01", seed, 0.0, value=1e-2), "status": "diverged", "metrics": {}} for seed in (1, 2)]
    claims = {c.id: c for c in line.penalties_beat_ns_claims(runs, "lr", "d_lr")}
    assert claims["gan_gp_below_ns_lr0.01"].holds is True and claims["gan_gp_below_ns_every_lr"].holds is True
    assert claims["gan_gp_below_ns_every_lr"].measured_value["diverged"] == {"ns_lr0.01": 2}


def test_sweeps_are_grids_of_the_four_losses():
    assert len(line.LR_SWEEP_EXPERIMENT.variants) == 4 * len(line.LR_VALUES)
    sweep = runner.plan_sweep(many_paths.PAPER, "lr_sweep", out_dir="unused", variants=["gan_gp_lr1e-2"])
    assert len(sweep.runs) == 20
    assert sweep.runs[0].config["d_lr"] == sweep.runs[0].config["g_lr"] == 1e-2
    assert sweep.runs[0].config["penalty"] == "wgan_gp" and sweep.runs[0].config["n_dis"] == 5
    quick = runner.plan_sweep(many_paths.PAPER, "dim_sweep", out_dir="unused")
    assert len(quick.runs) == 3 * len(line.DIM_VALUES) * 20  # the claims' three losses; WGAN-GP by --variants
    assert {spec.config["dim"] for spec in quick.runs} == set(line.DIM_VALUES) and quick.runs[0].config["latent_dim"] == 3


@pytest.mark.slow
def test_a_short_line_sweep_writes_errors_claims_and_figures(tmp_path):
    sweep = runner.plan_sweep(many_paths.PAPER, "line", seeds=[0], variants=["ns"], out_dir=tmp_path,
                              overrides=TINY)
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed"]
    metrics = runs[0]["metrics"]
    assert metrics["random_init_error"] > 0 and metrics["parameter_error"] >= 0
    assert [step for step, _ in metrics["eval_parameter_error"]] == [0, 10, 20]
    assert runs[0]["claims"][0]["id"] == "fits_line"
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert claims[0]["id"] == "ns_fits_line"
    assert (tmp_path / "line" / sweep.runs[0].run_id / "view_2d.png").is_file()
    assert (results.figure_dir(sweep.experiment_dir, sweep.sweep_id) / "parameter_error.png").is_file()
