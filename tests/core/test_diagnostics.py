import numpy as np
import pytest

from tfgan_repro.diagnostics import implied_sample_weights, sample_weight_histogram


def test_weights_are_normalised_dp_and_one_minus_dp():
    logits = np.array([-3.0, 0.0, 3.0, 800.0])
    weights = implied_sample_weights(logits)
    dp = 1 / (1 + np.exp(-np.clip(logits, -50, 50)))
    np.testing.assert_allclose(weights["dp"], dp)
    np.testing.assert_allclose(weights["mm"], dp / dp.sum())
    np.testing.assert_allclose(weights["ns"], (1 - dp) / (1 - dp).sum())


def test_histogram_shares_sum_to_one_and_split_by_dp():
    hist = sample_weight_histogram([-5.0, -5.0, -5.0, 5.0])
    assert sum(hist["count"]) == 4
    assert sum(hist["mm_weight_share"]) == pytest.approx(1.0)
    assert sum(hist["ns_weight_share"]) == pytest.approx(1.0)
    # NS puts almost all weight on the three low-Dp samples, MM on the single high-Dp one.
    assert hist["ns_weight_share"][0] > 0.99 and hist["mm_weight_share"][-1] > 0.97
