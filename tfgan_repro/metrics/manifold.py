"""001's synthetic-experiment metric: squared error between true and fitted Gaussian parameters.

The data x = a + b eps, eps ~ N(0, sigma^2), is the Gaussian N(a, sigma^2 b b^T); a linear generator
x = c + A z, z ~ N(0, sigma_z^2 I_k), is N(c, sigma_z^2 A A^T). The error is
    ||mu_true - mu_fit||^2 + sum_ij (Sigma_true - Sigma_fit)_ij^2
(squared norms of the mean vector and of all covariance entries), reported with its two parts. The fitted
parameters come either from the generator's weights (exact) or from a Gaussian fit to its samples.
"""

from __future__ import annotations

import numpy as np

from tfgan_repro.metrics.inputs import check_points


def linear_generator_gaussian(offset, matrix, sigma: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(mean, covariance) of x = offset + matrix z, z ~ N(0, sigma^2 I_k): (offset, sigma^2 matrix matrix^T)."""
    offset = np.asarray(offset, np.float64).reshape(-1)
    matrix = np.asarray(matrix, np.float64).reshape(offset.shape[0], -1)
    return offset, sigma**2 * matrix @ matrix.T


def fit_gaussian(samples) -> tuple[np.ndarray, np.ndarray]:
    """Sample mean and unbiased covariance of samples [N, d]."""
    points = check_points(samples)
    if len(points) < 2:
        raise ValueError("need at least 2 samples to fit a covariance")
    return points.mean(axis=0), np.cov(points, rowvar=False).reshape(points.shape[1], points.shape[1])


def gaussian_parameter_error(true_mean, true_covariance, fitted_mean, fitted_covariance) -> dict[str, float]:
    """mean_error ||mu_t - mu_f||^2, covariance_error sum of squared entry differences, and their total."""
    true_mean = np.asarray(true_mean, np.float64).reshape(-1)
    fitted_mean = np.asarray(fitted_mean, np.float64).reshape(-1)
    true_covariance = np.asarray(true_covariance, np.float64)
    fitted_covariance = np.asarray(fitted_covariance, np.float64)
    d = true_mean.shape[0]
    if fitted_mean.shape != (d,) or true_covariance.shape != (d, d) or fitted_covariance.shape != (d, d):
        raise ValueError(
            f"parameters must be a mean [{d}] and covariances [{d}, {d}]; got {fitted_mean.shape}, "
            f"{true_covariance.shape}, {fitted_covariance.shape}"
        )
    mean_error = float(np.sum((true_mean - fitted_mean) ** 2))
    covariance_error = float(np.sum((true_covariance - fitted_covariance) ** 2))
    return {"mean_error": mean_error, "covariance_error": covariance_error, "total": mean_error + covariance_error}


def line_manifold_parameter_error(
    truth, *, offset=None, matrix=None, sigma: float = None, samples=None
) -> dict[str, float]:
    """gaussian_parameter_error between a `data.toy.LinearGaussian` and a linear generator, given either its
    weights (offset [d], matrix [d, k], latent std `sigma`, default the truth's) or its samples [N, d]."""
    if (samples is None) == (offset is None or matrix is None):
        raise ValueError("give either the generator's offset and matrix, or its samples")
    if samples is not None:
        fitted_mean, fitted_covariance = fit_gaussian(check_points(samples, dim=truth.dim))
    else:
        fitted_mean, fitted_covariance = linear_generator_gaussian(
            offset, matrix, truth.sigma if sigma is None else sigma
        )
    return gaussian_parameter_error(truth.mean, truth.covariance, fitted_mean, fitted_covariance)
