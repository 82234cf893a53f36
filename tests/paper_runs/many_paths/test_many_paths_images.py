"""001 real images (paper_runs.many_paths.real_images): the grid, the missing-data exit, mock-data runs, claims."""

from __future__ import annotations

import json

import numpy as np
import pytest

from paper_runs import many_paths, results, runner
from paper_runs.many_paths import real_images

TINY = ["steps=2", "steps_per_execution=1", "log_every=1", "checkpoint_every=2", "batch_size=8", "critic_steps=2",
        "critic_images=64", "ms_ssim_batches=1", "mode_samples=40"]


def mock_images(size: int):
    """Replaces load_images: 80 seeded random images [size, size, 3] in [-1, 1]."""
    def load(config, context, split, seed):
        import tensorflow as tf

        rng = np.random.default_rng(0 if split == "train" else 1)
        return tf.data.Dataset.from_tensor_slices(rng.uniform(-1, 1, (80, size, size, 3)).astype(np.float32))
    return load


def test_the_grid_is_27_settings_per_loss_and_quick_runs_one_setting(tmp_path):
    full = runner.plan_sweep(many_paths.PAPER, "color_mnist", profile="full", out_dir=tmp_path)
    assert len(full.runs) == 5 * 27
    quick = runner.plan_sweep(many_paths.PAPER, "color_mnist", out_dir=tmp_path)
    assert [spec.variant for spec in quick.runs] == [f"{loss}_dlr2e-4_glr2e-4_z50" for loss in real_images.LOSSES]
    configs = {spec.variant: spec.config for spec in quick.runs}
    assert configs["wgan_gp_dlr2e-4_glr2e-4_z50"]["n_dis"] == 5 and configs["wgan_gp_1_dlr2e-4_glr2e-4_z50"]["n_dis"] == 1
    assert configs["dragan_ns_dlr2e-4_glr2e-4_z50"]["penalty"] == "dragan"
    celeba = runner.plan_sweep(many_paths.PAPER, "celeba", profile="full", out_dir=tmp_path,
                               variants=["ns_dlr3e-4_glr1e-4_z150"])
    assert celeba.runs[0].config["latent_dim"] == 150 and celeba.runs[0].config["d_lr"] == 3e-4


@pytest.mark.parametrize("name, folder", [("celeba", "celeb_a"), ("cifar10", "cifar10")])
def test_missing_tfds_data_is_one_line_exit_2(name, folder, tmp_path, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    code = runner.main(many_paths.PAPER, [name, "--variants", "ns_dlr2e-4_glr2e-4_z128", "--out", str(tmp_path / "out"),
                                          "--data-dir", str(data_dir), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing data" in err[0] and f"no {folder}/ under" in err[0]


@pytest.mark.slow
@pytest.mark.parametrize("name, size, variants", [
    ("color_mnist", 28, ["ns_dlr2e-4_glr2e-4_z50", "wgan_gp_1_dlr2e-4_glr2e-4_z50"]),
    ("celeba", 64, ["dragan_ns_dlr1e-4_glr1e-4_z100"]),
    ("cifar10", 32, ["gan_gp_dlr3e-4_glr3e-4_z150"]),
])
def test_a_few_steps_on_mock_images_end_to_end(name, size, variants, tmp_path, monkeypatch):
    monkeypatch.setattr(real_images, "load_images", mock_images(size))
    sweep = runner.plan_sweep(many_paths.PAPER, name, seeds=[0], variants=variants, out_dir=tmp_path, overrides=TINY)
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed"] * len(variants)
    metrics = runs[0]["metrics"]
    assert np.isfinite(metrics["negative_wasserstein"])
    assert ("ms_ssim_difference" in metrics) == (name != "cifar10")
    assert ("modes_covered" in metrics) == (name == "color_mnist")
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert claims[0]["id"] == "ms_ssim_difference_detects_collapse"
    assert (tmp_path / name / sweep.runs[0].run_id / "samples.png").is_file()
    assert (results.figure_dir(sweep.experiment_dir, sweep.sweep_id) / "negative_wasserstein.png").is_file()


def _run(variant, modes, difference, critic, digits=(100, 100, 100, 100, 0, 0, 0, 0, 0, 0)):
    return {"variant": variant, "seed": 0, "status": "completed",
            "metrics": {"modes_covered": modes, "ms_ssim_difference": difference, "abs_ms_ssim_difference": abs(difference),
                        "negative_wasserstein": critic, "channel_digit_frequencies": [list(digits)] * 3}}


def test_collapse_claims_compare_the_fewest_and_most_modes():
    runs = [_run("ns_a", 10, 0.30, -3.0), _run("gan_gp_a", 400, 0.01, -0.5), _run("dragan_ns_a", 300, -0.05, -0.4)]
    claims = {c.id: c for c in real_images.metrics_detect_collapse(runs)}
    assert claims["ms_ssim_difference_detects_collapse"].holds is True
    assert claims["negative_wasserstein_detects_collapse"].holds is True
    close = [_run("ns_a", 300, 0.30, -3.0), _run("gan_gp_a", 400, 0.01, -0.5)]
    assert real_images.metrics_detect_collapse(close)[0].holds is None  # 300 > half of 400: no collapsed run


def test_penalty_claims_are_gated_on_runs_reading_as_digits():
    runs = [_run("ns_a", 10, 0.30, -3.0), _run("gan_gp_a", 400, 0.01, -0.5), _run("dragan_ns_a", 300, -0.05, -4.0)]
    claims = {c.id: c for c in real_images.penalties_match_ns(runs)}
    assert claims["gan_gp_critic_at_least_ns"].holds is True and claims["dragan_ns_critic_at_least_ns"].holds is False
    assert claims["dragan_ns_diversity_at_least_ns"].holds is True
    noise = [_run("ns_a", 1, 0.3, -3.0, digits=(400,) + (0,) * 9), _run("gan_gp_a", 400, 0.01, -0.5)]
    assert real_images.penalties_match_ns(noise)[0].holds is None
