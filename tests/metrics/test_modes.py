"""Mixture coverage on hand-built samples; mode counting for Stacked / compositional MNIST."""

import keras
import numpy as np
import pytest

from tfgan_repro import metrics
from tfgan_repro.data import derived, toy
from tfgan_repro.metrics.modes import compositional_mnist_mode_ids, stacked_mnist_mode_ids

MEANS = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
STDS = np.array([1.0, 0.5, 0.25])  # 3 std: 3, 1.5, 0.75 (exact in binary)


def test_mixture_coverage_hand_built():
    samples = np.array(
        [
            [0.5, 0.0],  # mode 0, 0.5 std away: high quality
            [2.9, 0.0],  # mode 0, 2.9 std: high quality
            [10.0, 1.25],  # mode 1, 2.5 std: high quality
            [0.0, 10.75],  # mode 2 at exactly 3 std: NOT high quality (strict <)
            [5.0, 5.0],  # between modes: none
        ]
    )
    result = metrics.mixture_coverage(samples, MEANS, STDS)
    assert result["modes_covered"] == 2
    assert result["high_quality_fraction"] == pytest.approx(3 / 5)
    assert result["mode_frequencies"] == pytest.approx([2 / 5, 1 / 5, 0.0, 2 / 5])  # "none" last
    assert result["mode_counts"] == [2, 1, 0, 2] and result["num_samples"] == 5
    just_inside = metrics.mixture_coverage(np.array([[0.0, 10.7499]]), MEANS, STDS)
    assert just_inside["modes_covered"] == 1 and just_inside["mode_frequencies"] == [0.0, 0.0, 1.0, 0.0]


def test_mixture_coverage_scalar_std_and_threshold():
    samples = np.array([[0.0, 2.0], [10.0, 0.0]])
    assert metrics.mixture_coverage(samples, MEANS, 1.0)["modes_covered"] == 2
    assert metrics.mixture_coverage(samples, MEANS, 1.0, threshold=1.0)["modes_covered"] == 1
    # Nearest mode decides the assignment, that mode's std decides quality.
    far_from_tight_mode = np.array([[0.0, 9.0]])  # nearest is mode 2 (1.0 away) but 1.0 > 0.75
    assert metrics.mixture_coverage(far_from_tight_mode, MEANS, STDS)["mode_frequencies"][-1] == 1.0


def test_mixture_coverage_of_true_samples_and_tv():
    spiral = toy.spiral12()
    samples, _ = spiral.sample(2500, seed=0)
    result = metrics.mixture_coverage(samples, spiral.means, spiral.stds, weights=spiral.weights)
    assert result["modes_covered"] == 12
    assert result["high_quality_fraction"] > 0.98  # P(chi_2 < 3) = 0.989
    assert result["tv_to_weights"] < 0.05
    collapsed = np.repeat(spiral.means[:1], 100, axis=0)
    result = metrics.mixture_coverage(collapsed, spiral.means, spiral.stds, weights=spiral.weights)
    assert result["modes_covered"] == 1 and result["tv_to_weights"] == pytest.approx(1 - spiral.weights[0])


def test_mixture_coverage_one_dimensional_and_errors():
    result = metrics.mixture_coverage(np.array([0.1, 4.1, 2.0]), np.array([0.0, 4.0]), 0.1)
    assert result["mode_counts"] == [1, 1, 1]
    with pytest.raises(ValueError, match=r"shape \[N, 2\]"):
        metrics.mixture_coverage(np.zeros((4, 3)), MEANS, STDS)
    with pytest.raises(ValueError, match="positive"):
        metrics.mixture_coverage(np.zeros((4, 2)), MEANS, [1.0, 0.0, 1.0])


def test_mode_coverage_closed_forms():
    uniform = metrics.mode_coverage(np.arange(1000).repeat(3), 1000)
    assert uniform["modes_covered"] == 1000 and uniform["modes_missed"] == 0
    assert uniform["kl_to_uniform"] == pytest.approx(0.0, abs=1e-12)
    half = metrics.mode_coverage(np.arange(500), 1000)
    assert half["modes_covered"] == 500
    assert half["kl_to_uniform"] == pytest.approx(np.log(2))
    # JS base 2 between uniform on half (p) and uniform on all (q), m = 1.5/1000 on the half, 0.5/1000 off it:
    expected_js = 0.5 * np.log2(2 / 1.5) + 0.5 * (0.5 * np.log2(1 / 1.5) + 0.5 * np.log2(1 / 0.5))
    assert half["js_to_uniform"] == pytest.approx(expected_js)
    assert "kl_to_reference" not in half
    with_reference = metrics.mode_coverage(np.arange(500), 1000, reference=np.full(1000, 1 / 1000))
    assert with_reference["kl_to_reference"] == pytest.approx(np.log(2))
    with pytest.raises(ValueError, match="mode_ids"):
        metrics.mode_coverage(np.array([1000]), 1000)


def centre_intensity_classifier(size=32):
    """A fixed 10-class 'MNIST classifier' on size x size x 1: class = nearest level to the centre 8x8 mean."""
    levels = np.linspace(-0.9, 0.9, 10)
    inputs = keras.Input((size, size, 1))
    centre = keras.layers.Cropping2D((size - 8) // 2)(inputs)
    mean = keras.layers.GlobalAveragePooling2D()(centre)
    logits_layer = keras.layers.Dense(10, name="logits")
    model = keras.Model(inputs, logits_layer(mean))
    logits_layer.set_weights([2 * levels[None, :], -(levels**2)])
    return model, levels


def test_stacked_mnist_mode_ids_per_channel():
    classifier, levels = centre_intensity_classifier()
    digits = np.random.default_rng(0).integers(0, 10, (300, 3))
    images = np.broadcast_to(levels[digits][:, None, None, :], (300, 32, 32, 3)).astype(np.float32)
    ids = stacked_mnist_mode_ids(images, classifier, batch_size=128)
    np.testing.assert_array_equal(ids, digits[:, 0] + 10 * digits[:, 1] + 100 * digits[:, 2])
    # 28x28 Color MNIST channels are padded with background to the classifier's 32x32.
    small = np.ascontiguousarray(images[:, 2:30, 2:30])
    np.testing.assert_array_equal(stacked_mnist_mode_ids(small, classifier), ids)
    result = metrics.stacked_mnist_modes(images, classifier)
    assert result["modes_covered"] == len(np.unique(ids))


def test_compositional_reading_matches_the_data_layout():
    classifier, levels = centre_intensity_classifier()
    labels = np.arange(500) % 10
    coded = np.round((levels[labels] + 1) * 127.5).astype(np.uint8)
    digits = np.broadcast_to(coded[:, None, None], (500, 28, 28)).copy()
    ds = derived.compositional_mnist(3, arrays=(digits, labels), num_examples=400, seed=None, with_labels=True)
    images, numbers = (t.numpy() for t in next(iter(ds.batch(400))))
    np.testing.assert_array_equal(compositional_mnist_mode_ids(images, classifier), numbers)
    result = metrics.compositional_mnist_modes(images, classifier, set_id=3)
    assert result["modes_covered"] == len(np.unique(numbers))
    assert result["kl_to_reference"] > 0 and "js_to_reference" in result


def test_mode_counting_checks_inputs():
    classifier, _ = centre_intensity_classifier()
    with pytest.raises(ValueError, match=r"shape \[N, \?, \?, 3\]"):
        stacked_mnist_mode_ids(np.zeros((4, 32, 32, 1), np.float32), classifier)
    with pytest.raises(ValueError, match=r"shape \[N, 64, 64, 1\]"):
        compositional_mnist_mode_ids(np.zeros((4, 32, 32, 1), np.float32), classifier)
    seven = keras.Sequential([keras.Input((32, 32, 1)), keras.layers.Flatten(), keras.layers.Dense(7)])
    with pytest.raises(ValueError, match="outputs 7 classes"):
        stacked_mnist_mode_ids(np.zeros((4, 32, 32, 3), np.float32), seven)
