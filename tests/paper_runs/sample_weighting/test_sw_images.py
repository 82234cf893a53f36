"""000 image experiments (paper_runs.sample_weighting.images and the modules declaring them): declarations,
--list, building on small generated arrays, the one-line missing-data error, CIFAR loading, weight histograms."""

import numpy as np
import pytest

from paper_runs import runner
from paper_runs import sample_weighting as sw
from paper_runs.sample_weighting import images

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
            if (name, profile) == ("stacked_mnist", "claims"):  # the leaderboard's CPU budget (see stacked.py)
                assert spec.config["generator_reduction"] == "mean" and spec.config["simultaneous"] is False
                continue
            assert spec.config["generator_reduction"] == spec.config["discriminator_reduction"] == "sum"
            # The reference's simultaneous updates, except the quick mnist and gradients profiles (noise at a
            # CPU-sized budget).
            assert spec.config["simultaneous"] is not (name in ("mnist", "gradients") and profile == "quick")


@pytest.mark.parametrize("name,variant", [("saturation", "mm_g_beta2"), ("mnist", "mm_unit")])
def test_build_on_small_generated_arrays(name, variant, tmp_path, monkeypatch):
    monkeypatch.setattr(images, "load_image_data", fake_image_data)
    sweep = runner.plan_sweep(sw.PAPER, name, variants=[variant], seeds=[0], out_dir=tmp_path,
                              overrides=["width=16"])
    config = sweep.runs[0].config
    context = runner.RunContext("sample_weighting", name, variant, "quick", 0, tmp_path, None, None)
    setup = images.build(config, context)
    assert setup.gan.simultaneous is config["simultaneous"] is (name != "mnist")  # mnist quick alternates
    assert setup.gan.g_reduction == "sum" and setup.gan.d_reduction == "sum"
    assert float(setup.g_optimizer.beta_2) == config["g_adam_beta2"]
    assert float(setup.d_optimizer.beta_2) == 0.999
    assert setup.gan.gradient_rescaling == ("unit" if variant == "mm_unit" else None)
    batch = next(iter(setup.dataset()))
    assert tuple(batch.shape) == (128, 32, 32, 1)
    assert float(batch.numpy().min()) >= -1.0 and float(batch.numpy().max()) <= 1.0


def test_cifar_without_data_is_one_line_exit_2(tmp_path, capsys):
    code = runner.main(sw.PAPER, ["cifar", "--variants", "ns", "--seeds", "0",
                                  "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "missing data" in err and "CIFAR-10" in err


def test_weight_histogram_metrics_shares_sum_to_one():
    values = images.weight_histogram_metrics(np.array([-4.0, -1.0, 0.0, 2.0]))
    assert sum(values["eval_mm_weight_share"]) == pytest.approx(1.0, abs=1e-4)
    assert sum(values["eval_ns_weight_share"]) == pytest.approx(1.0, abs=1e-4)
    assert sum(values["eval_dp_histogram"]) == pytest.approx(1.0, abs=1e-4)




def test_cifar_batches_under_data_dir_are_loaded_safely(tmp_path):
    import pickle

    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    for index in range(1, 6):
        data = np.full((2, 3072), index, np.uint8)
        (folder / f"data_batch_{index}").write_bytes(pickle.dumps({"data": data, "labels": [index % 10, 0]}))
    context = runner.RunContext("sample_weighting", "cifar", "ns", "quick", 0, tmp_path, tmp_path, None)
    data = images.load_image_data({"dataset": "cifar10"}, context)
    assert data["train"].shape == (10, 32, 32, 3) and data["train_labels"].tolist()[:2] == [1, 0]


def test_penalty_weight_is_lambda_on_the_summed_penalty():
    from paper_runs import builders

    sweep_variant = sw.PAPER.get("penalty_sweep").variants["ns_lambda10"]
    config = {**sw.PAPER.get("penalty_sweep").defaults("full"), **sweep_variant}
    # lambda/2 ||grad D(x)||^2 per real sample, summed: lambda x batch x zero_centred's batch mean (which halves).
    assert builders.penalty_weight(config) == 10.0 * config["batch_size"]
    assert builders.penalty_weight({**config, "discriminator_reduction": "mean"}) == 10.0


def test_stacked_claims_profile_builds_sn_cnn_with_spectral_norm_and_r1(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "load_image_data", fake_image_data)
    sweep = runner.plan_sweep(sw.PAPER, "stacked_mnist", profile="claims", variants=["ns_mm_nsat_a033"], seeds=[0],
                              out_dir=tmp_path)
    config = sweep.runs[0].config
    context = runner.RunContext("sample_weighting", "stacked_mnist", "ns_mm_nsat_a033", "claims", 0, tmp_path, None,
                                None)
    setup = images.build(config, context)
    assert setup.gan.penalty_name == "zero_centred" and setup.gan.penalty_weight == 10.0
    layers = [type(layer).__name__ for layer in setup.gan.discriminator.layers]
    assert "SpectralNormalization" in layers
    assert tuple(next(iter(setup.dataset())).shape) == (64, 32, 32, 3)


def _stacked_run(variant, seed, js, modes=600):
    return {"variant": variant, "seed": seed, "status": "completed",
            "metrics": {"final_js_to_uniform": js, "final_modes_covered": modes}}


def test_stacked_combinations_minor_compares_the_span_of_medians_with_seed_ranges():
    from paper_runs.sample_weighting.stacked import COMBINATIONS, combinations_minor

    # medians 0.20, 0.22, 0.24, 0.26 (span 0.06); every setting's seed range 0.10: minor
    runs = [_stacked_run(v, s, 0.2 + 0.02 * i + d) for i, v in enumerate(COMBINATIONS)
            for s, d in enumerate((-0.05, 0.0, 0.05))]
    (claim,) = combinations_minor(runs)
    assert claim.holds is True and claim.measured_value["span_of_medians"] == pytest.approx(0.06)
    assert claim.measured_value["median_seed_range"] == pytest.approx(0.1)
    # MM-nsat's median 0.5 away: no longer minor
    shifted = [{**r, "metrics": {**r["metrics"], "final_js_to_uniform": r["metrics"]["final_js_to_uniform"] + 0.3}}
               if r["variant"] == "mm_nsat" else r for r in runs]
    assert combinations_minor(shifted)[0].holds is False
    # a setting whose best run covers < 100 modes: undecided, with the reason
    collapsed = [{**r, "metrics": {**r["metrics"], "final_modes_covered": 3}} if r["variant"] == "ns" else r
                 for r in runs]
    claim = combinations_minor(collapsed)[0]
    assert claim.holds is None and "no run of ns covered 100 modes" in claim.measured_value["undecided"]
    assert combinations_minor([r for r in runs if r["variant"] != "ns"]) == []  # a partial sweep: no verdict yet
