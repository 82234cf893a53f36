"""001 Fig 2 (paper_runs.many_paths.loss_curves): the closed-form run, its claims and figure."""

import pytest

from paper_runs import many_paths, runner


def test_loss_curves_run_holds_fig2s_statements(tmp_path):
    sweep = runner.plan_sweep(many_paths.PAPER, "loss_curves", out_dir=tmp_path)
    [run] = runner.execute_sweep(sweep, progress=False, log=lambda *a: None)
    metrics = run["metrics"]
    # l*(4) = -32 and dl*/dx = -16 for N(0, 0.5^2) vs N(4, 0.5^2): NS's gradient there is 16, MM's ~ 16 e^-32.
    assert metrics["ns_gradient_at_fake_mean"] == pytest.approx(16.0, rel=1e-9)
    assert 0 < metrics["mm_gradient_at_fake_mean"] < 1e-12
    assert {c["id"]: c["holds"] for c in run["claims"]} == {
        "mm_vanishes_far_from_data": True, "ns_strong_far_from_data": True, "ns_vanishes_on_data": True}
    assert (tmp_path / "loss_curves" / "fig2_costs.png").is_file()
