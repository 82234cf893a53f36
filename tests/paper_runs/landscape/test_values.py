"""004 landscape values (paper_runs.landscape.values): every claim holds, figures drawn."""

from __future__ import annotations

import json

import pytest

from paper_runs import landscape, runner


@pytest.mark.slow
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
