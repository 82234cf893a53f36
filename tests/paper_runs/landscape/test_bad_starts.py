"""004 bad starts (paper_runs.landscape.bad_starts): the search judges, the 5-Gaussian and MNIST claims (and
their learned gate), the RS unit-norm D, an end-to-end MNIST restart on mock digits."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from test_restarts import TINY, _context

from paper_runs import landscape, mixture_gan, runner
from paper_runs.landscape import bad_starts, mnist, restarts


def test_judge_separates_recovery_and_collapse():
    assert bad_starts.five_gaussian_judge({"modes_covered": 5, "high_quality_fraction": 0.95, "tv_to_data": 0.04}) \
        == (restarts.SUCCESS, 0.04)
    verdict, score = bad_starts.five_gaussian_judge({"modes_covered": 3, "high_quality_fraction": 0.99, "tv_to_data": 0.4})
    assert verdict == restarts.COLLAPSE and score == pytest.approx(2.4)
    assert bad_starts.five_gaussian_judge({"modes_covered": 0, "high_quality_fraction": 0.0, "tv_to_data": 1.0})[0] \
        == restarts.NEITHER  # no recovery at all is not the paper's "mode collapse"


def _restart(variant: str, tv: float, covered: int, off_mode: float = 0.1) -> dict:
    return {"variant": variant, "seed": 0, "status": "completed",
            "metrics": {"tv_to_data": tv, "modes_covered": covered, "mode_frequencies": [0.1] * 5 + [off_mode]}}


def test_five_gaussian_claims():
    runs = [_restart("js_lr0.0001", 0.6, 2), _restart("rs_lr0.0001", 0.05, 5),
            _restart("js_lr0.0005", 0.5, 3), _restart("rs_lr0.0005", 0.1, 5)]
    runs[0]["metrics"]["bad_start"] = {"verdicts": {"100": "success", "101": "collapse"}}
    claims = {c.id: c for c in bad_starts.five_gaussian_claims(runs)}
    assert claims["five_gaussian_rs_lower_metric"].holds is True
    assert claims["five_gaussian_rs_covers_more"].holds is True
    search = claims["five_gaussian_search_outcomes"]
    assert search.holds is False  # RS's search found no collapsed run (no verdicts recorded here)
    assert search.measured_value["js"] == {"verdicts": {"100": "success", "101": "collapse"}, "collapsed": 1,
                                           "searched": 2, "collapse_rate": 0.5, "wilson95": [0.095, 0.905]}
    runs[1]["metrics"]["bad_start"] = {"verdicts": {"100": "collapse", "101": "collapse", "102": "success"}}
    search = {c.id: c for c in bad_starts.five_gaussian_claims(runs)}["five_gaussian_search_outcomes"]
    assert search.holds is True and search.measured_value["rs"]["collapse_rate"] == 0.667
    runs[3] = _restart("rs_lr0.0005", 0.7, 4)
    claims = {c.id: c for c in bad_starts.five_gaussian_claims(runs)}
    assert claims["five_gaussian_rs_lower_metric"].holds is False
    assert claims["five_gaussian_rs_covers_more"].measured_value == {"js": 0.0, "rs": 0.5}


def test_rs_restart_keeps_d_output_unit_norm():
    variants = bad_starts.FIVE_GAUSSIAN_EXPERIMENT.variants
    assert variants["rs_lr0.0001"]["d_output_unit_norm"] is True
    assert "d_output_unit_norm" not in variants["js_lr0.0001"]


def test_unit_norm_constraint_renormalises_d_output_after_a_step(tmp_path):
    config = {**TINY, "generator_loss": "rs", "discriminator_loss": "rs", "d_output_unit_norm": True}
    setup = mixture_gan.build(config, _context(tmp_path))
    setup.gan.compile(d_optimizer=setup.d_optimizer, g_optimizer=setup.g_optimizer)
    batch = next(iter(setup.dataset()))
    setup.gan.train_on_batch(batch)
    kernel = setup.gan.discriminator.layers[-1].kernel.numpy()
    assert np.linalg.norm(kernel[:, 0]) == pytest.approx(1.0, abs=1e-5)


def test_list_marks_five_gaussian_implemented(capsys):
    assert runner.main(landscape.PAPER, ["--list"]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if "five_gaussian_bad_init" in l)
    assert "not implemented" not in line


def test_mnist_judge():
    covered_all = {"class_frequencies": [0.1] * 10, "classifier_frechet_distance": 12.5, "djscd": 0.01}
    assert bad_starts.mnist_judge(covered_all) == (restarts.SUCCESS, 12.5)
    three = {"class_frequencies": [0.5, 0.3, 0.2] + [0.0] * 7, "classifier_frechet_distance": 80.0, "djscd": 0.6}
    assert bad_starts.mnist_judge(three) == (restarts.COLLAPSE, pytest.approx(7.6))
    eight = {"class_frequencies": [0.125] * 8 + [0.0] * 2, "classifier_frechet_distance": 30.0, "djscd": 0.1}
    assert bad_starts.mnist_judge(eight) == (restarts.SUCCESS, 30.0)
    assert bad_starts.mnist_judge({**eight, "djscd": 0.2})[0] == restarts.NEITHER
    seven = {"class_frequencies": [1 / 7] * 7 + [0.0] * 3, "classifier_frechet_distance": 30.0, "djscd": 0.14}
    assert bad_starts.mnist_judge(seven)[0] == restarts.NEITHER


@pytest.mark.slow
def test_mnist_bad_init_runs_end_to_end_on_mock_digits(tmp_path, monkeypatch):
    """Search (forced collapse when nothing collapses), a restart, its metrics and sample grid."""
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(10), 8)
    digits = rng.uniform(0, 255, (len(labels), 28, 28)).astype(np.uint8)
    monkeypatch.setattr(mnist, "_load_mnist", lambda config, context: (digits, labels))
    import dataclasses

    verdicts = itertools.cycle([(restarts.SUCCESS, 1.0), (restarts.NEITHER, 0.0)])  # noise digits: judge by order
    experiment = dataclasses.replace(bad_starts.MNIST_BAD_INIT_EXPERIMENT,
                                     build=restarts.restart_build(mnist.mnist_build, lambda m: next(verdicts)))
    paper = dataclasses.replace(landscape.PAPER, experiments=[experiment])
    sweep = runner.plan_sweep(paper, "mnist_bad_init", seeds=[0], variants=["rs"], out_dir=tmp_path,
                              overrides=["steps=4", "search_steps=4", "search_seeds=1,2", "steps_per_execution=2",
                                         "log_every=2", "checkpoint_every=4", "width=0.125", "batch_size=8",
                                         "num_samples=64", "fd_samples=12"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed"], runs
    for run in runs:
        start = run["metrics"]["bad_start"]
        assert start["verdicts"] == {"1": "success", "2": "neither"} and start["discriminator_seed"] == "forced"
        assert set(start["search_metrics"]) == {"1", "2"}
        assert 0.0 <= run["metrics"]["djscd"] <= 1.0 and len(run["metrics"]["class_frequencies"]) == 10
    assert (tmp_path / "mnist_bad_init" / sweep.runs[0].run_id / "samples.png").is_file()


def test_mnist_bad_init_claims():
    digits = [0.1] * 10
    runs = [{"variant": v, "seed": s, "status": "completed",
             "metrics": {"classifier_frechet_distance": fd, "class_frequencies": digits}}
            for v, s, fd in (("js", 0, 90.0), ("js", 1, 70.0), ("rs", 0, 40.0), ("rs", 1, 75.0))]
    claim = bad_starts.mnist_bad_init_claims(runs)[0]
    assert claim.holds is True and claim.measured_value["gap"] == pytest.approx(80.0 - 57.5)
    runs[2]["metrics"]["classifier_frechet_distance"] = 120.0
    assert bad_starts.mnist_bad_init_claims(runs)[0].holds is False

    runs[1]["metrics"]["class_frequencies"] = [1.0] + [0.0] * 9  # JS seed 1 draws one class of noise
    claim = bad_starts.mnist_bad_init_claims(runs)[0]
    assert claim.holds is None and "JS seed 1 learned nothing" in claim.measured_value["undecided"]


def test_five_gaussian_comparisons_are_undecided_when_a_restart_learned_nothing():
    runs = [_restart("js_lr0.0001", 1.0, 0, off_mode=1.0), _restart("rs_lr0.0001", 0.05, 5)]
    claims = {c.id: c for c in bad_starts.five_gaussian_claims(runs)}
    for name in ("five_gaussian_rs_lower_metric", "five_gaussian_rs_covers_more"):
        assert claims[name].holds is None and "JS seed 0 learned nothing" in claims[name].measured_value["undecided"]


def test_five_gaussian_figures_draw_from_results_files(tmp_path):
    from paper_runs.results import atomic_write_json

    metrics = {"tv_to_data": 0.3, "modes_covered": 4, "high_quality_fraction": 0.8,
               "mode_frequencies": [0.2] * 4 + [0.0, 0.2], "mode_means": [[1.0, 0.0]] * 5, "mode_stds": [0.04] * 5,
               "data_frequencies": [0.2] * 5}
    run_dirs = []
    for variant in ("js_lr0.0001", "rs_lr0.0001"):
        run_dir = tmp_path / f"quick-{variant}-seed0"
        atomic_write_json(run_dir / "results.json", {"experiment": "five_gaussian_bad_init", "profile": "quick",
                                                     "variant": variant, "seed": 0, "status": "completed",
                                                     "config": {}, "metrics": metrics})
        np.save(run_dir / "samples.npy", np.zeros((10, 2), np.float32))
        run_dirs.append(run_dir)
    drawn = bad_starts.five_gaussian_figures(tmp_path, run_dirs)
    assert drawn and all(path.is_file() for path in drawn)
