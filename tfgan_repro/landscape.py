"""Empirical GAN losses in function space (004 Sec 2-3, App C, App H).

For n real points x_i and n generated points y_i the *empirical* losses, with D free at every point, are

    JS-GAN (004 eq 1):  phi_JS(Y, X) = sup_f 1/(2n) sum_i [log sigmoid(f(x_i)) + log(1 - sigmoid(f(y_i)))]
    RS-GAN (004 eq 4):  phi_RS(Y, X) = sup_f 1/n     sum_i  log sigmoid(f(x_i) - f(y_i))

The generator minimises phi; the "code's D loss" of the two-cluster experiment is -phi (the mean of the real
and fake BCE terms). Here the sup over f is computed *numerically*: one free logit per distinct location,
maximised with L-BFGS-B inside [-LOGIT_BOUND, LOGIT_BOUND] (a separable pair then contributes
log sigmoid(2 * LOGIT_BOUND) ~ -1e-26 instead of 0). `closed_form_*` give the paper's values to check against.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from scipy import optimize

LOGIT_BOUND = 30.0
STATES = ("no_recovery", "mode_collapse", "mode_dropping", "perfect_recovery")


def _log_sigmoid(t: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -t)


def _locations(real: np.ndarray, fake: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Indices of each real and fake point into the distinct locations of both sets (exact equality)."""
    points = np.concatenate([np.asarray(real, np.float64).reshape(len(real), -1),
                             np.asarray(fake, np.float64).reshape(len(fake), -1)])
    _, index = np.unique(points, axis=0, return_inverse=True)
    index = index.ravel()
    return index[: len(real)], index[len(real):], int(index.max()) + 1


def _maximise(objective_and_gradient, num_locations: int) -> float:
    result = optimize.minimize(
        lambda f: tuple(-v for v in objective_and_gradient(f)),
        np.zeros(num_locations),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-LOGIT_BOUND, LOGIT_BOUND)] * num_locations,
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10_000},
    )
    return float(-result.fun)


def empirical_js_loss(real: Sequence, fake: Sequence) -> float:
    """phi_JS (004 eq 1), D optimised in function space."""
    real_index, fake_index, num_locations = _locations(np.asarray(real), np.asarray(fake))
    n = len(real_index)

    def objective_and_gradient(f):
        value = _log_sigmoid(f[real_index]).sum() + _log_sigmoid(-f[fake_index]).sum()
        gradient = np.zeros_like(f)
        np.add.at(gradient, real_index, 1.0 / (1.0 + np.exp(f[real_index])))   # d/df log sigmoid(f)
        np.add.at(gradient, fake_index, -1.0 / (1.0 + np.exp(-f[fake_index])))  # d/df log sigmoid(-f)
        return value / (2 * n), gradient / (2 * n)

    return _maximise(objective_and_gradient, num_locations)


def empirical_rs_loss(real: Sequence, fake: Sequence) -> float:
    """phi_RS (004 eq 4), real i paired with fake i, D optimised in function space."""
    real_index, fake_index, num_locations = _locations(np.asarray(real), np.asarray(fake))
    if len(real_index) != len(fake_index):
        raise ValueError(f"RS-GAN pairs real i with fake i: got {len(real_index)} real, {len(fake_index)} fake")
    n = len(real_index)

    def objective_and_gradient(f):
        difference = f[real_index] - f[fake_index]
        weight = 1.0 / (1.0 + np.exp(difference))  # d/dt log sigmoid(t)
        gradient = np.zeros_like(f)
        np.add.at(gradient, real_index, weight)
        np.add.at(gradient, fake_index, -weight)
        return _log_sigmoid(difference).sum() / n, gradient / n

    return _maximise(objective_and_gradient, num_locations)


def two_point_state(state: str, data: Sequence[float] = (0.0, 1.0), elsewhere: float = 5.0) -> tuple:
    """(real, fake) 1-D point sets for the four states of 004 Sec 3 with data {x1, x2}."""
    x1, x2 = data
    fakes = {
        "no_recovery": (elsewhere, elsewhere + 1.0),
        "mode_collapse": (x1, x1),
        "mode_dropping": (x1, elsewhere),
        "perfect_recovery": (x1, x2),
    }
    if state not in fakes:
        raise ValueError(f"unknown state {state!r}; valid: {', '.join(STATES)}")
    return np.array([[x1], [x2]]), np.array([[f] for f in fakes[state]])


def two_cluster_state(n: int, real_fraction_first: float, fake_fraction_first: float) -> tuple:
    """(real, fake) for 004 App C: n real points, a fraction alpha at 0 and the rest at 1; n fakes with the
    given fraction at 0 and the rest at 1 (fractions are rounded to whole points)."""
    real_first = int(round(real_fraction_first * n))
    fake_first = int(round(fake_fraction_first * n))
    real = np.array([0.0] * real_first + [1.0] * (n - real_first))[:, None]
    fake = np.array([0.0] * fake_first + [1.0] * (n - fake_first))[:, None]
    return real, fake


# ------------------------------------------------------------------ the paper's closed forms


def closed_form_js_two_point(state: str) -> float:
    """Claim 3.1: phi_JS = 0, log(4/27)/4, -log(2)/2, -log 2 for no recovery, collapse, dropping, perfect."""
    return {
        "no_recovery": 0.0,
        "mode_collapse": math.log(4.0 / 27.0) / 4.0,
        "mode_dropping": -math.log(2.0) / 2.0,
        "perfect_recovery": -math.log(2.0),
    }[state]


def closed_form_rs_two_point(state: str) -> float:
    """Claim 3.2: phi_RS = 0, -log(2)/2, -log(2)/2, -log 2: collapse is no deeper than dropping."""
    return {
        "no_recovery": 0.0,
        "mode_collapse": -math.log(2.0) / 2.0,
        "mode_dropping": -math.log(2.0) / 2.0,
        "perfect_recovery": -math.log(2.0),
    }[state]


def closed_form_js_cluster_collapse(alpha: float) -> float:
    """Claim C.1's mode-collapse value: all fakes on the cluster holding a fraction alpha >= 1/2 of the data,
    phi_JS = (alpha log alpha - (1 + alpha) log(1 + alpha)) / 2; -0.4774 at alpha = 1/2, -0.5609 at 2/3,
    strictly decreasing to -log 2 at alpha = 1 (a deeper bad basin for more imbalanced data)."""
    return 0.5 * (alpha * math.log(alpha) - (1.0 + alpha) * math.log(1.0 + alpha))


def js_collapse_d_loss(balance: float) -> float:
    """The two-cluster code's JS D loss (mean of real and fake BCE) at mode collapse with the optimal D: every
    fake point on the larger cluster. This is -phi_JS of Claim C.1 (`closed_form_js_cluster_collapse`):
    0.4774 for balanced data (004 Sec 5), 0.5609 for 2/3 : 1/3 (App. C.2's "-0.56" in the paper's sign)."""
    return -closed_form_js_cluster_collapse(max(balance, 1.0 - balance))


# ------------------------------------------------------------------ derived 2-cluster values (ours)
# Claim C.1's general formula (12) is lost from our copy of the text; these per-location values reproduce it
# and every other 2-cluster state. They are our derivation, checked against the function-space optimum above.


def _mixed_location_value(first: float, second: float) -> float:
    """first log(first / total) + second log(second / total), total = first + second, with 0 log 0 = 0."""
    total = first + second
    return sum(part * math.log(part / total) for part in (first, second) if part > 0)


def derived_js_cluster(alpha: float, beta: float) -> float:
    """phi_JS with data alpha : 1 - alpha at locations 0 and 1, fakes beta : 1 - beta. Each location holding
    fractions r of the data and g of the fakes contributes sup_s [r log s + g log(1 - s)] / 2
    = (r log(r / (r + g)) + g log(g / (r + g))) / 2."""
    return 0.5 * (_mixed_location_value(alpha, beta) + _mixed_location_value(1.0 - alpha, 1.0 - beta))


def derived_rs_cluster(alpha: float, beta: float) -> float:
    """phi_RS for the same state with real i paired with fake i, both sorted (0s first): pairs on the same
    location give -log 2 each; the mixed pairs (x=0, y=1) and (x=1, y=0), fractions p and q, share one free
    difference t = f(0) - f(1): sup_t p log s(t) + q log s(-t) = p log(p/(p+q)) + q log(q/(p+q))."""
    same = min(alpha, beta) + min(1.0 - alpha, 1.0 - beta)
    p, q = max(alpha - beta, 0.0), max(beta - alpha, 0.0)  # real at 0 with fake at 1, real at 1 with fake at 0
    return -same * math.log(2.0) + _mixed_location_value(p, q)
