"""Frechet / kernel distances against reference formulas; the FID pipeline with a stand-in feature network."""

import keras
import numpy as np
import pytest
import scipy.linalg
import tensorflow as tf

from tfgan_repro import metrics
from tfgan_repro.metrics import frechet, networks


def scipy_frechet(a, b):
    """Reference: |mu_a - mu_b|^2 + Tr(S_a + S_b - 2 sqrtm(S_a S_b)) with unbiased covariances."""
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean = scipy.linalg.sqrtm(s_a @ s_b).real
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(s_a + s_b - 2 * covmean))


def numpy_mmd(a, b):
    """Reference unbiased MMD^2 with k(x, y) = (x.y / d + 1)^3."""
    d = a.shape[1]
    k_aa, k_bb, k_ab = ((a @ a.T) / d + 1) ** 3, ((b @ b.T) / d + 1) ** 3, ((a @ b.T) / d + 1) ** 3
    m, n = len(a), len(b)
    return float(
        (k_aa.sum() - np.trace(k_aa)) / (m * (m - 1)) + (k_bb.sum() - np.trace(k_bb)) / (n * (n - 1)) - 2 * k_ab.mean()
    )


@pytest.mark.parametrize("dim", [4, 32])
def test_frechet_distance_matches_scipy_sqrtm(dim):
    rng = np.random.default_rng(dim)
    mix_a, mix_b = rng.standard_normal((dim, dim)), rng.standard_normal((dim, dim))
    a = rng.standard_normal((3000, dim)) @ mix_a + 1.0
    b = rng.standard_normal((2000, dim)) @ mix_b - 0.5
    reference = scipy_frechet(a, b)
    assert metrics.frechet_distance(a, b) == pytest.approx(reference, rel=1e-4)


def test_frechet_distance_of_a_set_with_itself_is_zero():
    a = np.random.default_rng(0).standard_normal((500, 8))
    assert abs(metrics.frechet_distance(a, a)) < 1e-6


def test_frechet_distance_rejects_bad_shapes():
    with pytest.raises(ValueError, match="same D"):
        metrics.frechet_distance(np.zeros((10, 3)), np.zeros((10, 4)))
    with pytest.raises(ValueError, match="at least 2"):
        metrics.frechet_distance(np.zeros((1, 3)), np.zeros((10, 3)))


def test_kernel_distance_closed_form_for_constant_features():
    # All rows equal u on one side and v on the other: MMD^2 = k(u, u) + k(v, v) - 2 k(u, v), exactly.
    u, v = np.array([1.0, 2.0, 0.0]), np.array([0.0, -1.0, 3.0])
    kernel = lambda x, y: (x @ y / 3 + 1) ** 3  # noqa: E731
    result = metrics.kernel_distance(np.tile(u, (50, 1)), np.tile(v, (40, 1)), num_subsets=3, subset_size=20)
    assert result["mean"] == pytest.approx(kernel(u, u) + kernel(v, v) - 2 * kernel(u, v), rel=1e-10)
    assert result["std"] == pytest.approx(0.0, abs=1e-9)


def test_kernel_distance_matches_numpy_unbiased_mmd():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((300, 6)), rng.standard_normal((300, 6)) + 0.3
    # One subset holding every row: the estimator is permutation invariant, so it equals the full-set MMD.
    result = metrics.kernel_distance(a, b, num_subsets=1, subset_size=300)
    assert result["mean"] == pytest.approx(numpy_mmd(a, b), rel=1e-8)
    # Many subsets of 100: the mean of per-subset estimates.
    many = metrics.kernel_distance(a, b, num_subsets=20, subset_size=100, seed=3)
    picks = np.random.default_rng(3)
    expected = [
        numpy_mmd(a[picks.choice(300, 100, replace=False)], b[picks.choice(300, 100, replace=False)]) for _ in range(20)
    ]
    assert many["mean"] == pytest.approx(np.mean(expected), rel=1e-8)
    assert many["std"] == pytest.approx(np.std(expected), rel=1e-6)


def tiny_feature_network():
    """Stand-in for Inception: a small fixed keras model from images to 5 features."""
    inputs = keras.Input((16, 16, 3))
    x = keras.layers.Conv2D(4, 3, strides=2, kernel_initializer=keras.initializers.GlorotUniform(seed=1))(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(5, kernel_initializer=keras.initializers.GlorotUniform(seed=2))(x)
    return keras.Model(inputs, outputs)


def test_fid_and_kid_pipeline_with_stand_in_network():
    rng = np.random.default_rng(2)
    real = rng.uniform(-1, 1, (200, 16, 16, 3)).astype(np.float32)
    fake = np.clip(real[::-1] * 0.5 + 0.3, -1, 1).astype(np.float32)
    network = tiny_feature_network()
    fid = metrics.frechet_inception_distance(real, fake, feature_fn=network, batch_size=64)
    expected = scipy_frechet(np.asarray(network(real), np.float64), np.asarray(network(fake), np.float64))
    assert fid == pytest.approx(expected, rel=1e-4)
    # Streaming: a batched tf.data source of (images, labels) gives the same number.
    as_dataset = tf.data.Dataset.from_tensor_slices((fake, np.zeros(200))).batch(50)
    assert metrics.frechet_inception_distance(real, as_dataset, feature_fn=network) == pytest.approx(fid, rel=1e-6)
    kid = metrics.kernel_inception_distance(real, fake, feature_fn=network, num_subsets=5, subset_size=100)
    assert kid["mean"] > 0 and kid["subset_size"] == 100
    with pytest.raises(ValueError, match=r"must lie in \[-1, 1\]"):
        metrics.frechet_inception_distance(real * 255, fake, feature_fn=network)


def test_inception_preprocess_quantises_then_resizes():
    images = np.full((2, 8, 8, 1), 0.001, np.float32)  # uint8 level round(127.6275) = 128
    out = networks.inception_preprocess(images).numpy()
    assert out.shape == (2, 299, 299, 3)
    np.testing.assert_allclose(out, 128 / 127.5 - 1, atol=1e-6)
    ramp = np.linspace(-1, 1, 16, dtype=np.float32).reshape(1, 4, 4, 1).repeat(3, -1)
    resized = networks.inception_preprocess(ramp).numpy()
    assert resized.min() >= -1 and resized.max() <= 1


def test_inception_loading_error_is_one_line(tmp_path):
    with pytest.raises(RuntimeError) as error:
        networks.inception_network(str(tmp_path / "no_inception_here"))
    assert "\n" not in str(error.value) and "inception_path" in str(error.value)


def tiny_classifier(num_classes=10):
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(inputs)
    features = keras.layers.Dense(
        6, activation="relu", name="features", kernel_initializer=keras.initializers.GlorotUniform(seed=3)
    )(x)
    logits = keras.layers.Dense(
        num_classes, name="logits", kernel_initializer=keras.initializers.GlorotUniform(seed=4)
    )(features)
    return keras.Model(inputs, logits)


def test_classifier_frechet_distance_uses_the_features_layer():
    rng = np.random.default_rng(3)
    real = rng.uniform(-1, 1, (300, 8, 8, 1)).astype(np.float32)
    fake = rng.uniform(-1, 0.5, (300, 8, 8, 1)).astype(np.float32)
    classifier = tiny_classifier()
    features = keras.Model(classifier.input, classifier.get_layer("features").output)
    expected = scipy_frechet(np.asarray(features(real), np.float64), np.asarray(features(fake), np.float64))
    assert metrics.classifier_frechet_distance(real, fake, classifier, batch_size=128) == pytest.approx(
        expected, rel=1e-4
    )
    with pytest.raises(ValueError, match=r"shape \[N, 8, 8, 1\]"):
        metrics.classifier_frechet_distance(real[:, :7], fake, classifier)
    plain = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    with pytest.raises(ValueError, match="no layer named 'features'"):
        frechet.classifier_frechet_distance(real, fake, plain)
