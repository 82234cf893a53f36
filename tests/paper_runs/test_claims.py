"""The claim helpers (paper_runs.claims): medians of A vs B, share of seeds, tolerance, the learned gate."""

import pytest

from paper_runs import claims


def _run(variant, seed, value, learned=True):
    return {"variant": variant, "seed": seed, "status": "completed", "metrics": {"x": value, "learned": learned}}


def _learned(metrics):
    return metrics["learned"]


def test_compare_medians_holds_and_fails_on_the_medians():
    a = [_run("a", 0, 3.0), _run("a", 1, 5.0)]
    b = [_run("b", 0, 1.0), _run("b", 1, 2.0)]
    claim = claims.compare_medians("c", "A above B", "A > B", {"A": a, "B": b}, "x", lambda x, y: x > y, learned=_learned)
    assert claim.holds is True
    assert claim.measured_value == {"median_A_B": [4.0, 1.5], "min_max": [[3.0, 5.0], [1.0, 2.0]], "seeds": [2, 2]}
    assert claims.compare_medians("c", "", "", {"A": b, "B": a}, "x", lambda x, y: x > y).holds is False


def test_compare_medians_is_undecided_when_a_side_is_missing_or_learned_nothing():
    a = [_run("a", 0, 3.0)]
    missing = claims.compare_medians("c", "", "", {"A": a, "B": []}, "x", lambda x, y: x > y)
    assert missing.holds is None and missing.measured_value["undecided"] == "no completed B runs"
    b = [_run("b", 0, 1.0), _run("b", 4, 0.0, learned=False), _run("b", 5, 0.0, learned=False)]
    gated = claims.compare_medians("c", "", "", {"A": a, "B": b}, "x", lambda x, y: x > y, learned=_learned)
    assert gated.holds is None
    assert gated.measured_value == {
        "measured": {"median_A_B": [3.0, 0.0], "min_max": [[3.0, 3.0], [0.0, 1.0]], "seeds": [1, 3]},
        "undecided": "undecided: B seed 4, B seed 5 learned nothing of the data"}


def test_compare_medians_stands_on_the_runs_that_learned_when_most_did():
    a = [_run("a", 0, 3.0), _run("a", 1, 5.0)]
    b = [_run("b", 0, 1.0), _run("b", 1, 2.0), _run("b", 4, 9.0, learned=False)]
    claim = claims.compare_medians("c", "", "", {"A": a, "B": b}, "x", lambda x, y: x > y, learned=_learned)
    assert claim.holds is True
    assert claim.measured_value == {"median_A_B": [4.0, 1.5], "min_max": [[3.0, 5.0], [1.0, 2.0]], "seeds": [2, 2],
                                    "left_out_learned_nothing": ["B seed 4"]}
    no_value = claims.compare_medians("c", "", "", {"A": a, "B": [_run("b", 0, None)]}, "x", lambda x, y: x > y)
    assert no_value.holds is None and "no x for B" in no_value.measured_value["undecided"]


def test_share_of_seeds_majority_every_and_gate():
    runs = [_run("a", 0, 1.0), _run("a", 1, 1.0), _run("a", 2, 0.0)]
    positive = lambda m: m["x"] > 0  # noqa: E731
    claim = claims.share_of_seeds("c", "", "", runs, positive, detail={"values": [1, 1, 0]})
    assert claim.holds is True
    assert claim.measured_value == {"share": 0.667, "seeds": 3, "wilson95": [0.208, 0.939], "values": [1, 1, 0]}
    assert claims.share_of_seeds("c", "", "", runs, positive, every=True).holds is False
    assert claims.share_of_seeds("c", "", "", [], positive).holds is None
    runs[2]["metrics"]["learned"] = False
    kept = claims.share_of_seeds("c", "", "", runs, positive, learned=_learned, every=True)
    assert kept.holds is True and kept.measured_value == {
        "share": 1.0, "seeds": 2, "wilson95": [0.342, 1.0], "left_out_learned_nothing": ["run seed 2"]}
    runs[1]["metrics"]["learned"] = False
    gated = claims.share_of_seeds("c", "", "", runs, positive, learned=_learned)
    assert gated.holds is None and "run seed 1, run seed 2 learned nothing" in gated.measured_value["undecided"]


def test_within_tolerance():
    assert claims.within_tolerance("c", "", 0.6931, 0.70, 0.03).holds is True
    assert claims.within_tolerance("c", "", 0.6931, 0.75, 0.03).holds is False
    assert claims.within_tolerance("c", "", 0.6931, None, 0.03).holds is None


def test_gate_run_keeps_the_measured_value_and_says_why():
    from paper_runs.results import Claim

    run_claims = [Claim("drops", "NS drops modes", "< 8", 0, True)]
    gated = claims.gate_run(run_claims, {"learned": False}, _learned, "nothing on a mode")
    assert gated[0].holds is None and gated[0].measured_value == {"measured": 0, "undecided": "undecided: nothing on a mode"}
    assert claims.gate_run(run_claims, {"learned": True}, _learned, "") == run_claims


@pytest.mark.parametrize("none,learned", [(1.0, False), (0.95, False), (0.85, True), (0.0, True)])
def test_mixture_learned_needs_a_tenth_on_the_modes(none, learned):
    assert claims.mixture_learned({"mode_frequencies": [1.0 - none, none]}) is learned


def test_classes_learned_needs_two_classes():
    assert not claims.classes_learned([1.0] + [0.0] * 9)
    assert claims.classes_learned([0.75, 0.15, 0.10] + [0.0] * 7)
    assert not claims.classes_learned(None)


def test_wilson_interval_matches_the_textbook_values():
    from paper_runs.summaries import wilson_interval

    # 8 of 10: (0.490, 0.943), a standard worked example; 0 of 20: (0, 0.161); 3 of 3: (0.439, 1)
    assert wilson_interval(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson_interval(0, 20) == pytest.approx((0.0, 0.1611), abs=1e-4)
    assert wilson_interval(3, 3) == pytest.approx((0.4385, 1.0), abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_rate_of_seeds_is_judged_by_its_interval():
    def runs(hits, misses):
        return [{"seed": i, "metrics": {"hit": i < hits}} for i in range(hits + misses)]

    def hit(metrics):
        return metrics["hit"]

    many = claims.rate_of_seeds("c", "most seeds hit", "most", runs(18, 2), hit)
    assert many.holds is True and many.measured_value["wilson95"][0] > 0.5 and many.measured_value["seeds"] == 20
    few = claims.rate_of_seeds("c", "most seeds hit", "most", runs(3, 0), hit)
    assert few.holds is None and "straddles 0.5 (3 seeds)" in few.measured_value["undecided"]
    rare = claims.rate_of_seeds("c", "most seeds hit", "most", runs(1, 19), hit)
    assert rare.holds is False and rare.measured_value["rate"] == 0.05
