"""002 two moons (paper_runs.moons.two_moons): the claims and their learned gate."""

from paper_runs.moons import two_moons


def _run(variant, off, shares=(0.3, 0.3), distance=0.1):
    return {"variant": variant, "seed": 0, "status": "completed",
            "metrics": {"off_moon_fraction": off, "moon_fractions": list(shares), "mean_moon_distance": distance}}


def test_z4_separates_better_is_judged_by_the_interval_of_the_ratio_on_runs_that_reach_the_moons():
    [claim] = two_moons.moons_claims([_run("z2", 0.4), _run("z4", 0.1)])
    assert claim.holds is True and claim.measured_value == {"median_z4_z2": [0.1, 0.4], "ratio95": [0.25, 0.25],
                                                            "seeds": [1, 1]}
    overlapping = [_run("z2", v) for v in (0.3, 0.6, 0.5)] + [_run("z4", v) for v in (0.35, 0.55, 0.45)]
    assert two_moons.moons_claims(overlapping)[0].holds is None  # the ratio's interval straddles 1
    nowhere = _run("z2", 1.0, shares=(0.0, 0.0), distance=3.0)  # every sample off both arcs: learned nothing
    claim = two_moons.moons_claims([nowhere, _run("z4", 0.1)])[0]
    assert claim.holds is None and "z2 seed 0 learned nothing" in claim.measured_value["undecided"]


def test_run_claims_of_a_run_off_the_moons_are_undecided():
    config = {"latent_dim": 2}
    assert [c.holds for c in two_moons.moons_run_claims(_run("z2", 0.4)["metrics"], config)] == [True, True]
    off = _run("z2", 1.0, shares=(0.0, 0.0), distance=3.0)["metrics"]
    assert all(c.holds is None for c in two_moons.moons_run_claims(off, config))
