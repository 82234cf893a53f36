"""000 sample weighting: declarations, --list, image-config building on small generated arrays, the one-line
missing-data error, and a tiny `gradients` run where cosine(MM, MM-nsat) == 1."""

import json

import numpy as np
import pytest

from paper_runs import runner
from paper_runs import sample_weighting as sw

IMAGE_EXPERIMENTS = ("saturation", "saturation_adam", "mnist", "cifar", "gradients", "combinations", "scaling",
                     "hinge_ls", "penalty_sweep", "stacked_mnist", "sngan_cifar", "cat", "ffhq")


def fake_image_data(config, context):
    rng = np.random.default_rng(0)
    channels = 1 if config["dataset"] == "mnist" else 3
    images = rng.integers(0, 256, (256, 32, 32, channels), dtype=np.uint8)
    labels = rng.integers(0, 10, 256).astype(np.int64)
    return {"train": images, "train_labels": labels, "test": images[:128], "test_labels": labels[:128],
            "num_classes": 10}


def test_every_experiment_is_declared_and_listed(capsys):
    names = [e.name for e in sw.PAPER.experiments]
    assert names[:2] == ["ring", "spiral"] and set(IMAGE_EXPERIMENTS) <= set(names)
    assert runner.main(sw.PAPER, ["--list"]) == 0
    out = capsys.readouterr().out
    for name in names:
        assert f"  {name} " in out
    assert "needs --data-dir" in out  # the CIFAR / CAT / FFHQ experiments say what they need


@pytest.mark.parametrize("name", IMAGE_EXPERIMENTS)
def test_image_experiments_plan(name, tmp_path):
    experiment = sw.PAPER.get(name)
    for profile in experiment.profiles:
        sweep = runner.plan_sweep(sw.PAPER, name, profile=profile, out_dir=tmp_path)
        for spec in sweep.runs:
            assert spec.config["generator_reduction"] == spec.config["discriminator_reduction"] == "sum"
            # The reference's simultaneous updates, except the quick mnist and gradients profiles (noise at a
            # CPU-sized budget).
            assert spec.config["simultaneous"] is not (name in ("mnist", "gradients") and profile == "quick")


def test_saturation_variants_follow_fig5_and_fig11():
    sat, adam = sw.PAPER.get("saturation"), sw.PAPER.get("saturation_adam")
    assert set(sat.variants) == {"ns", "mm", "mm_nsat", "mm_g_beta2"}
    assert adam.variants["mm_g_beta2"]["g_adam_beta2"] == 0.99 and "d_adam_beta2" not in adam.variants["mm_g_beta2"]
    assert adam.variants["mm_d_beta2"]["d_adam_beta2"] == 0.99
    assert adam.variants["mm_g_reset"]["g_adam_reset"] > 0
    quick = sat.defaults("quick")
    assert quick["log_update_norms"] and quick["batch_size"] == 128 and quick["layers"] == 4 and quick["width"] == 512


@pytest.mark.parametrize("name,variant", [("saturation", "mm_g_beta2"), ("mnist", "mm_unit")])
def test_build_on_small_generated_arrays(name, variant, tmp_path, monkeypatch):
    monkeypatch.setattr(sw, "load_image_data", fake_image_data)
    sweep = runner.plan_sweep(sw.PAPER, name, variants=[variant], seeds=[0], out_dir=tmp_path,
                              overrides=["width=16"])
    config = sweep.runs[0].config
    context = runner.RunContext("sample_weighting", name, variant, "quick", 0, tmp_path, None, None)
    setup = sw.image_gan_build(sw.no_run_claims)(config, context)
    assert setup.gan.simultaneous is config["simultaneous"] is (name != "mnist")  # mnist quick alternates
    assert setup.gan.g_reduction == "sum" and setup.gan.d_reduction == "sum"
    assert float(setup.g_optimizer.beta_2) == config["g_adam_beta2"]
    assert float(setup.d_optimizer.beta_2) == 0.999
    assert setup.gan.gradient_rescaling == ("unit" if variant == "mm_unit" else None)
    batch = next(iter(setup.dataset(0)))
    assert tuple(batch.shape) == (128, 32, 32, 1)
    assert float(batch.numpy().min()) >= -1.0 and float(batch.numpy().max()) <= 1.0


def test_cifar_without_data_is_one_line_exit_2(tmp_path, capsys):
    code = runner.main(sw.PAPER, ["cifar", "--variants", "ns", "--seeds", "0",
                                  "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "missing data" in err and "CIFAR-10" in err


def test_weight_histogram_metrics_shares_sum_to_one():
    values = sw.weight_histogram_metrics(np.array([-4.0, -1.0, 0.0, 2.0]))
    assert sum(values["eval_mm_weight_share"]) == pytest.approx(1.0, abs=1e-4)
    assert sum(values["eval_ns_weight_share"]) == pytest.approx(1.0, abs=1e-4)
    assert sum(values["eval_dp_histogram"]) == pytest.approx(1.0, abs=1e-4)


def test_saturation_summary_measures_orders_of_magnitude():
    series = {"g_grad_norm": [[i, 100.0 if i < 50 else 0.01] for i in range(100)]}
    summary = sw.saturation_summary(series, {})
    assert summary["g_grad_norm_drop_orders"] == pytest.approx(4.0)
    # rolling window of 4 logs: the median first falls 3 orders below the peak two logs after the drop at 50
    assert summary["g_grad_norm_vanish_step"] == 52
    assert sw.saturation_summary({"g_grad_norm": [[i, 1.0] for i in range(100)]}, {})["g_grad_norm_vanish_step"] is None


def _saturation_run(variant, drop, vanish_step):
    return {"variant": variant, "seed": 0, "status": "completed",
            "metrics": {"g_grad_norm_drop_orders": drop, "g_grad_norm_vanish_step": vanish_step}}


def test_app_l_claims():
    claims = sw.saturation_run_claims({"g_grad_norm_drop_orders": 5.7}, {"variant": "mm_both_beta2"})
    assert [(c.id, c.holds) for c in claims] == [("saturation_mm_both_beta2_vanishes", True)]
    claims = sw.saturation_run_claims({"g_grad_norm_drop_orders": 0.4}, {"variant": "mm_g_reset"})
    assert [(c.id, c.holds) for c in claims] == [("saturation_mm_g_reset_keeps_training", True)]
    runs = [_saturation_run("mm", 3.1, 1500), _saturation_run("mm_d_beta2", 4.0, 900), _saturation_run("ns", 0.1, None)]
    earlier = {c.id: c for c in sw.saturation_claims(runs)}["saturation_d_beta2_earlier"]
    assert earlier.holds is True and earlier.measured_value == {"mm_d_beta2": 900, "mm": 1500}
    runs[1] = _saturation_run("mm_d_beta2", 0.5, None)
    earlier = {c.id: c for c in sw.saturation_claims(runs)}["saturation_d_beta2_earlier"]
    assert earlier.holds is False and earlier.measured_value == {"mm_d_beta2": None, "mm": 1500}


def test_tiny_gradients_run_mm_and_mm_nsat_are_parallel(tmp_path, monkeypatch):
    monkeypatch.setattr(sw, "load_image_data", fake_image_data)
    sweep = runner.plan_sweep(
        sw.PAPER, "gradients", variants=["mm_vs_mm_nsat"], seeds=[0], out_dir=tmp_path,
        overrides=["steps=20", "log_every=5", "steps_per_execution=5", "width=16", "final_samples=64",
                   "real_eval_images=64"],
    )
    [results] = runner.execute_sweep(sweep, progress=False, log=lambda *_: None)
    assert results["status"] == "completed"
    cosines = [v for _, v in results["metrics"]["grad_cosine"]]
    ratios = [v for _, v in results["metrics"]["grad_norm_ratio"]]
    assert len(cosines) == 4
    np.testing.assert_allclose(cosines, 1.0, atol=1e-5)
    assert min(ratios) > 0.0  # |MM-nsat| / |MM| = R > 0
    claim = {c["id"]: c for c in results["claims"]}["gradients_mm_mm_nsat_parallel"]
    assert claim["holds"] is True
    on_disk = json.loads((sweep.experiment_dir / sweep.runs[0].run_id / "results.json").read_text())
    assert on_disk["metrics"]["grad_cosine"] == results["metrics"]["grad_cosine"]


@pytest.mark.parametrize("name", ["ring", "spiral"])
def test_toy_full_profiles_update_simultaneously_as_src_toy(name, tmp_path):
    for profile, simultaneous in (("quick", False), ("full", True)):
        sweep = runner.plan_sweep(sw.PAPER, name, profile=profile, seeds=[0], out_dir=tmp_path)
        for spec in sweep.runs:
            assert spec.config["simultaneous"] is simultaneous
            assert spec.config["generator_reduction"] == "sum" and spec.config["batch_size"] == 128


def _toy_run(variant, seed, frequencies, covered=None):
    covered = sum(1 for f in frequencies[:-1] if f > 0) if covered is None else covered
    data = [1.0 / (len(frequencies) - 1)] * (len(frequencies) - 1) + [0.0]
    tv = 0.5 * float(np.abs(np.array(frequencies) - np.array(data)).sum())
    return {"variant": variant, "seed": seed, "status": "completed",
            "metrics": {"modes_covered": covered, "mode_frequencies": frequencies, "tv_to_data": tv}}


def test_ring_claims_need_all_modes_in_every_seed():
    full = [0.125] * 8 + [0.0]
    one = [1.0] + [0.0] * 8
    runs = [_toy_run("mm", 0, full), _toy_run("mm", 1, full), _toy_run("ns", 0, one), _toy_run("ns", 1, one)]
    claims = {c.id: c for c in sw.ring_claims(runs)}
    assert claims["ring_mm_covers_all_every_seed"].holds is True
    assert claims["ring_mm_covers_all_every_seed"].measured_value == [8, 8]
    runs.append(_toy_run("mm", 2, [0.0] + [1 / 7] * 7 + [0.0]))
    claims = {c.id: c for c in sw.ring_claims(runs)}
    assert claims["ring_mm_covers_all_every_seed"].holds is False  # one seed with 7/8 is enough to fail
    assert claims["ring_mm_more_modes_than_ns"].holds is True


def test_spiral_claims_pair_ns_and_mm_by_seed():
    mm = [1 / 12] * 12 + [0.0]
    ns_drop = [0.0, 0.005] + [0.995 / 10] * 10 + [0.0]  # two modes under 1%, both kept by MM
    ns_keep = [0.02] + [0.98 / 11] * 11 + [0.0]
    runs = [_toy_run("mm", 0, mm), _toy_run("mm", 1, mm), _toy_run("ns", 0, ns_drop), _toy_run("ns", 1, ns_drop)]
    claims = {c.id: c for c in sw.spiral_claims(runs)}
    assert claims["spiral_ns_drops_what_mm_covers"].paper_value == 4  # Table 3: NS modes 5-8 under 1%, MM's >= 2.5%
    assert claims["spiral_ns_drops_what_mm_covers"].measured_value == [2, 2]
    assert claims["spiral_ns_drops_what_mm_covers"].holds is True
    runs[-1] = _toy_run("ns", 1, ns_keep)
    claims = {c.id: c for c in sw.spiral_claims(runs)}
    assert claims["spiral_ns_drops_what_mm_covers"].measured_value == [2, 0]
    assert claims["spiral_ns_drops_what_mm_covers"].holds is False
    mm_low = [0.0, 0.009] + [0.991 / 10] * 10 + [0.0]  # MM itself under 1% on those modes: not counted
    assert sw.ns_dropped_mm_covered(_toy_run("ns", 0, ns_drop), _toy_run("mm", 0, mm_low)) == 0
