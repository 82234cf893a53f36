"""004 (RpGAN / RS-GAN) figures drawn from results files only (results.json, samples.npy).

    landscape_values_figures   Fig 4 (phi at the four 2-point states, JS vs RS) and Fig 10 (phi_JS along the
                               2-cluster segment for alpha = 1/2 and 2/3, collapse value vs alpha)
    five_gaussian_figures      Fig 14: the distance metric vs lr, JS vs RS, from the bad initialisation
    mnist_fraction_figure      Fig 12: fraction of 5s among generated digits, JS vs RS, per data ratio
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

import numpy as np

from paper_runs.figures import _colour, _completed, _save, plt

STATE_LABELS = {"no_recovery": "no recovery", "mode_collapse": "mode collapse",
                "mode_dropping": "mode dropping", "perfect_recovery": "perfect recovery"}


def _by_variant(run_dirs: Sequence[Path]) -> dict:
    runs = {}
    for _, results, samples in _completed(run_dirs):
        runs.setdefault(results["variant"], []).append((results, samples))
    return runs


def landscape_values_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """fig4_states.png and fig10_imbalanced.png."""
    runs = _by_variant(run_dirs)
    if not runs:
        return []
    paths = []
    figure, axis = plt.subplots(figsize=(6, 3.5))
    states = list(STATE_LABELS)
    width = 0.8 / max(1, len(runs))
    for index, (variant, entries) in enumerate(sorted(runs.items())):
        metrics = entries[0][0]["metrics"]
        values = [metrics["two_point"][s]["empirical"] for s in states]
        closed = [metrics["two_point"][s]["closed_form"] for s in states]
        x = np.arange(len(states)) + (index - (len(runs) - 1) / 2) * width
        axis.bar(x, values, width, color=_colour(variant, index), label=f"{metrics['loss']}-GAN (function-space D)")
        axis.scatter(x, closed, marker="_", s=200, c="k", zorder=3, label="closed form" if index == 0 else None)
        for xi, v in zip(x, values):
            axis.annotate(f"{v:.3f}", (xi, v), textcoords="offset points", xytext=(0, -10), ha="center", fontsize=7)
    axis.set_xticks(np.arange(len(states)), [STATE_LABELS[s] for s in states], fontsize=8)
    axis.set_ylabel("phi (D's optimal value)")
    axis.set_title("2-point landscape (Fig 4): JS has a basin at collapse, RS does not", fontsize=9)
    axis.legend(fontsize=7)
    paths.append(_save(figure, Path(experiment_dir) / "fig4_states.png"))

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
    for index, (variant, entries) in enumerate(sorted(runs.items())):
        metrics = entries[0][0]["metrics"]
        rows = metrics["clusters"]
        for row, style in zip([r for r in rows if round(r["alpha"], 3) in (0.5, 0.667)], ("-", "--")):
            curve = np.asarray(row["curve"])
            left.plot(curve[:, 0], curve[:, 1], style, marker="o", ms=3, color=_colour(variant, index),
                      label=f"{metrics['loss']}, alpha = {row['alpha']:.3g}")
        alphas = [r["alpha"] for r in rows]
        collapse = [r["states"]["mode_collapse"]["empirical"] for r in rows]
        right.plot(alphas, collapse, "o", color=_colour(variant, index), label=f"{metrics['loss']} at collapse (computed)")
    grid = np.linspace(0.5, 0.999, 100)
    right.plot(grid, [0.5 * (a * math.log(a) - (1 + a) * math.log(1 + a)) for a in grid], "k-", lw=0.8,
               label="Claim C.1 closed form (JS)")
    right.axhline(-math.log(2), color="0.5", ls=":", lw=0.8, label="-log 2 (global minimum)")
    right.axhline(-0.56, color="tab:green", ls="--", lw=0.6, label="-0.56 (App. C.2 text)")
    left.set_xlabel("fraction of fakes on cluster 1 (the rest on cluster 2)")
    left.set_ylabel("phi")
    left.set_title("Fig 10: landscape along the 2-cluster segment", fontsize=9)
    right.set_xlabel("alpha (data fraction of the larger cluster)")
    right.set_title("mode-collapse value vs alpha", fontsize=9)
    left.legend(fontsize=7)
    right.legend(fontsize=7)
    paths.append(_save(figure, Path(experiment_dir) / "fig10_imbalanced.png"))
    return paths
