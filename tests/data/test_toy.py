"""Toy distributions: true parameters as the papers define them, deterministic numpy and tf.data sampling."""

import numpy as np
import pytest

from tfgan_repro import data
from tfgan_repro.data import toy


def _min_pairwise_distance(points):
    diff = points[:, None, :] - points[None, :, :]
    dist = np.sqrt((diff**2).sum(-1))
    return dist[np.triu_indices(len(points), 1)].min()


def test_ring8_means_distinct_on_unit_circle():
    ring = toy.ring8()
    assert ring.means.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(ring.means, axis=1), 1.0)
    # endpoint=False: 8 distinct means, 45 degrees apart, first at angle 0, none at 2 pi again.
    assert _min_pairwise_distance(ring.means) == pytest.approx(2 * np.sin(np.pi / 8))
    np.testing.assert_allclose(ring.means[0], [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(ring.stds, 0.03)
    np.testing.assert_allclose(ring.weights, 1 / 8)


def test_spiral12_parameters():
    spiral = toy.spiral12()
    t = np.linspace(0, 4.788, 12)
    np.testing.assert_allclose(spiral.means[:, 0], 0.3 * t * np.cos(np.pi * t))
    np.testing.assert_allclose(spiral.means[:, 1], 0.3 * t * np.sin(np.pi * t))
    assert spiral.weights.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(
        spiral.weights, np.linspace(1, 8, 12, endpoint=False) / np.linspace(1, 8, 12, endpoint=False).sum()
    )
    assert np.all(np.diff(spiral.weights) > 0)
    # Table 3's data row: 2.0 3.1 4.3 ... 15 (% per mode).
    np.testing.assert_allclose(100 * spiral.weights[[0, 1, -1]], [2.0, 3.1, 15.0], atol=0.35)  # 14.7 prints as 15
    np.testing.assert_allclose(spiral.stds, 0.03)
    np.testing.assert_allclose(toy.spiral12(std=0.1).stds, 0.1)
    assert _min_pairwise_distance(spiral.means) > 0.1


def test_other_mixtures():
    grid = toy.grid25()
    assert grid.means.shape == (25, 2) and _min_pairwise_distance(grid.means) == pytest.approx(2.0)
    assert grid.means.min() == -4 and grid.means.max() == 4
    ring6 = toy.ring6_radius5()
    np.testing.assert_allclose(np.linalg.norm(ring6.means, axis=1), 5.0)
    assert _min_pairwise_distance(ring6.means) == pytest.approx(5.0)  # hexagon side = radius
    np.testing.assert_allclose(ring6.stds, 0.1)
    circle = toy.circle5()
    angles = np.degrees(np.arctan2(circle.means[:, 1], circle.means[:, 0])) % 360
    np.testing.assert_allclose(angles, [0, 72, 144, 216, 288], atol=1e-9)
    np.testing.assert_allclose(circle.stds**2, 0.002)


def test_circle5_is_a_fixed_stratified_set():
    circle = toy.circle5()
    points, ids = next(iter(circle.dataset(seed=0, with_mode_ids=True).batch(10_000)))
    np.testing.assert_array_equal(np.bincount(ids.numpy()), [2000] * 5)
    again, _ = next(iter(circle.dataset(seed=0, with_mode_ids=True).batch(10_000)))
    np.testing.assert_array_equal(np.sort(points.numpy(), axis=0), np.sort(again.numpy(), axis=0))


def test_mixture_validation():
    with pytest.raises(ValueError, match="stds must be positive"):
        toy.GaussianMixture("bad", np.zeros((2, 2)), [0.1, 0.0], [1, 1])
    with pytest.raises(ValueError, match="weights"):
        toy.GaussianMixture("bad", np.zeros((2, 2)), 0.1, [1, 1, 1])


def test_mixture_sample_is_deterministic_and_follows_weights():
    spiral = toy.spiral12()
    a, ids_a = spiral.sample(20_000, seed=3)
    b, ids_b = spiral.sample(20_000, seed=3)
    np.testing.assert_array_equal(a, b)
    assert a.dtype == np.float32 and ids_a.dtype == np.int32
    np.testing.assert_allclose(np.bincount(ids_a, minlength=12) / 20_000, spiral.weights, atol=0.01)
    # Each point is near its own mode: |x - mu| / std is chi with 2 dof, below 5 with overwhelming probability.
    assert np.all(np.linalg.norm(a - spiral.means[ids_a], axis=1) < 5 * 0.03)
    assert not np.array_equal(a, spiral.sample(20_000, seed=4)[0])


def test_mixture_stream_is_deterministic_and_follows_weights():
    spiral = toy.spiral12()
    first = next(iter(spiral.dataset(seed=7, with_mode_ids=True).batch(8192)))
    second = next(iter(spiral.dataset(seed=7, with_mode_ids=True).batch(8192)))
    np.testing.assert_array_equal(first[0].numpy(), second[0].numpy())
    points, ids = first[0].numpy(), first[1].numpy()
    assert points.shape == (8192, 2) and points.dtype == np.float32
    np.testing.assert_allclose(np.bincount(ids, minlength=12) / 8192, spiral.weights, atol=0.015)
    assert np.all(np.linalg.norm(points - spiral.means[ids], axis=1) < 6 * 0.03)
    other = next(iter(spiral.dataset(seed=8).batch(8192))).numpy()
    assert not np.array_equal(points, other)


def test_two_cluster_points():
    balanced = toy.two_cluster()
    assert balanced.points.shape == (100, 1)
    np.testing.assert_array_equal(np.bincount(balanced.mode_ids), [50, 50])
    first = balanced.points[balanced.mode_ids == 0, 0]
    second = balanced.points[balanced.mode_ids == 1, 0]
    assert first.min() >= 0 and first.max() < 0.3 and second.min() >= 4 and second.max() < 4.3
    imbalanced = toy.two_cluster(balance=2 / 3)
    np.testing.assert_array_equal(np.bincount(imbalanced.mode_ids), [67, 33])
    np.testing.assert_array_equal(toy.two_cluster(seed=1).points, toy.two_cluster(seed=1).points)
    with pytest.raises(ValueError, match="balance"):
        toy.two_cluster(balance=1.0)


def test_moons_match_make_moons_formula():
    moons = toy.moons(32)
    assert moons.points.shape == (32, 2)
    np.testing.assert_array_equal(np.bincount(moons.mode_ids), [16, 16])
    outer, inner = moons.points[:16], moons.points[16:]
    np.testing.assert_allclose(outer[[0, -1]], [[1, 0], [-1, 0]], atol=1e-6)
    np.testing.assert_allclose(inner[[0, -1]], [[0, 0.5], [2, 0.5]], atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(outer, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(inner - [1.0, 0.5], axis=1), 1.0, atol=1e-6)
    # The stream reshuffles the same 32 points every epoch.
    epoch = next(iter(moons.dataset(seed=0).batch(32))).numpy()
    np.testing.assert_allclose(np.sort(epoch, axis=0), np.sort(moons.points, axis=0))


def test_line_manifold_and_overcomplete_variant():
    line = toy.line_manifold(d=6, sigma=0.5, seed=2)
    assert line.matrix.shape == (6, 1)
    np.testing.assert_allclose(line.covariance, 0.25 * np.outer(line.matrix[:, 0], line.matrix[:, 0]))
    assert np.linalg.matrix_rank(line.covariance) == 1
    np.testing.assert_array_equal(toy.line_manifold(6, 0.5, 2).offset, line.offset)
    assert not np.allclose(toy.line_manifold(6, 0.5, 3).offset, line.offset)
    over = toy.overcomplete_line(d=6, k=3, sigma=0.5, seed=2)
    assert over.matrix.shape == (6, 3)
    np.testing.assert_allclose(over.mean, line.mean)
    np.testing.assert_allclose(over.covariance, line.covariance, atol=1e-12)
    points, _ = over.sample(50_000, seed=0)
    np.testing.assert_allclose(points.mean(0), line.mean, atol=0.05)
    np.testing.assert_allclose(np.cov(points, rowvar=False), line.covariance, atol=0.08)
    stream = next(iter(over.dataset(seed=1).batch(4096))).numpy()
    # Every streamed point lies on the line a + t b.
    b = line.matrix[:, 0]
    residual = (stream - line.offset) - np.outer((stream - line.offset) @ b / (b @ b), b)
    assert np.abs(residual).max() < 1e-4


def test_registry():
    ds = data.get_dataset("ring8", seed=1, with_mode_ids=True)
    points, ids = next(iter(ds.batch(4)))
    assert points.shape == (4, 2) and ids.shape == (4,)
    assert isinstance(data.get_toy("spiral12", std=0.1), toy.GaussianMixture)
    assert data.get_dataset("two_cluster", balance=2 / 3, seed=0).element_spec.shape == (1,)
    with pytest.raises(ValueError, match="unknown dataset 'ring9'; valid: .*ring8.*spiral12"):
        data.get_dataset("ring9")
    with pytest.raises(ValueError, match="unknown toy set"):
        data.get_toy("mnist")
    assert "stacked_mnist" in data.dataset_names() and "celeba" in data.dataset_names()
