"""000's figures redrawn from results files only (results.json): nothing here trains or samples a model.

    saturation_figures   Fig 5 / 11: |grad J_G| / #theta per step, one panel per variant, seeds overlaid;
                         Fig 12: mean D logits on real and fake data and the update norms |d theta|, |d phi|
    benchmark_figures    Fig 8: DJSCD, classifier FD and FID over training, median with min-max shading
                         over seeds; final class frequencies (Table 1); implied sample-weight histograms
    gradients_figures    Fig 9 / 10: norm ratio and cosine of the compared G gradients over training
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from paper_runs.figures import _colour, _save, plt, results_by_variant

SMOOTH = 25


def _xy(results: dict, name: str):
    points = [(s, v) for s, v in results["metrics"].get(name, []) if v is not None]
    if not points:
        return np.zeros(0), np.zeros(0)
    steps, values = zip(*points)
    return np.asarray(steps, np.float64), np.asarray(values, np.float64)


def _epochs(results: dict, steps: np.ndarray) -> np.ndarray:
    per_epoch = results["metrics"].get("steps_per_epoch") or 1
    return steps / per_epoch


def _log_smooth(values: np.ndarray, width: int = SMOOTH) -> np.ndarray:
    """Running mean in log space (the reference plots smooth log values)."""
    if len(values) < width:
        return values
    logs = np.log(np.clip(values, 1e-30, None))
    kernel = np.ones(width) / width
    return np.exp(np.convolve(np.pad(logs, (width - 1, 0), mode="edge"), kernel, mode="valid"))


def saturation_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    grouped = results_by_variant(run_dirs)
    if not grouped:
        return []
    paths = []
    figure, axes = plt.subplots(len(grouped), 1, figsize=(7, 2.2 * len(grouped)), sharex=True, squeeze=False)
    for index, (variant, runs) in enumerate(grouped.items()):
        axis = axes[index, 0]
        for results in runs:
            steps, values = _xy(results, "g_grad_norm")
            count = results["metrics"].get("g_parameters") or 1
            axis.plot(_epochs(results, steps), _log_smooth(values / count), color=_colour(variant, index), alpha=0.7,
                      lw=1, label=f"seed {results['seed']}")
        axis.set_yscale("log")
        axis.set_ylabel(r"$|\nabla J_G|$ / #$\theta$")
        axis.set_title(variant, fontsize=9)
        axis.legend(fontsize=7, loc="lower left")
    axes[-1, 0].set_xlabel("training epochs (batch 128, 60,000 samples)")
    figure.suptitle("MNIST FC-4 early training gradients (000 Fig 5 / 11)")
    paths.append(_save(figure, Path(experiment_dir) / "fig5_gradients.png"))

    figure, axes = plt.subplots(len(grouped), 2, figsize=(11, 2.2 * len(grouped)), sharex=True, squeeze=False)
    for index, (variant, runs) in enumerate(grouped.items()):
        results = runs[0]
        for name, style in (("real_logit", "-"), ("fake_logit", "--")):
            steps, values = _xy(results, name)
            axes[index, 0].plot(_epochs(results, steps), values, style, color=_colour(variant, index), lw=1, label=name)
        for name, style in (("g_update_norm", "-"), ("d_update_norm", "--")):
            steps, values = _xy(results, name)
            if len(values):
                axes[index, 1].plot(_epochs(results, steps), _log_smooth(values), style, color=_colour(variant, index),
                                    lw=1, label=name)
        axes[index, 1].set_yscale("log")
        axes[index, 0].set_ylabel(f"{variant}\nmean D logit", fontsize=8)
        axes[index, 1].set_ylabel(r"$|\Delta\theta|$, $|\Delta\phi|$", fontsize=8)
        axes[index, 0].legend(fontsize=7)
        axes[index, 1].legend(fontsize=7)
    figure.suptitle(f"D logits and update norms, seed {runs[0]['seed']} (000 Fig 12)")
    paths.append(_save(figure, Path(experiment_dir) / "fig12_logits_updates.png"))
    return paths


def _band(axis, runs: Sequence[dict], name: str, colour: str, label: str) -> None:
    """Median over runs with min-max shading, on the steps every run has."""
    series = [dict(zip(*_xy(results, name))) for results in runs]
    steps = sorted(set.intersection(*(set(s) for s in series))) if series else []
    if not steps:
        return
    values = np.array([[s[step] for step in steps] for s in series])
    x = _epochs(runs[0], np.asarray(steps))
    axis.plot(x, np.median(values, axis=0), color=colour, label=label)
    axis.fill_between(x, values.min(axis=0), values.max(axis=0), color=colour, alpha=0.2)


def benchmark_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    grouped = results_by_variant(run_dirs)
    if not grouped:
        return []
    metrics = [name for name in ("eval_fid", "eval_classifier_fd", "eval_djscd", "eval_js_to_uniform")
               if any(results["metrics"].get(name) for runs in grouped.values() for results in runs)]
    paths = []
    if metrics:
        figure, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
        for column, name in enumerate(metrics):
            for index, (variant, runs) in enumerate(grouped.items()):
                _band(axes[0, column], runs, name, _colour(variant, index), variant)
            axes[0, column].set_title(name[5:])
            axes[0, column].set_xlabel("epochs")
        axes[0, -1].legend(fontsize=7)
        figure.suptitle("median over runs, min-max shaded (000 Fig 8)")
        paths.append(_save(figure, Path(experiment_dir) / "fig8_metrics.png"))
    with_classes = {v: r for v, r in grouped.items() if r[0]["metrics"].get("final_class_frequencies")}
    if with_classes:
        figure, axis = plt.subplots(figsize=(8, 3.5))
        width = 0.8 / len(with_classes)
        for index, (variant, runs) in enumerate(with_classes.items()):
            freqs = np.median([r["metrics"]["final_class_frequencies"] for r in runs], axis=0) * 100
            axis.bar(np.arange(10) + index * width, freqs, width, color=_colour(variant, index), label=variant)
        axis.set_xticks(np.arange(10) + 0.4, [str(d) for d in range(10)])
        axis.set_ylabel("% of generated samples (median over runs)")
        axis.set_title("class frequencies (000 Table 1: NS 0 75 0 0 0 0 0 15 0 10; MM-nsat 5 45 3 4 9 5 7 12 3 8)",
                       fontsize=8)
        axis.legend(fontsize=7)
        paths.append(_save(figure, Path(experiment_dir) / "table1_classes.png"))
    histograms = {v: r[0] for v, r in grouped.items() if r[0]["metrics"].get("eval_dp_histogram")}
    if histograms:
        figure, axes = plt.subplots(1, len(histograms), figsize=(3.2 * len(histograms), 3), squeeze=False)
        centres = np.linspace(0.025, 0.975, 20)
        for index, (variant, results) in enumerate(histograms.items()):
            step, counts = results["metrics"]["eval_dp_histogram"][-1]
            _, mm = results["metrics"]["eval_mm_weight_share"][-1]
            _, ns = results["metrics"]["eval_ns_weight_share"][-1]
            axis = axes[0, index]
            axis.bar(centres, counts, 0.05, color="0.7", label="samples")
            axis.step(centres, mm, where="mid", color="tab:red", label="MM weight (Dp)")
            axis.step(centres, ns, where="mid", color="tab:blue", label="NS weight (1 - Dp)")
            axis.set_title(f"{variant}, step {step}", fontsize=8)
            axis.set_xlabel("Dp(G(z))")
        axes[0, 0].legend(fontsize=6)
        figure.suptitle("implied sample weights of a G batch (000 Sec 2.2)")
        paths.append(_save(figure, Path(experiment_dir) / "sample_weights.png"))
    return paths


def gradients_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    grouped = results_by_variant(run_dirs)
    if not grouped:
        return []
    figure, axes = plt.subplots(len(grouped), 1, figsize=(7, 2.4 * len(grouped)), squeeze=False)
    for index, (variant, runs) in enumerate(grouped.items()):
        axis = axes[index, 0]
        twin = axis.twinx()
        for results in runs:
            steps, ratio = _xy(results, "grad_norm_ratio")
            _, cosine = _xy(results, "grad_cosine")
            x = _epochs(results, steps)
            axis.plot(x, _log_smooth(ratio), color="tab:green", lw=1)
            twin.plot(x, cosine, color="tab:orange", lw=1, alpha=0.7)
        axis.set_yscale("log")
        axis.set_ylabel("norm ratio", color="tab:green")
        twin.set_ylabel("cosine", color="tab:orange")
        twin.set_ylim(-0.05, 1.05)
        axis.set_title(f"trained with {variant.split('_vs_')[0]}, compared with {variant.split('_vs_')[1]}", fontsize=9)
    axes[-1, 0].set_xlabel("epochs")
    figure.suptitle("gradient diagnostics (000 Fig 9 / 10)")
    return [_save(figure, Path(experiment_dir) / "fig9_10_gradients.png")]
