"""Low-dimensional toy distributions whose true parameters are known, for the mode-coverage metrics.

Each constructor returns a frozen object that knows its own parameters (means, stds, weights, centers or
generating matrices) so a metric can compare samples with the truth, and offers

    obj.sample(n, seed)   -> numpy (points float32 [n, dim], mode_ids int32 [n])
    obj.dataset(seed)     -> infinite, shuffled, deterministic tf.data.Dataset of points (or (points, ids))

Toy points stay in their paper's coordinates (a ring of radius 5 is not squashed into [-1, 1]) because the
coverage thresholds are stated in those units. Batching is left to the caller.

| constructor           | paper | definition                                                              |
|-----------------------|-------|-------------------------------------------------------------------------|
| ring8()               | 000   | 8 modes, radius 1, angle 2 pi k / 8 (endpoint=False), std 0.03           |
| spiral12(std)         | 000   | (0.3 t cos pi t, 0.3 t sin pi t), t = linspace(0, 4.788, 12), w ~ 1..8    |
| grid25()              | VEEGAN/PacGAN | 5 x 5 grid, spacing 2 (means -4..4), std 0.05                    |
| ring6_radius5()       | 003   | 6 modes, radius 5, std 0.1                                               |
| circle5()             | 004   | 5 modes on the unit circle every 72 deg, cov 0.002 I, 2000 fixed points each |
| two_cluster(balance)  | 004   | 100 fixed 1-D points, 0 + 0.3 U[0,1) and 4 + 0.3 U[0,1)                  |
| moons(n)              | 002   | sklearn.make_moons(n, noise=0), re-implemented                           |
| line_manifold(d, ...) | 001   | x = a + b eps, eps ~ N(0, sigma^2), a, b ~ N(0, I_d) fixed by the seed     |
| overcomplete_line(..) | 001   | the same line written as x = A z + c, z ~ N(0, sigma^2 I_k), A = b u^T    |
"""

from __future__ import annotations

import dataclasses
from typing import Optional

import numpy as np

# Shared by every infinite toy stream: points are drawn in chunks inside the graph (stateless RNG keyed by
# (seed, chunk index)) and unbatched, so a stream is deterministic, never repeats and costs no Python per step.
_CHUNK = 4096


def _as_tf():
    # TensorFlow is imported lazily: building a toy set or sampling it in numpy should not pay TF's import cost.
    import tensorflow as tf

    return tf


# ----------------------------------------------------------------------------------------------- mixtures


@dataclasses.dataclass(frozen=True)
class GaussianMixture:
    """A mixture of isotropic Gaussians: mode k has mean `means[k]`, std `stds[k]` per axis, weight `weights[k]`.

    `fixed_size`: when set, the training set is one fixed stratified sample of that many points (as in 004's
    5-Gaussian set, 2000 points per mode), reshuffled every epoch; otherwise every draw is fresh (000, 003).
    """

    name: str
    means: np.ndarray  # [K, dim] float64
    stds: np.ndarray  # [K] float64
    weights: np.ndarray  # [K] float64, sums to 1
    fixed_size: Optional[int] = None

    def __post_init__(self) -> None:
        means = np.asarray(self.means, np.float64)
        stds = np.broadcast_to(np.asarray(self.stds, np.float64), (means.shape[0],)).copy()
        weights = np.asarray(self.weights, np.float64)
        if means.ndim != 2:
            raise ValueError(f"means must be [num_modes, dim], got shape {means.shape}")
        if weights.shape != (means.shape[0],) or np.any(weights < 0) or weights.sum() <= 0:
            raise ValueError(f"weights must be {means.shape[0]} non-negative numbers, got {weights}")
        if np.any(stds <= 0):
            raise ValueError(f"stds must be positive, got {stds}")
        object.__setattr__(self, "means", means)
        object.__setattr__(self, "stds", stds)
        object.__setattr__(self, "weights", weights / weights.sum())

    @property
    def num_modes(self) -> int:
        return self.means.shape[0]

    @property
    def dim(self) -> int:
        return self.means.shape[1]

    def sample(self, n: int, seed: int = 0, *, stratified: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """n points and their mode ids. `stratified`: exact per-mode counts round(n w_k) instead of multinomial."""
        rng = np.random.default_rng(seed)
        if stratified:
            counts = _stratified_counts(n, self.weights)
            mode_ids = np.repeat(np.arange(self.num_modes), counts)
            mode_ids = rng.permutation(mode_ids)
        else:
            mode_ids = rng.choice(self.num_modes, size=n, p=self.weights)
        noise = rng.standard_normal((n, self.dim))
        points = self.means[mode_ids] + noise * self.stds[mode_ids, None]
        return points.astype(np.float32), mode_ids.astype(np.int32)

    def dataset(self, seed: int = 0, *, with_mode_ids: bool = False):
        """Infinite shuffled stream of float32 points [dim] (and int32 mode ids), unbatched."""
        if self.fixed_size is not None:
            points, ids = self.sample(self.fixed_size, seed, stratified=True)
            return _fixed_points_dataset(points, ids, seed, with_mode_ids)
        tf = _as_tf()
        means = tf.constant(self.means, tf.float32)
        stds = tf.constant(self.stds, tf.float32)
        log_weights = tf.math.log(tf.constant(self.weights, tf.float32))[None, :]
        dim = self.dim

        def chunk(index):
            key = tf.stack([tf.cast(seed, tf.int64), index])
            ids = tf.random.stateless_categorical(log_weights, _CHUNK, seed=key, dtype=tf.int32)[0]
            noise = tf.random.stateless_normal([_CHUNK, dim], seed=key + [0, 1 << 40])
            points = tf.gather(means, ids) + noise * tf.gather(stds, ids)[:, None]
            return (points, ids) if with_mode_ids else points

        return tf.data.Dataset.counter().map(chunk).unbatch()


def _stratified_counts(n: int, weights: np.ndarray) -> np.ndarray:
    """Per-mode counts summing to n, each floor(n w_k) plus one for the largest remainders."""
    exact = n * weights
    counts = np.floor(exact).astype(int)
    remainder_order = np.argsort(-(exact - counts), kind="stable")
    counts[remainder_order[: n - counts.sum()]] += 1
    return counts


def _fixed_points_dataset(points: np.ndarray, ids: np.ndarray, seed: int, with_ids: bool):
    """A fixed point set, reshuffled every epoch with a seeded shuffle, repeated forever."""
    tf = _as_tf()
    elements = (points, ids) if with_ids else points
    ds = tf.data.Dataset.from_tensor_slices(elements)
    return ds.shuffle(len(points), seed=seed, reshuffle_each_iteration=True).repeat()


def _circle_means(num_modes: int, radius: float, start_angle: float = 0.0) -> np.ndarray:
    # endpoint=False: with endpoint=True the first and last means would coincide at angle 0 = 2 pi.
    angles = start_angle + np.linspace(0.0, 2.0 * np.pi, num_modes, endpoint=False)
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def ring8(radius: float = 1.0, std: float = 0.03) -> GaussianMixture:
    """000 toy ring: 8 equal modes at angle 2 pi k / 8 on a circle of `radius` 1, std 0.03 (mm-nsat toy.py)."""
    return GaussianMixture("ring8", _circle_means(8, radius), np.full(8, std), np.ones(8))


def spiral12(std: float = 0.03) -> GaussianMixture:
    """000 toy spiral: means (0.3 t cos(pi t), 0.3 t sin(pi t)), t = linspace(0, 4.788, 12) (endpoint included,
    as in mm-nsat's toy.py), weights proportional to linspace(1, 8, 12, endpoint=False).

    std 0.03 is treated as Table 3's setting (REPRODUCTION.md); std=0.1 is the variant of the public code.
    """
    t = np.linspace(0.0, 4.788, 12)
    means = np.stack([0.3 * t * np.cos(np.pi * t), 0.3 * t * np.sin(np.pi * t)], axis=1)
    weights = np.linspace(1.0, 8.0, 12, endpoint=False)
    return GaussianMixture(f"spiral12_std{std:g}", means, np.full(12, std), weights)


def grid25(spacing: float = 2.0, std: float = 0.05) -> GaussianMixture:
    """25 equal modes on a 5 x 5 grid centred at 0 (VEEGAN / PacGAN 2D-grid: means in {-4,-2,0,2,4}^2, std 0.05).

    RS-GAN's repository uses spacing 1 and cov 0.002 I: grid25(1.0, 0.002 ** 0.5).
    """
    axis = spacing * (np.arange(5) - 2.0)
    means = np.array([(x, y) for x in axis for y in axis])
    return GaussianMixture("grid25", means, np.full(25, std), np.ones(25))


def ring6_radius5(std: float = 0.1) -> GaussianMixture:
    """003 toy (Fig 9): 6 equal Gaussians, std 0.1, means on a circle of radius 5."""
    return GaussianMixture("ring6_radius5", _circle_means(6, 5.0), np.full(6, std), np.ones(6))


def circle5(points_per_mode: int = 2000, std: float = 0.002 ** 0.5) -> GaussianMixture:
    """004's 5-Gaussian set: modes at 0, 72, ..., 288 degrees on the unit circle, covariance 0.002 I, a fixed
    training set of 2000 points per mode (RS-GAN datasets.py)."""
    return GaussianMixture(
        "circle5", _circle_means(5, 1.0), np.full(5, std), np.ones(5), fixed_size=5 * points_per_mode
    )


# ------------------------------------------------------------------------------------------- point sets


@dataclasses.dataclass(frozen=True)
class FixedPointSet:
    """A fixed finite training set (full-batch toys). `points` [n, dim] float32, `mode_ids` [n] int32,
    `centers` [K, dim] the nominal cluster locations."""

    name: str
    points: np.ndarray
    mode_ids: np.ndarray
    centers: np.ndarray

    @property
    def num_modes(self) -> int:
        return self.centers.shape[0]

    @property
    def weights(self) -> np.ndarray:
        """Fraction of the points in each cluster."""
        return np.bincount(self.mode_ids, minlength=self.num_modes) / len(self.mode_ids)

    def sample(self, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """n points drawn with replacement from the fixed set (and their cluster ids)."""
        index = np.random.default_rng(seed).integers(0, len(self.points), size=n)
        return self.points[index], self.mode_ids[index]

    def dataset(self, seed: int = 0, *, with_mode_ids: bool = False):
        """The fixed set, reshuffled every epoch, repeated forever; batch by len(points) for full batch."""
        return _fixed_points_dataset(self.points, self.mode_ids, seed, with_mode_ids)


def two_cluster(balance: float = 0.5, num_points: int = 100, seed: int = 0, width: float = 0.3) -> FixedPointSet:
    """004's 1-D two-cluster data: `num_points` fixed points, a fraction `balance` at 0 + width U[0, 1) and the
    rest at 4 + width U[0, 1) (RS-GAN GAN2_2Cluster.py; balanced 1/2, imbalanced 2/3 vs 1/3)."""
    if not 0.0 < balance < 1.0:
        raise ValueError(f"balance must be in (0, 1), got {balance}")
    rng = np.random.default_rng(seed)
    n_first = int(round(balance * num_points))
    mode_ids = np.concatenate([np.zeros(n_first, np.int32), np.ones(num_points - n_first, np.int32)])
    centers = np.array([[0.0], [4.0]])
    points = centers[mode_ids] + width * rng.random((num_points, 1))
    return FixedPointSet(f"two_cluster_{balance:.3g}", points.astype(np.float32), mode_ids, centers)


def moons(n: int = 32) -> FixedPointSet:
    """002's data: sklearn.datasets.make_moons(n, noise=0) (same formula, unshuffled; the stream reshuffles).

    Outer moon: (cos s, sin s), s = linspace(0, pi, n // 2);  inner moon: (1 - cos s, 1 - sin s - 0.5),
    s = linspace(0, pi, n - n // 2). Label 0 = outer, 1 = inner.
    """
    n_outer = n // 2
    n_inner = n - n_outer
    s_out = np.linspace(0.0, np.pi, n_outer)
    s_in = np.linspace(0.0, np.pi, n_inner)
    outer = np.stack([np.cos(s_out), np.sin(s_out)], axis=1)
    inner = np.stack([1.0 - np.cos(s_in), 1.0 - np.sin(s_in) - 0.5], axis=1)
    points = np.concatenate([outer, inner]).astype(np.float32)
    mode_ids = np.concatenate([np.zeros(n_outer, np.int32), np.ones(n_inner, np.int32)])
    centers = np.array([outer.mean(axis=0), inner.mean(axis=0)])
    return FixedPointSet(f"moons{n}", points, mode_ids, centers)


# --------------------------------------------------------------------------------------- linear Gaussians


@dataclasses.dataclass(frozen=True)
class LinearGaussian:
    """x = offset + matrix @ z, z ~ N(0, sigma^2 I_k): a Gaussian with mean `offset` and covariance
    sigma^2 matrix matrix^T, supported on the span of `matrix` (001's synthetic experiments)."""

    name: str
    offset: np.ndarray  # [d]
    matrix: np.ndarray  # [d, k]
    sigma: float

    @property
    def dim(self) -> int:
        return self.offset.shape[0]

    @property
    def latent_dim(self) -> int:
        return self.matrix.shape[1]

    @property
    def mean(self) -> np.ndarray:
        return self.offset

    @property
    def covariance(self) -> np.ndarray:
        return self.sigma**2 * self.matrix @ self.matrix.T

    def sample(self, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """n points; the mode id is 0 for all (one Gaussian)."""
        z = self.sigma * np.random.default_rng(seed).standard_normal((n, self.latent_dim))
        points = self.offset + z @ self.matrix.T
        return points.astype(np.float32), np.zeros(n, np.int32)

    def dataset(self, seed: int = 0, *, with_mode_ids: bool = False):
        """Infinite stream of fresh points [d] (in-graph, stateless RNG keyed by (seed, chunk))."""
        tf = _as_tf()
        offset = tf.constant(self.offset, tf.float32)
        matrix = tf.constant(self.matrix, tf.float32)
        sigma, k = float(self.sigma), self.latent_dim

        def chunk(index):
            key = tf.stack([tf.cast(seed, tf.int64), index])
            z = sigma * tf.random.stateless_normal([_CHUNK, k], seed=key)
            points = offset + tf.matmul(z, matrix, transpose_b=True)
            return (points, tf.zeros([_CHUNK], tf.int32)) if with_mode_ids else points

        return tf.data.Dataset.counter().map(chunk).unbatch()


def line_manifold(d: int = 10, sigma: float = 1.0, seed: int = 0) -> LinearGaussian:
    """001 Experiment I: x = a + b eps, eps ~ N(0, sigma^2), with a, b ~ N(0, I_d) drawn once from `seed`.

    d and sigma are UNKNOWN in the paper; defaults d = 10, sigma = 1 are this project's choice.
    """
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(d)
    b = rng.standard_normal(d)
    return LinearGaussian(f"line_d{d}", a, b[:, None], float(sigma))


def overcomplete_line(d: int = 10, k: int = 3, sigma: float = 1.0, seed: int = 0) -> LinearGaussian:
    """001 Experiment II: the data are still Experiment I's line (same seed, same distribution), written in the
    overcomplete generator's form x = A z + c, z ~ N(0, sigma^2 I_k), with A = b u^T for a random unit u in R^k
    (so A A^T = b b^T: rank one). The generator being fitted is the one with k free columns."""
    line = line_manifold(d, sigma, seed)
    u = np.random.default_rng([seed, k]).standard_normal(k)
    u /= np.linalg.norm(u)
    return LinearGaussian(f"overcomplete_line_d{d}_k{k}", line.offset, line.matrix @ u[None, :], float(sigma))
