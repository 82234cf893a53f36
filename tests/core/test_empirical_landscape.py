"""Function-space empirical losses against 004's Claims 3.1, 3.2 and C.1."""

import math

import pytest

from tfgan_repro import landscape


@pytest.mark.parametrize("state", landscape.STATES)
def test_js_two_point_values_match_claim_3_1(state):
    real, fake = landscape.two_point_state(state)
    assert landscape.empirical_js_loss(real, fake) == pytest.approx(landscape.closed_form_js_two_point(state), abs=1e-6)


@pytest.mark.parametrize("state", landscape.STATES)
def test_rs_two_point_values_match_claim_3_2(state):
    real, fake = landscape.two_point_state(state)
    assert landscape.empirical_rs_loss(real, fake) == pytest.approx(landscape.closed_form_rs_two_point(state), abs=1e-6)


def test_js_collapse_is_a_bad_basin_and_rs_collapse_is_not():
    js = {s: landscape.closed_form_js_two_point(s) for s in landscape.STATES}
    rs = {s: landscape.closed_form_rs_two_point(s) for s in landscape.STATES}
    # JS: collapse lies below its neighbours (no recovery, dropping) but above the optimum.
    assert js["perfect_recovery"] < js["mode_collapse"] < js["mode_dropping"] < js["no_recovery"]
    # RS: collapse is level with dropping, which leads down to perfect recovery.
    assert rs["mode_collapse"] == rs["mode_dropping"] > rs["perfect_recovery"]
    assert -js["mode_collapse"] == pytest.approx(0.4774, abs=1e-4)  # the two-cluster D-loss plateau


@pytest.mark.parametrize("alpha", [0.5, 2 / 3, 0.8])
def test_two_cluster_collapse_matches_claim_c_1(alpha):
    n = 30
    real, fake = landscape.two_cluster_state(n, alpha, 1.0)
    expected = landscape.closed_form_js_cluster_collapse(alpha)
    assert landscape.empirical_js_loss(real, fake) == pytest.approx(expected, abs=1e-3)
    # perfect recovery is -log 2 whatever the balance
    real, fake = landscape.two_cluster_state(n, alpha, alpha)
    assert landscape.empirical_js_loss(real, fake) == pytest.approx(-math.log(2), abs=1e-6)


def test_claim_c_1_value_at_two_thirds_is_the_papers_minus_0_56():
    assert landscape.closed_form_js_cluster_collapse(2 / 3) == pytest.approx(-0.5609, abs=1e-4)


def test_rs_needs_pairs():
    with pytest.raises(ValueError, match="pairs real i with fake i"):
        landscape.empirical_rs_loss([[0.0], [1.0]], [[0.0]])


def test_collapse_d_loss_is_minus_claim_c1():
    assert landscape.js_collapse_d_loss(0.5) == pytest.approx(0.4774, abs=1e-4)
    assert landscape.js_collapse_d_loss(1 / 3) == pytest.approx(0.5609, abs=1e-4)


@pytest.mark.parametrize("alpha,beta", [(0.5, 0.5), (2 / 3, 1.0), (0.75, 0.25), (0.9, 0.0)])
def test_derived_cluster_values_match_function_space_optimum(alpha, beta):
    real, fake = landscape.two_cluster_state(60, alpha, beta)
    assert landscape.empirical_js_loss(real, fake) == pytest.approx(landscape.derived_js_cluster(alpha, beta), abs=1e-6)
    assert landscape.empirical_rs_loss(real, fake) == pytest.approx(landscape.derived_rs_cluster(alpha, beta), abs=1e-6)
