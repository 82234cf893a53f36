"""004 (paper_runs.landscape): the exact landscape values, the declarations, the missing-data error."""

from __future__ import annotations

import json

import numpy as np
import pytest

from paper_runs import landscape, results, runner


def test_landscape_values_claims_hold(tmp_path, capsys):
    assert runner.main(landscape.PAPER, ["landscape_values", "--out", str(tmp_path), "--quiet"]) == 0
    experiment_dir = tmp_path / "landscape_values"
    for variant in ("js", "rs"):
        results = json.loads((experiment_dir / f"quick-{variant}-seed0" / "results.json").read_text())
        assert results["status"] == "completed"
        assert results["claims"] and all(c["holds"] is True for c in results["claims"]), results["claims"]
    claims = json.loads((experiment_dir / "claims-quick.json").read_text())["claims"]
    assert {c["id"] for c in claims} == {"fig4_js_bad_basin", "fig4_rs_no_bad_basin", "app_c2_minus_056_is_js"}
    assert all(c["holds"] is True for c in claims)
    assert (experiment_dir / "fig4_states.png").is_file() and (experiment_dir / "fig10_imbalanced.png").is_file()


def test_collapse_d_loss_uses_the_library_closed_form():
    assert landscape.js_collapse_d_loss(0.5) == pytest.approx(0.4774, abs=1e-4)
    assert landscape.js_collapse_d_loss(2 / 3) == pytest.approx(0.5609, abs=1e-4)
    assert not hasattr(landscape, "closed_form_js_cluster_collapse")


@pytest.mark.parametrize("alpha,beta", [(0.5, 0.5), (2 / 3, 1.0), (0.75, 0.25), (0.9, 0.0)])
def test_derived_cluster_values_match_function_space_optimum(alpha, beta):
    from tfgan_repro import landscape as lib

    real, fake = lib.two_cluster_state(60, alpha, beta)
    assert lib.empirical_js_loss(real, fake) == pytest.approx(landscape.derived_js_cluster(alpha, beta), abs=1e-6)
    assert lib.empirical_rs_loss(real, fake) == pytest.approx(landscape.derived_rs_cluster(alpha, beta), abs=1e-6)


def test_list_shows_every_experiment(capsys):
    assert runner.main(landscape.PAPER, ["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines[1:]]
    assert names == [e.name for e in landscape.PAPER.experiments]
    assert {"two_cluster", "two_cluster_imbalanced", "landscape_values"} <= set(names)


def test_cifar_without_data_is_one_line_exit_2(tmp_path, capsys):
    code = runner.main(landscape.PAPER, ["cifar", "--profile", "full", "--out", str(tmp_path), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing data" in err[0] and "cifar10" in err[0]


def test_mnist_imbalanced_builds_and_trains_on_mock_arrays(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    labels = np.array([5, 7] * 60)
    digits = (rng.uniform(0, 255, (len(labels), 28, 28))).astype(np.uint8)
    monkeypatch.setattr(landscape, "_load_mnist", lambda config, context: (digits, labels))
    sweep = runner.plan_sweep(landscape.PAPER, "mnist_imbalanced", seeds=[0], variants=["js", "rs"], out_dir=tmp_path,
                              overrides=["steps=4", "steps_per_execution=2", "log_every=2", "checkpoint_every=4",
                                         "width=0.125", "batch_size=8", "num_samples=64", "fd_samples=12"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed", "completed"]
    metrics = runs[0]["metrics"]
    assert metrics["data_fraction_five"] == pytest.approx(12 / 72, abs=1e-3)  # 5s kept at 20%: 12 of 60, with 60 sevens
    assert 0.0 <= metrics["fraction_five"] <= 1.0 and 0 <= metrics["fives_in_64"] <= 64
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert claims[0]["id"] == "mnist_imbalanced_rs_closer" and claims[0]["holds"] in (True, False)
    assert (tmp_path / "mnist_imbalanced" / sweep.runs[0].run_id / "samples.png").is_file()
    assert (results.figure_dir(sweep.experiment_dir, sweep.sweep_id) / "fig12_fraction_five.png").is_file()


def test_on_cluster_collapse_measures_the_stretch_on_one_center_and_its_d_loss():
    on_zero, between, on_four = [0.1, 0.2, 0.15], [2.0, 2.1, 2.2], [4.0, 4.1, 3.9]
    snapshots = [[0, between], [50, on_zero], [100, on_zero], [150, on_zero], [200, on_four], [250, on_four],
                 [300, between]]
    losses = [[s, 0.69 if s in (0, 300) else (0.48 if s <= 150 else 0.5)] for s in range(0, 301, 50)]
    metrics = {"recovery_iteration": None, "centers": [0.0, 4.0], "eval_fake_positions": snapshots,
               "d_loss_paper_convention": losses}
    assert landscape.on_cluster_collapse(metrics, 0.36) == {"iterations": 100, "median_d_loss": 0.48}
    metrics["recovery_iteration"] = 100  # only snapshots before recovery count
    assert landscape.on_cluster_collapse(metrics, 0.36) == {"iterations": 0, "median_d_loss": None}
