"""Trained-network metrics on 2-D toys where the answer is known: W critic, noisy-D missing modes, C2ST."""

import numpy as np
import pytest

from tfgan_repro import metrics


@pytest.fixture(scope="module")
def gaussians():
    rng = np.random.default_rng(0)
    real = rng.standard_normal((2000, 2)).astype(np.float32)
    also_real = rng.standard_normal((2000, 2)).astype(np.float32)
    shifted = (rng.standard_normal((2000, 2)) + [3.0, 0.0]).astype(np.float32)
    return real, also_real, shifted


def test_independent_critic_estimates_the_shift(gaussians):
    real, also_real, shifted = gaussians
    # W1 between N(0, I) and N((3, 0), I) is 3. The penalty keeps the critic only softly 1-Lipschitz
    # (gradient norms a little above 1 where real and fake do not mix), so the estimate lands near, not at, 3.
    far = metrics.independent_wasserstein_critic(real, shifted, steps=400, image_range=False)
    assert -4.0 < far["negative_wasserstein"] < -2.0
    near = metrics.independent_wasserstein_critic(real, also_real, steps=400, image_range=False)
    assert abs(near["negative_wasserstein"]) < 0.3
    assert near["num_eval"] == 1000


def test_critic_checks_image_range(gaussians):
    real, _, shifted = gaussians
    with pytest.raises(ValueError, match=r"fake must lie in \[-1, 1\]"):
        metrics.independent_wasserstein_critic(real.clip(-1, 1), shifted, steps=1)


def test_noisy_discriminator_counts_the_missing_mode():
    rng = np.random.default_rng(1)
    modes = np.array([[-4.0, 0.0], [4.0, 0.0]])
    train = (modes[rng.integers(0, 2, 2000)] + 0.3 * rng.standard_normal((2000, 2))).astype(np.float32)
    test_ids = rng.integers(0, 2, 1000)
    test = (modes[test_ids] + 0.3 * rng.standard_normal((1000, 2))).astype(np.float32)
    generated = (modes[0] + 0.3 * rng.standard_normal((2000, 2))).astype(np.float32)  # mode 1 missing
    result = metrics.noisy_discriminator_missing_modes(
        train, generated, test, noise_std=0.5, steps=400, image_range=False
    )
    on_missing_mode = np.count_nonzero(test_ids == 1)
    assert result["missing_count"] == pytest.approx(on_missing_mode, rel=0.1)
    assert result["num_test"] == 1000 and result["threshold"] == 0.9 and result["noise_std"] == 0.5


def test_classifier_two_sample_test(gaussians):
    real, also_real, shifted = gaussians
    different = metrics.classifier_two_sample_test(real, shifted, steps=300, image_range=False)
    assert different["accuracy"] > 0.88 and different["p_value"] < 1e-6  # Bayes accuracy Phi(1.5) = 0.933
    same = metrics.classifier_two_sample_test(real, also_real, steps=300, image_range=False)
    assert abs(same["accuracy"] - 0.5) < 0.06 and same["p_value"] > 1e-3
    assert same["num_test"] == 2000


def test_image_critic_runs_on_images():
    rng = np.random.default_rng(2)
    real = rng.uniform(-1, 1, (128, 8, 8, 1)).astype(np.float32)
    fake = np.full((128, 8, 8, 1), -1.0, np.float32)
    result = metrics.independent_wasserstein_critic(real, fake, steps=30, batch_size=32)
    assert result["negative_wasserstein"] < 0
