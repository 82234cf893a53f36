"""003 ring6 (Fig 9): a short run of both variants end to end, heat maps, the claims on synthetic results."""

import json

import numpy as np
import pytest

from paper_runs import mode_regularized, results, runner
from paper_runs.mode_regularized import ring6


def _run(variant, seed, covered, on_mode=0.9):
    frequencies = [on_mode / 6] * 6 + [1 - on_mode]
    return {"variant": variant, "seed": seed, "status": "completed",
            "metrics": {"modes_covered": covered, "mode_frequencies": frequencies}}


def test_claims_hold_when_reg_gan_covers_six_and_gan_fewer():
    runs = [_run("reg_gan", s, 6) for s in range(10)] + [_run("gan", s, 1) for s in range(10)]
    covers, fewer = ring6.ring6_claims(runs)
    assert covers.holds is True and covers.measured_value["rate"] == 1.0 and covers.measured_value["seeds"] == 10
    assert covers.measured_value["wilson95"] == pytest.approx([0.722, 1.0], abs=1e-3)  # 10 of 10
    assert fewer.holds is True and fewer.measured_value["median_gan_reg_gan"] == [1.0, 6.0]
    three = ring6.ring6_claims(runs[:3] + runs[10:13])[0]  # 3 of 3: the interval [0.44, 1] straddles 1/2
    assert three.holds is None and "straddles" in three.measured_value["undecided"]


def test_claims_fail_or_stay_undecided_honestly():
    runs = [_run("reg_gan", s, c) for s, c in enumerate((6, 2, 3, 2, 2, 3, 2, 2, 3, 2))]
    runs += [_run("gan", s, 3) for s in range(10)]
    covers, fewer = ring6.ring6_claims(runs)
    assert covers.holds is False and fewer.holds is False  # 1 of 10 seeds; medians 3 vs 2
    runs[0]["metrics"]["mode_frequencies"] = [0.0] * 6 + [1.0]  # a run with no sample on a mode: left out
    covers, fewer = ring6.ring6_claims(runs)
    assert covers.holds is False and covers.measured_value["left_out_learned_nothing"] == ["run seed 0"]
    for run in runs[1:6]:  # most Reg-GAN runs learned nothing: the claims are about failures, undecided
        run["metrics"]["mode_frequencies"] = [0.0] * 6 + [1.0]
    assert all(claim.holds is None for claim in ring6.ring6_claims(runs))


def test_heatmap_counts_samples_inside_the_extent():
    samples = np.array([[0.0, 5.0], [5.0, 0.0], [20.0, 0.0]])
    counts = ring6.heatmap(samples)
    assert counts.shape == (ring6.HEATMAP_BINS, ring6.HEATMAP_BINS) and counts.sum() == 2
    # bin of 5 on [-6.5, 6.5] in 60 bins: 53; of 0: 30. Rows are y, columns x.
    assert counts[53, 30] == 1 and counts[30, 53] == 1


@pytest.mark.slow
def test_ring6_runs_both_variants_end_to_end(tmp_path):
    sweep = runner.plan_sweep(mode_regularized.PAPER, "ring6", seeds=[0], out_dir=tmp_path,
                              overrides=["steps=200", "eval_every=100", "steps_per_execution=50", "log_every=50",
                                         "checkpoint_every=200", "num_samples=256"])
    runs = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    assert [r["status"] for r in runs] == ["completed", "completed"]
    reg = next(r for r in runs if r["variant"] == "reg_gan")["metrics"]
    gan = next(r for r in runs if r["variant"] == "gan")["metrics"]
    assert "e_loss" in reg and "reconstruction_distance" in reg and "e_loss" not in gan
    assert [step for step, _ in reg["eval_heatmap"]] == [0, 100, 200]
    assert np.asarray(reg["eval_heatmap"][-1][1]).shape == (ring6.HEATMAP_BINS, ring6.HEATMAP_BINS)
    experiment_dir = tmp_path / "ring6"
    for spec in sweep.runs:
        assert np.load(experiment_dir / spec.run_id / "samples.npy").shape == (256, 2)
    assert (results.figure_dir(sweep.experiment_dir, sweep.sweep_id) / "fig9_heatmaps.png").is_file()
    claims = json.loads(results.claims_path(sweep.experiment_dir, sweep.sweep_id).read_text())["claims"]
    assert [c["id"] for c in claims] == ["ring6_reg_gan_covers_all", "ring6_gan_covers_fewer"]
