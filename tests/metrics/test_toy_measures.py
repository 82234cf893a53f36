"""Toy-set measures: mixture-coverage summary, mode visiting, cluster counts, moon distances, vanishing norms."""

import numpy as np
import pytest

from tfgan_repro import data
from tfgan_repro.metrics import modes, moons, saturation


def test_mixture_coverage_summary_counts_modes_and_tv():
    ring = data.get_toy("ring8", std=0.03)
    samples = np.concatenate([ring.means[:4].repeat(10, axis=0), np.full((40, 2), 10.0)])
    summary = modes.mixture_coverage_summary(samples, ring, threshold=3.0)
    assert summary["modes_covered"] == 4 and summary["high_quality_fraction"] == pytest.approx(0.5)
    assert summary["mode_frequencies"][-1] == pytest.approx(0.5)
    # TV to (1/8 each, none 0): modes 0-3 over by 1/8 - 1/8 = 0, 4-7 short by 1/8 each, none over by 1/2.
    assert summary["tv_to_data"] == pytest.approx(0.5)


def test_visiting_statistics_use_the_second_half():
    series = [[0, [1, 0, 0, 0]], [10, [0, 1, 0, 0]], [20, [0, 0, 1, 0]]]
    assert modes.visiting_statistics(series) == {"modes_visited_late": 2, "max_modes_covered_late": 1}
    assert modes.visiting_statistics([]) == {}


def test_cluster_counts_are_strict():
    assert modes.cluster_counts([0.0, 0.35, 0.36, 4.1], [0.0, 4.0], 0.36) == [2, 1]


def test_moon_summary_on_and_off_the_arcs():
    outer, inner = moons.moon_arcs(50)
    samples = np.concatenate([outer[:30], inner[:10], np.array([[0.5, 0.25]] * 10)])
    summary = moons.moon_summary(samples, threshold=0.1)
    assert summary["off_moon_fraction"] == pytest.approx(0.2)
    assert summary["moon_fractions"] == pytest.approx([0.6, 0.2])


def test_vanishing_summary_measures_orders_of_magnitude():
    summary = saturation.vanishing_summary([[i, 100.0 if i < 50 else 0.01] for i in range(100)], orders=3.0)
    assert summary["drop_orders"] == pytest.approx(4.0)
    assert summary["vanish_step"] == 52  # a rolling window of 4 logs: two logs after the drop at 50
    assert saturation.vanishing_summary([[i, 1.0] for i in range(100)])["vanish_step"] is None
    assert saturation.vanishing_summary([[0, 1.0]]) is None
