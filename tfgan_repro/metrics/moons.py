"""002's measure on two-moons samples (ours; the paper shows pictures): how far each sample lies from the
nearer of make_moons' two arcs. A sample farther than `threshold` from both arcs lies off the moons (the
"bridge" a collapsed, connected generator draws between them)."""

from __future__ import annotations

import numpy as np

from tfgan_repro.metrics.inputs import check_points


def moon_arcs(points_per_arc: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """Dense points on make_moons' arcs: outer (cos s, sin s), inner (1 - cos s, 0.5 - sin s), s in [0, pi]."""
    s = np.linspace(0.0, np.pi, points_per_arc)
    outer = np.stack([np.cos(s), np.sin(s)], axis=1)
    inner = np.stack([1.0 - np.cos(s), 0.5 - np.sin(s)], axis=1)
    return outer, inner


def moon_distances(samples) -> dict:
    """Per sample: `distance` to the nearer arc and `nearer_outer` (True where the outer arc is nearer)."""
    points = check_points(samples, dim=2)
    outer, inner = moon_arcs()
    d_outer = np.sqrt(((points[:, None, :] - outer[None]) ** 2).sum(-1)).min(1)
    d_inner = np.sqrt(((points[:, None, :] - inner[None]) ** 2).sum(-1)).min(1)
    return {"distance": np.minimum(d_outer, d_inner), "nearer_outer": d_outer <= d_inner}


def moon_summary(samples, threshold: float = 0.1) -> dict:
    """off_moon_fraction (farther than `threshold` from both arcs), moon_fractions [outer, inner] (on-moon
    samples nearer each arc, as fractions of all samples) and mean_moon_distance."""
    measured = moon_distances(samples)
    on_moon = measured["distance"] <= threshold
    return {
        "off_moon_fraction": float(1.0 - on_moon.mean()),
        "moon_fractions": [float(np.mean(on_moon & measured["nearer_outer"])),
                           float(np.mean(on_moon & ~measured["nearer_outer"]))],
        "mean_moon_distance": float(measured["distance"].mean()),
    }
