"""Inception Score, DJSCD, MODE score and the one-pass classifier metrics against closed forms."""

import keras
import numpy as np
import pytest

from tfgan_repro import metrics
from tfgan_repro.metrics.classes import softmax

MAX_DJSCD_10 = 0.5 * (0.9 + 0.1 * np.log2(0.1 / 0.55)) + 0.5 * np.log2(1 / 0.55)


def balanced_labels(n, k=10):
    return np.arange(n) % k


def test_inception_score_closed_forms():
    k, n = 10, 1000
    confident = 50.0 * np.eye(k)[balanced_labels(n)]  # p(y|x) one-hot, p(y) uniform: IS = K
    result = metrics.inception_score_from_logits(confident, num_splits=10)
    assert result["mean"] == pytest.approx(k, rel=1e-9) and result["std"] == pytest.approx(0, abs=1e-9)
    assert metrics.inception_score_from_logits(np.zeros((n, k)))["mean"] == pytest.approx(1.0)
    # p(y|x) = 1 - e on the own class, e / (K - 1) elsewhere, classes balanced in every split:
    # IS = exp(log K - H(p(y|x))).
    e = 0.3
    rows = np.full((n, k), e / (k - 1))
    rows[np.arange(n), balanced_labels(n)] = 1 - e
    entropy = -(1 - e) * np.log(1 - e) - e * np.log(e / (k - 1))
    result = metrics.inception_score_from_logits(np.log(rows), num_splits=10)
    assert result["mean"] == pytest.approx(np.exp(np.log(k) - entropy), rel=1e-9)
    assert result["num_splits"] == 10 and result["split_size"] == 100


def test_inception_score_needs_enough_rows():
    with pytest.raises(ValueError, match="num_splits"):
        metrics.inception_score_from_logits(np.zeros((5, 10)), num_splits=10)


def test_djscd_values():
    real = balanced_labels(1000)
    assert metrics.djs_class_divergence(real, real[::-1], 10) == pytest.approx(0.0, abs=1e-12)
    collapsed = np.full(1000, 3)
    value = metrics.djs_class_divergence(real, collapsed, 10)
    assert value == pytest.approx(MAX_DJSCD_10, rel=1e-12)
    assert value == pytest.approx(0.758, abs=5e-4)
    # Symmetric, and 1 for disjoint supports.
    assert metrics.djs_class_divergence(np.zeros(10, int), np.ones(10, int), 2) == pytest.approx(1.0)


def test_djscd_rejects_bad_labels():
    with pytest.raises(ValueError, match=r"fake_labels must lie in \[0, 10\)"):
        metrics.djs_class_divergence(balanced_labels(10), np.array([0, 10]), 10)
    with pytest.raises(ValueError, match="1-D"):
        metrics.djs_class_divergence(np.zeros((2, 2), int), np.zeros(2, int), 10)


def test_mode_score_closed_forms():
    k, n = 10, 1000
    uniform = np.full(k, 1 / k)
    one_hot = np.eye(k)[balanced_labels(n)]
    assert metrics.mode_score(one_hot, uniform) == pytest.approx(k)  # exp(log K - 0)
    collapsed = np.eye(k)[np.zeros(n, int)]
    assert metrics.mode_score(collapsed, uniform) == pytest.approx(1.0)  # exp(log K - log K)
    rng = np.random.default_rng(0)
    probs = softmax(rng.standard_normal((200, k)) * 2)
    p_train = rng.dirichlet(np.ones(k) * 5)
    expected_kl = np.mean(np.sum(probs * np.log(probs / p_train), axis=1))
    p_gen = probs.mean(0)
    expected = np.exp(expected_kl - np.sum(p_gen * np.log(p_gen / p_train)))
    assert metrics.mode_score(probs, p_train) == pytest.approx(expected, rel=1e-10)
    with pytest.raises(ValueError, match="to match p_train"):
        metrics.mode_score(probs, p_train[:5])


def intensity_classifier(num_classes=10):
    """A fixed 'classifier' on 8x8x1 images: class = the nearest of num_classes levels to the mean pixel."""
    levels = np.linspace(-0.9, 0.9, num_classes)
    inputs = keras.Input((8, 8, 1))
    mean = keras.layers.GlobalAveragePooling2D()(inputs)
    features_layer = keras.layers.Dense(num_classes, name="features")
    logits_layer = keras.layers.Dense(num_classes, name="logits")
    model = keras.Model(inputs, logits_layer(features_layer(mean)))
    features_layer.set_weights([np.ones((1, num_classes)), np.zeros(num_classes)])  # features = mean, repeated
    logits_layer.set_weights([np.diag(2 * levels), -(levels**2)])  # logit_k = 2 c_k m - c_k^2: nearest level wins
    return model, levels


def test_classifier_metrics_in_one_pass():
    classifier, levels = intensity_classifier()
    labels = balanced_labels(500)
    real = np.broadcast_to(levels[labels][:, None, None, None], (500, 8, 8, 1)).astype(np.float32)
    same = metrics.classifier_metrics(real, labels, real[::-1], classifier)
    assert same["djscd"] == pytest.approx(0.0, abs=1e-12)
    assert same["classifier_frechet_distance"] == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(same["fake_class_frequencies"], 0.1)
    collapsed = metrics.classifier_metrics(real, labels, real[labels == 4], classifier)
    assert collapsed["djscd"] == pytest.approx(MAX_DJSCD_10, rel=1e-9)
    assert collapsed["mode_score"] < same["mode_score"]
    assert same["num_fake"] == 500 and collapsed["num_fake"] == 50


def test_wrong_number_of_classes_is_one_clear_line():
    classifier, levels = intensity_classifier(num_classes=7)
    images = np.zeros((10, 8, 8, 1), np.float32)
    with pytest.raises(ValueError) as error:
        metrics.classifier_metrics(images, np.zeros(10, int), images, classifier, num_classes=10)
    assert "\n" not in str(error.value) and "outputs 7 classes" in str(error.value)


def test_images_outside_range_are_rejected():
    classifier, _ = intensity_classifier()
    good = np.zeros((10, 8, 8, 1), np.float32)
    with pytest.raises(ValueError) as error:
        metrics.classifier_metrics(good, np.zeros(10, int), good + 2.0, classifier)
    assert "\n" not in str(error.value) and "[-1, 1]" in str(error.value)
