"""000 gradients (paper_runs.sample_weighting.gradients): a tiny run where cosine(MM, MM-nsat) == 1."""

import json

import numpy as np
import pytest

from paper_runs import runner
from paper_runs import sample_weighting as sw
from paper_runs.sample_weighting import images
from test_sw_images import fake_image_data


@pytest.mark.slow
def test_tiny_gradients_run_mm_and_mm_nsat_are_parallel(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "load_image_data", fake_image_data)
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




def _gradient_run(loss: str, compared: str, cosines: list, ratios: list) -> dict:
    return {"status": "completed", "config": {"generator_loss": loss, "compare_generator_loss": compared},
            "metrics": {"grad_cosine": [[10 * i, c] for i, c in enumerate(cosines)],
                        "grad_norm_ratio": [[10 * i, r] for i, r in enumerate(ratios)]}}


def test_gradient_rates_over_runs_of_each_pair_both_directions():
    from paper_runs.sample_weighting import gradients

    parallel = [_gradient_run("mm", "mm_nsat", [1.0, 0.99999], [3.0, 1e6])] * 3
    parallel += [_gradient_run("mm_nsat", "mm", [1.0, 1.0], [0.5, 1e-6])] * 3
    differ = [_gradient_run("ns", "mm_nsat", [0.9, 0.95, 1.0], [1.0, 2.0, 3.0])] * 5  # medians 0.95, 2
    differ += [_gradient_run("mm_nsat", "ns", [0.9999, 0.9999, 0.99], [1.0, 1.0, 1.0])]  # median cosine 0.9999
    claims = {c.id: c for c in gradients.gradients_claims(parallel + differ)}
    assert claims["gradients_mm_mm_nsat_parallel_rate"].measured_value["rate"] == 1.0
    assert claims["gradients_mm_mm_nsat_parallel_rate"].holds is True  # 6/6: Wilson [0.61, 1]
    differ_claim = claims["gradients_ns_mm_nsat_differ_rate"]
    assert differ_claim.holds is None  # 5/6: Wilson [0.44, 0.97] straddles 1/2
    assert differ_claim.measured_value["measured"]["rate"] == round(5 / 6, 3)
    assert not gradients.gradients_parallel({"grad_cosine": [[0, 1.0], [10, 0.9998]]})
    assert not gradients.gradients_differ({"grad_cosine": [[0, 0.5]], "grad_norm_ratio": [[0, 11.0]]})
