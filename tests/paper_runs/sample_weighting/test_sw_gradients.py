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


