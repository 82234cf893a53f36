"""MS-SSIM equals tf.image.ssim_multiscale; diversity orders collapsed < diverse; birthday-paradox test."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro import metrics
from tfgan_repro.metrics.diversity import mean_pairwise_ms_ssim, ms_ssim_settings, pairwise_ms_ssim


def test_settings_for_small_images():
    assert len(ms_ssim_settings(161, 161)["power_factors"]) == 5  # tf's full 5 scales need 161 px
    assert len(ms_ssim_settings(160, 200)["power_factors"]) == 4
    assert len(ms_ssim_settings(64, 64)["power_factors"]) == 3
    assert len(ms_ssim_settings(32, 32)["power_factors"]) == 2
    assert len(ms_ssim_settings(28, 28)["power_factors"]) == 2
    for size in (28, 64, 161):
        settings = ms_ssim_settings(size, size)
        assert sum(settings["power_factors"]) == pytest.approx(1.0) and settings["filter_size"] == 11
    tiny = ms_ssim_settings(8, 8)
    assert tiny["power_factors"] == (1.0,) and tiny["filter_size"] == 7
    with pytest.raises(ValueError, match="too small"):
        ms_ssim_settings(2, 2)


@pytest.mark.parametrize("shape", [(6, 32, 32, 3), (6, 64, 64, 1), (5, 45, 37, 2), (5, 9, 9, 1)])
def test_pairwise_ms_ssim_equals_tf_image(shape):
    rng = np.random.default_rng(sum(shape))
    images = rng.uniform(0, 1, shape)
    images[1] = 0.8 * images[0] + 0.2 * images[1]  # one similar pair so values span (0, 1)
    first, second = np.triu_indices(shape[0], k=1)
    settings = ms_ssim_settings(shape[1], shape[2])
    reference = tf.image.ssim_multiscale(
        tf.constant(images[first], tf.float32), tf.constant(images[second], tf.float32), 1.0, **settings
    ).numpy()
    np.testing.assert_allclose(pairwise_ms_ssim(images, first, second), reference, atol=1e-5)


def test_identical_images_score_one_and_noise_scores_low():
    rng = np.random.default_rng(0)
    same = np.repeat(rng.uniform(-1, 1, (1, 28, 28, 1)), 8, axis=0).astype(np.float32)
    assert mean_pairwise_ms_ssim(same) == pytest.approx(1.0, abs=1e-6)
    noise = rng.uniform(-1, 1, (8, 28, 28, 1)).astype(np.float32)
    assert mean_pairwise_ms_ssim(noise) < 0.2


def test_ms_ssim_diversity_protocol():
    rng = np.random.default_rng(1)
    diverse = rng.uniform(-1, 1, (200, 16, 16, 1)).astype(np.float32)
    collapsed = np.repeat(diverse[:2], 100, axis=0)
    result = metrics.ms_ssim_diversity(diverse, num_batches=3, batch_size=16)
    assert len(result["per_batch"]) == 3 and result["mean"] == pytest.approx(np.mean(result["per_batch"]))
    assert metrics.ms_ssim_diversity(collapsed, num_batches=3, batch_size=16)["mean"] > result["mean"] + 0.3
    relative = metrics.relative_ms_ssim_diversity(collapsed, diverse, num_batches=3, batch_size=16)
    assert (
        relative["difference"] == pytest.approx(relative["generated"] - relative["reference"])
        and relative["difference"] > 0
    )
    # A generator source streams only the images it needs.
    batches = (diverse[i : i + 10] for i in range(0, 200, 10))
    assert len(metrics.ms_ssim_diversity(batches, num_batches=2, batch_size=16)["per_batch"]) == 2
    with pytest.raises(ValueError, match="needs 320 images"):
        metrics.ms_ssim_diversity(diverse)


def test_birthday_paradox_detects_small_support():
    rng = np.random.default_rng(2)
    support = rng.uniform(-1, 1, (16, 8, 8, 1)).astype(np.float32)
    small = support[rng.integers(0, 16, 500)]  # 16 distinct images
    result = metrics.birthday_paradox_test(small, batch_size=12, threshold=1e-3, num_batches=20)
    assert result["duplicate_batch_fraction"] >= 0.9 and result["support_size_estimate"] == 144
    assert result["closest_pairs"][0][3] == pytest.approx(0.0, abs=1e-3)
    large = rng.uniform(-1, 1, (500, 8, 8, 1)).astype(np.float32)
    result = metrics.birthday_paradox_test(large, batch_size=12, threshold=1e-3, num_batches=20)
    assert result["duplicate_batch_fraction"] == 0 and result["support_size_estimate"] is None
    assert len(result["closest_pairs"]) == 5
