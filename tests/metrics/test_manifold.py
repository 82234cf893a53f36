"""001's line-manifold parameter error."""

import numpy as np
import pytest

from tfgan_repro import metrics
from tfgan_repro.data import toy
from tfgan_repro.metrics.manifold import fit_gaussian, linear_generator_gaussian


def test_exact_generator_has_zero_error():
    line = toy.line_manifold(d=5, sigma=0.7, seed=1)
    result = metrics.line_manifold_parameter_error(line, offset=line.offset, matrix=line.matrix)
    assert result == {"mean_error": 0.0, "covariance_error": 0.0, "total": 0.0}
    # The rank-one overcomplete form is the same Gaussian.
    over = toy.overcomplete_line(d=5, k=3, sigma=0.7, seed=1)
    result = metrics.line_manifold_parameter_error(line, offset=over.offset, matrix=over.matrix)
    assert result["total"] == pytest.approx(0.0, abs=1e-20)


def test_error_is_squared_norm_of_parameter_differences():
    line = toy.line_manifold(d=4, sigma=1.0, seed=2)
    delta = np.array([0.1, -0.2, 0.0, 0.3])
    scaled = 1.5 * line.matrix
    result = metrics.line_manifold_parameter_error(line, offset=line.offset + delta, matrix=scaled)
    assert result["mean_error"] == pytest.approx((delta**2).sum())
    expected_cov = ((2.25 - 1.0) * line.covariance) ** 2
    assert result["covariance_error"] == pytest.approx(expected_cov.sum())
    assert result["total"] == pytest.approx(result["mean_error"] + result["covariance_error"])


def test_error_from_samples():
    line = toy.line_manifold(d=3, sigma=0.5, seed=3)
    samples, _ = line.sample(200_000, seed=0)
    assert metrics.line_manifold_parameter_error(line, samples=samples)["total"] < 1e-3
    mean, cov = fit_gaussian(samples)
    np.testing.assert_allclose(linear_generator_gaussian(line.offset, line.matrix, 0.5)[1], cov, atol=0.02)
    with pytest.raises(ValueError, match="either"):
        metrics.line_manifold_parameter_error(line)
    with pytest.raises(ValueError, match=r"shape \[N, 3\]"):
        metrics.line_manifold_parameter_error(line, samples=np.zeros((10, 4)))
