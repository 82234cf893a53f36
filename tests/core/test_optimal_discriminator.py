"""001 Fig 2: MM and NS generator costs under the optimal discriminator of two Gaussians, against closed forms."""

import numpy as np
import pytest
from scipy import special, stats

from tfgan_repro import optimal_discriminator as od

REAL, FAKE, STD = 0.0, 4.0, 0.5


def test_the_optimal_logit_is_the_log_density_ratio():
    x = np.linspace(-3, 7, 41)
    ratio = stats.norm.logpdf(x, REAL, STD) - stats.norm.logpdf(x, FAKE, STD)
    np.testing.assert_allclose(od.optimal_logit(x, REAL, FAKE, STD), ratio, rtol=1e-12, atol=1e-9)


def test_costs_and_gradients_match_the_closed_forms():
    x = np.linspace(-3, 7, 41)
    curves = od.generator_cost_curves(x, REAL, FAKE, STD)
    logit = od.optimal_logit(x, REAL, FAKE, STD)
    d_star, one_minus_d_star = special.expit(logit), special.expit(-logit)
    slope = (REAL - FAKE) / STD**2  # dl*/dx
    np.testing.assert_allclose(curves["d_star"], d_star, rtol=1e-12)
    np.testing.assert_allclose(curves["mm"], -np.logaddexp(0.0, logit), rtol=1e-12)
    np.testing.assert_allclose(curves["ns"], np.logaddexp(0.0, -logit), rtol=1e-12)
    np.testing.assert_allclose(curves["mm_gradient"], -d_star * slope, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(curves["ns_gradient"], -one_minus_d_star * slope, rtol=1e-9, atol=1e-300)


def test_mm_vanishes_far_from_the_data_where_ns_does_not():
    curves = od.generator_cost_curves(np.array([FAKE, REAL]), REAL, FAKE, STD)
    at_fake, at_real = np.abs(curves["mm_gradient"]), np.abs(curves["ns_gradient"])
    # at the generated mode D* = e^-32 / (1 + e^-32): MM's gradient is that fraction of NS's
    assert at_fake[0] / at_real[0] == pytest.approx(np.exp(-32.0), rel=1e-9)
    assert at_real[0] == pytest.approx(abs(REAL - FAKE) / STD**2, rel=1e-9)
    # on the data the roles swap: NS's gradient vanishes, MM's does not
    assert at_real[1] / at_fake[1] == pytest.approx(np.exp(-32.0), rel=1e-9)


def test_a_zero_std_is_an_error():
    with pytest.raises(ValueError, match="std must be > 0"):
        od.optimal_logit([0.0], REAL, FAKE, 0.0)
