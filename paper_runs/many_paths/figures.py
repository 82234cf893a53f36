"""001 figures, drawn from results files only (results.json, samples.npy).

    line_run_figure         Fig 1 / 3 / 4: the data line (blue) and G's samples (red) at the evaluation steps,
                            projected on the plane of the data line
    line_experiment_figure  Fig 5 / 6: final parameter error per model beside the random-init error
    sweep_figure            Fig 10 / 11: mean parameter error (error bars 1.96 standard errors) vs lr or d
    loss_curves_figure      Fig 2: MM and NS generator costs and gradients under the optimal D
    box_figure              Fig 8, 9, 12: a metric per model over the grid (box plot), the 10 best marked
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from paper_runs.figures import completed_runs, plt, results_by_variant, save_figure, variant_colour

VIEWS = 6  # panels of the 2-D view


def data_plane(offset: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis [2, d] of the plane holding the data line: b / |b| and the part of a orthogonal to
    b (any other direction when a is parallel to b)."""
    direction = matrix[:, 0] / np.linalg.norm(matrix[:, 0])
    rest = offset - (offset @ direction) * direction
    if np.linalg.norm(rest) < 1e-9:
        rest = np.eye(len(offset))[np.argmin(np.abs(direction))]
        rest = rest - (rest @ direction) * direction
    return np.stack([direction, rest / np.linalg.norm(rest)])


def linear_samples(offset, matrix, count: int = 300, seed: int = 0) -> np.ndarray:
    """count samples of x = offset + matrix z, z ~ N(0, I_k)."""
    matrix = np.asarray(matrix, np.float64)
    z = np.random.default_rng(seed).standard_normal((count, matrix.shape[1]))
    return np.asarray(offset, np.float64) + z @ matrix.T


def line_run_figure(run_dir: Path) -> list[Path]:
    """view_2d.png: data (blue) and G (red) at up to VIEWS evaluation steps, in the data line's plane."""
    [(_, results, _)] = completed_runs([run_dir]) or [(None, None, None)]
    if results is None:
        return []
    metrics = results["metrics"]
    offsets = metrics.get("eval_generator_offset", [])
    matrices = dict((step, value) for step, value in metrics.get("eval_generator_matrix", []))
    if not offsets:
        return []
    picks = [offsets[int(i)] for i in np.linspace(0, len(offsets) - 1, min(VIEWS, len(offsets)))]
    data_offset, data_matrix = np.asarray(metrics["data_offset"]), np.asarray(metrics["data_matrix"])
    basis = data_plane(data_offset, data_matrix)
    real = linear_samples(data_offset, data_matrix * results["config"]["sigma"]) @ basis.T
    figure, axes = plt.subplots(1, len(picks), figsize=(2.6 * len(picks), 2.8), squeeze=False, sharex=True, sharey=True)
    for axis, (step, offset) in zip(axes[0], picks):
        fake = linear_samples(offset, matrices[step], seed=1) @ basis.T
        axis.scatter(real[:, 0], real[:, 1], s=3, c="tab:blue", label="data")
        axis.scatter(fake[:, 0], fake[:, 1], s=3, c="tab:red", label="G")
        axis.set_title(f"step {step}", fontsize=8)
        axis.tick_params(labelsize=6)
    axes[0][0].legend(fontsize=6)
    figure.suptitle(f"{results['experiment']} {results['variant']} seed {results['seed']}: "
                    f"error {metrics['parameter_error']:.3g} (random init {metrics['random_init_error']:.3g})", fontsize=9)
    return [save_figure(figure, Path(run_dir) / "view_2d.png")]


def line_experiment_figure(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """parameter_error.png: each seed's final error per model (dots) and its random-init error (crosses)."""
    runs = results_by_variant(run_dirs)
    if not runs:
        return []
    figure, axis = plt.subplots(figsize=(6, 3.5))
    for index, (variant, entries) in enumerate(runs.items()):
        errors = [r["metrics"]["parameter_error"] for r in entries]
        inits = [r["metrics"]["random_init_error"] for r in entries]
        jitter = np.linspace(-0.15, 0.15, len(entries))
        axis.scatter(index + jitter, errors, c=variant_colour(variant, index), s=14, label="trained" if index == 0 else None)
        axis.scatter(index + jitter, inits, c="grey", marker="x", s=14, label="random init" if index == 0 else None)
    axis.set_xticks(range(len(runs)), list(runs))
    axis.set_yscale("log")
    axis.set_ylabel("squared parameter error")
    axis.legend(fontsize=7)
    return [save_figure(figure, Path(experiment_dir) / "parameter_error.png")]


def mean_and_error_bar(values: Sequence[float]) -> tuple[float, float]:
    """(mean, 1.96 standard errors of the mean); 0 half-width for a single value."""
    values = np.asarray(values, np.float64)
    if len(values) < 2:
        return float(values.mean()), 0.0
    return float(values.mean()), float(1.96 * values.std(ddof=1) / np.sqrt(len(values)))


def sweep_figure(experiment_dir: Path, run_dirs: Sequence[Path], config_key: str) -> list[Path]:
    """sweep.png: mean parameter error +- 1.96 SE over seeds per loss vs the swept `config_key` (Fig 10 / 11)."""
    from paper_runs.many_paths.grid import loss_of
    from paper_runs.many_paths.line import LOSSES

    by_loss: dict = {}
    for variant, entries in results_by_variant(run_dirs).items():
        value = entries[0]["config"][config_key]
        by_loss.setdefault(loss_of(variant, list(LOSSES)), []).append(
            (value, *mean_and_error_bar([r["metrics"]["parameter_error"] for r in entries])))
    if not by_loss:
        return []
    figure, axis = plt.subplots(figsize=(6, 3.8))
    for index, (loss, points) in enumerate(by_loss.items()):
        x, mean, half = (np.asarray(column) for column in zip(*sorted(points)))
        axis.errorbar(x, mean, yerr=half, marker="o", capsize=3, color=variant_colour(loss, index), label=loss)
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("learning rate" if "lr" in config_key else "data dimension d")
    axis.set_ylabel("squared parameter error (mean, 95% CI)")
    axis.legend(fontsize=7)
    return [save_figure(figure, Path(experiment_dir) / "sweep.png")]


def loss_curves_figure(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """fig2_costs.png: left D* and the two costs, right their gradients, along the generator's output."""
    runs = results_by_variant(run_dirs)
    if not runs:
        return []
    metrics = next(iter(runs.values()))[0]["metrics"]
    x = np.asarray(metrics["x"])
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    left.plot(x, metrics["d_star"], "k:", label="D*(x)")
    left.plot(x, metrics["mm"], "tab:red", label="MM: log(1 - D*(x))")
    left.plot(x, metrics["ns"], "tab:blue", label="NS: -log D*(x)")
    right.plot(x, metrics["mm_gradient"], "tab:red", label="d/dx MM")
    right.plot(x, metrics["ns_gradient"], "tab:blue", label="d/dx NS")
    for axis in (left, right):
        axis.axvline(metrics["real_mean"], color="tab:green", lw=0.8, label="data mean")
        axis.axvline(metrics["fake_mean"], color="grey", lw=0.8, label="generator mean")
        axis.set_xlabel("generator output x")
        axis.legend(fontsize=7)
    left.set_ylim(-6, 10)
    return [save_figure(figure, Path(experiment_dir) / "fig2_costs.png")]


def box_figure(experiment_dir: Path, run_dirs: Sequence[Path], losses: Sequence[str], metric_names: Sequence[str],
               best: int = 10) -> list[Path]:
    """<metric>.png per metric: a box plot per model over its grid settings, the `best` highest marked (Fig 8, 9,
    12). Metrics whose name ends in "difference" rank by the smallest |value| (Fig 13's MS-SSIM rule)."""
    from paper_runs.many_paths.grid import loss_of

    by_loss: dict = {}
    for variant, entries in results_by_variant(run_dirs).items():
        by_loss.setdefault(loss_of(variant, losses), []).extend(entries)
    paths = []
    for name in metric_names:
        columns = [(loss, [r["metrics"][name] for r in entries if r["metrics"].get(name) is not None])
                   for loss, entries in by_loss.items()]
        columns = [(loss, values) for loss, values in columns if values]
        if not columns:
            continue
        figure, axis = plt.subplots(figsize=(1.4 * len(columns) + 2, 3.5))
        axis.boxplot([values for _, values in columns])
        for index, (_, values) in enumerate(columns):
            key = (lambda v: -abs(v)) if name.endswith("difference") else (lambda v: v)
            top = sorted(values, key=key, reverse=True)[:best]
            axis.scatter(np.full(len(top), index + 1), top, c="k", s=10, zorder=3)
        axis.set_xticks(range(1, len(columns) + 1), [loss for loss, _ in columns], fontsize=8)
        axis.set_title(f"{name} over the grid (black: the {best} best)", fontsize=9)
        paths.append(save_figure(figure, Path(experiment_dir) / f"{name}.png"))
    return paths
