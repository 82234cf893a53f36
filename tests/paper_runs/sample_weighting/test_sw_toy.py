"""000 toy experiments (paper_runs.sample_weighting.toy): profiles, ring and spiral claims, the learned gate."""

import numpy as np
import pytest

from paper_runs import runner
from paper_runs import sample_weighting as sw
from paper_runs.sample_weighting import toy


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
    claims = {c.id: c for c in toy.ring_claims(runs)}
    assert claims["ring_mm_covers_all_every_seed"].holds is True
    assert claims["ring_mm_covers_all_every_seed"].measured_value == {
        "share": 1.0, "seeds": 2, "wilson95": [0.342, 1.0], "modes_covered": [8, 8]}
    runs.append(_toy_run("mm", 2, [0.0] + [1 / 7] * 7 + [0.0]))
    claims = {c.id: c for c in toy.ring_claims(runs)}
    assert claims["ring_mm_covers_all_every_seed"].holds is False  # one seed with 7/8 is enough to fail
    assert claims["ring_mm_more_modes_than_ns"].holds is True


def test_spiral_claims_pair_ns_and_mm_by_seed():
    mm = [1 / 12] * 12 + [0.0]
    ns_drop = [0.0, 0.005] + [0.995 / 10] * 10 + [0.0]  # two modes under 1%, both kept by MM
    ns_keep = [0.02] + [0.98 / 11] * 11 + [0.0]
    runs = [_toy_run("mm", 0, mm), _toy_run("mm", 1, mm), _toy_run("ns", 0, ns_drop), _toy_run("ns", 1, ns_drop)]
    claims = {c.id: c for c in toy.spiral_claims(runs)}
    assert claims["spiral_ns_drops_what_mm_covers"].paper_value == 4  # Table 3: NS modes 5-8 under 1%, MM's >= 2.5%
    assert claims["spiral_ns_drops_what_mm_covers"].measured_value == [2, 2]
    assert claims["spiral_ns_drops_what_mm_covers"].holds is True
    runs[-1] = _toy_run("ns", 1, ns_keep)
    claims = {c.id: c for c in toy.spiral_claims(runs)}
    assert claims["spiral_ns_drops_what_mm_covers"].measured_value == [2, 0]
    assert claims["spiral_ns_drops_what_mm_covers"].holds is False
    mm_low = [0.0, 0.009] + [0.991 / 10] * 10 + [0.0]  # MM itself under 1% on those modes: not counted
    assert toy.ns_dropped_mm_covered(_toy_run("ns", 0, ns_drop), _toy_run("mm", 0, mm_low)) == 0


def test_a_run_that_learned_nothing_decides_no_comparison():
    """Issue #10 point 5: a ring NS run with every sample off every mode made ring_ns_drops 'yes' and "MM
    covers more modes than NS" hold with [8, 0]. Both are undecided now, and say why."""
    nothing = [0.0] * 8 + [1.0]
    full = [0.125] * 8 + [0.0]
    runs = [_toy_run("mm", 0, full), _toy_run("ns", 0, nothing, covered=0)]
    claims = {c.id: c for c in toy.ring_claims(runs)}
    more = claims["ring_mm_more_modes_than_ns"]
    assert more.holds is None
    assert more.measured_value["measured"]["median_MM_NS"] == [8.0, 0.0]
    assert "NS seed 0 learned nothing" in more.measured_value["undecided"]
    [drops, hops] = toy.ring_run_claims({**runs[1]["metrics"], "modes_visited_late": 0, "max_modes_covered_late": 0},
                                        {"generator_loss": "ns"})
    assert drops.id == "ring_ns_drops" and drops.holds is None and "undecided" in drops.measured_value["undecided"]
    # The same run with 15% of its samples on a mode has learned something: the claims are judged.
    some = [0.15] + [0.0] * 7 + [0.85]
    learned = {"modes_covered": 1, "mode_frequencies": some, "modes_visited_late": 1, "max_modes_covered_late": 1}
    assert toy.ring_run_claims(learned, {"generator_loss": "ns"})[0].holds is True
    runs[1] = _toy_run("ns", 0, some, covered=1)
    assert {c.id: c for c in toy.ring_claims(runs)}["ring_mm_more_modes_than_ns"].holds is True


def test_spiral_comparisons_are_undecided_when_mm_learned_nothing():
    nothing = [0.0] * 12 + [1.0]
    ns = [0.0, 0.005] + [0.995 / 10] * 10 + [0.0]
    claims = {c.id: c for c in toy.spiral_claims([_toy_run("mm", 0, nothing, covered=0), _toy_run("ns", 0, ns)])}
    assert all(c.holds is None for c in claims.values())
    assert all("MM seed 0 learned nothing" in c.measured_value["undecided"] for c in claims.values())
