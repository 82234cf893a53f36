"""000 saturation (paper_runs.sample_weighting.saturation): Fig 5 / 11 variants and claims."""

from paper_runs import sample_weighting as sw
from paper_runs.sample_weighting import saturation


def test_saturation_variants_follow_fig5_and_fig11():
    sat, adam = sw.PAPER.get("saturation"), sw.PAPER.get("saturation_adam")
    assert set(sat.variants) == {"ns", "mm", "mm_nsat", "mm_g_beta2"}
    assert adam.variants["mm_g_beta2"]["g_adam_beta2"] == 0.99 and "d_adam_beta2" not in adam.variants["mm_g_beta2"]
    assert adam.variants["mm_d_beta2"]["d_adam_beta2"] == 0.99
    assert adam.variants["mm_g_reset"]["g_adam_reset"] > 0
    quick = sat.defaults("quick")
    assert quick["log_update_norms"] and quick["batch_size"] == 128 and quick["layers"] == 4 and quick["width"] == 512


def _saturation_run(variant, drop, vanish_step):
    return {"variant": variant, "seed": 0, "status": "completed",
            "metrics": {"g_grad_norm_drop_orders": drop, "g_grad_norm_vanish_step": vanish_step}}


def test_app_l_claims():
    claims = saturation.saturation_run_claims({"g_grad_norm_drop_orders": 5.7}, {"variant": "mm_both_beta2"})
    assert [(c.id, c.holds) for c in claims] == [("saturation_mm_both_beta2_vanishes", True)]
    claims = saturation.saturation_run_claims({"g_grad_norm_drop_orders": 0.4}, {"variant": "mm_g_reset"})
    assert [(c.id, c.holds) for c in claims] == [("saturation_mm_g_reset_keeps_training", True)]
    runs = [_saturation_run("mm", 3.1, 1500), _saturation_run("mm_d_beta2", 4.0, 900), _saturation_run("ns", 0.1, None)]
    earlier = {c.id: c for c in saturation.saturation_claims(runs)}["saturation_d_beta2_earlier"]
    assert earlier.holds is True and earlier.measured_value == {"mm_d_beta2": 900, "mm": 1500}
    runs[1] = _saturation_run("mm_d_beta2", 0.5, None)
    earlier = {c.id: c for c in saturation.saturation_claims(runs)}["saturation_d_beta2_earlier"]
    assert earlier.holds is False and earlier.measured_value == {"mm_d_beta2": None, "mm": 1500}


