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

from paper_runs.figures import _colour, _completed, _save, mixture_experiment_figures, plt, results_by_variant

STATE_LABELS = {"no_recovery": "no recovery", "mode_collapse": "mode collapse",
                "mode_dropping": "mode dropping", "perfect_recovery": "perfect recovery"}


def landscape_values_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """fig4_states.png and fig10_imbalanced.png."""
    runs = results_by_variant(run_dirs)
    if not runs:
        return []
    paths = []
    figure, axis = plt.subplots(figsize=(6, 3.5))
    states = list(STATE_LABELS)
    width = 0.8 / max(1, len(runs))
    for index, (variant, entries) in enumerate(sorted(runs.items())):
        metrics = entries[0]["metrics"]
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
        metrics = entries[0]["metrics"]
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


def five_gaussian_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """fig14_metric_vs_lr.png (median and each repeat, JS vs RS) and the mixture figures (samples grid, mode
    frequencies, modes covered over training) of the restarts."""
    runs = results_by_variant(run_dirs)
    if not runs:
        return []
    figure, axis = plt.subplots(figsize=(5, 3.5))
    for index, loss in enumerate(("js", "rs")):
        points = sorted((float(v.split("_lr", 1)[1]), [r["metrics"]["tv_to_data"] for r in entries])
                        for v, entries in runs.items() if v.startswith(loss + "_lr"))
        if not points:
            continue
        lrs = [lr for lr, _ in points]
        for lr, values in points:
            axis.scatter([lr] * len(values), values, color=_colour(loss, index), alpha=0.5, s=14)
        axis.plot(lrs, [float(np.median(values)) for _, values in points], "-o", color=_colour(loss, index),
                  label=f"{loss.upper()}-GAN (median)")
    axis.set_xscale("log")
    axis.set_xlabel("learning rate (G and D)")
    axis.set_ylabel("TV of mode frequencies to the data's")
    axis.set_title("Fig 14(a): restart from (collapsed D, successful G)", fontsize=9)
    axis.legend(fontsize=7)
    return [_save(figure, Path(experiment_dir) / "fig14_metric_vs_lr.png")] + mixture_experiment_figures(
        experiment_dir, run_dirs)


def image_grid_figure(run_dir: Path) -> list[Path]:
    """samples.png: the run's saved samples (up to 64) as an 8 x 8 grid (Fig 12, App. F)."""
    runs = _completed([run_dir])
    if not runs or runs[0][2] is None:
        return []
    _, results, samples = runs[0]
    images = np.clip((np.asarray(samples[:64], np.float32) + 1.0) / 2.0, 0.0, 1.0)
    rows = int(math.ceil(len(images) / 8))
    figure, axes = plt.subplots(rows, 8, figsize=(8, rows), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    for axis, image in zip(axes.flat, images):
        axis.imshow(image[..., 0] if image.shape[-1] == 1 else image, cmap="gray", vmin=0, vmax=1)
    metrics = results["metrics"]
    title = f"{results['variant']} seed {results['seed']}"
    if "fives_in_64" in metrics:
        title += f": {metrics['fives_in_64']} fives in 64 (data share {metrics['data_fraction_five']:.2f})"
    figure.suptitle(title, fontsize=9)
    return [_save(figure, Path(run_dir) / "samples.png")]


def mnist_fraction_figure(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """fig12_fraction_five.png: fraction of 5s per variant and seed, against the data's."""
    runs = results_by_variant(run_dirs)
    if not runs:
        return []
    figure, axis = plt.subplots(figsize=(6, 3.5))
    names = sorted(runs)
    for index, variant in enumerate(names):
        values = [r["metrics"]["fraction_five"] for r in runs[variant]]
        data = runs[variant][0]["metrics"]["data_fraction_five"]
        axis.scatter([index] * len(values), values, color=_colour(variant.split("_")[0], index), zorder=3)
        axis.hlines(data, index - 0.3, index + 0.3, colors="k", linestyles="--", lw=0.8,
                    label="data's fraction" if index == 0 else None)
    axis.set_xticks(range(len(names)), names)
    axis.set_ylabel("fraction of 5s among 5s and 7s")
    axis.set_title("Fig 12: generated 5s (MNIST classifier), per seed", fontsize=9)
    axis.legend(fontsize=7)
    return [_save(figure, Path(experiment_dir) / "fig12_fraction_five.png")]
