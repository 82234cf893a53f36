"""Figures drawn from results files only (results.json, samples.npy): nothing here trains or samples a model.

Per run:         mixture_run_figure (samples over the modes), two_cluster_run_figure (fake-point paths, D loss)
Per experiment:  mixture_experiment_figures (variant x seed scatter grid as in 000 Fig 4 / 19, mode frequencies
                 as in Table 3, modes covered during training), two_cluster_experiment_figures (004 Fig 5-7)

    python -m paper_runs.figures OUT    # redraw every figure under OUT
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Optional, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from paper_runs import results as results_io  # noqa: E402

VARIANT_COLOURS = {"ns": "tab:blue", "mm": "tab:red", "mm_nsat": "tab:green", "js": "tab:blue", "rs": "tab:red"}


def _colour(variant: str, index: int) -> str:
    return VARIANT_COLOURS.get(variant, f"C{index % 10}")


def _save(figure, path: Path) -> Path:
    """Save a PNG atomically (temp file + os.replace)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    results_io.atomic_write_bytes(path, buffer.getvalue())
    return path


def _load_run(run_dir: Path) -> tuple[Optional[dict], Optional[np.ndarray]]:
    results = results_io.read_results(run_dir)
    samples_path = Path(run_dir) / results_io.SAMPLES_FILE
    samples = np.load(samples_path) if samples_path.is_file() else None
    return results, samples


def _completed(run_dirs: Sequence[Path]) -> list[tuple[Path, dict, Optional[np.ndarray]]]:
    loaded = []
    for run_dir in run_dirs:
        results, samples = _load_run(run_dir)
        if results is not None and results.get("status") == results_io.STATUS_COMPLETED:
            loaded.append((Path(run_dir), results, samples))
    return loaded


def results_by_variant(run_dirs: Sequence[Path]) -> dict:
    """{variant: [results dict, ...]} of the completed runs, in run order."""
    grouped: dict = {}
    for _, results, _ in _completed(run_dirs):
        grouped.setdefault(results["variant"], []).append(results)
    return grouped


# ------------------------------------------------------------------------------------------- mixtures


def _draw_modes(axis, metrics: dict) -> None:
    means = np.asarray(metrics.get("mode_means", []))
    stds = np.asarray(metrics.get("mode_stds", []))
    threshold = 3.0
    for mean, std in zip(means, stds):
        axis.add_patch(plt.Circle(mean, threshold * std, fill=False, color="0.5", lw=0.6))
    if len(means):
        axis.scatter(means[:, 0], means[:, 1], marker="+", c="k", s=25, lw=0.8, zorder=3)


def _scatter_axis(axis, results: dict, samples: Optional[np.ndarray], colour: str) -> None:
    """Samples over the data: mode circles (3 std) for mixtures, the training points for point sets."""
    metrics = results.get("metrics", {})
    _draw_modes(axis, metrics)
    real = np.asarray(metrics.get("real_points", np.zeros((0, 2))), np.float64).reshape(-1, 2)
    if len(real):
        axis.scatter(real[:, 0], real[:, 1], s=6, c="k", marker="x", lw=0.6, zorder=3)
    if samples is not None:
        axis.scatter(samples[:, 0], samples[:, 1], s=1.5, c=colour, alpha=0.35, lw=0)
    anchors = np.asarray(metrics.get("mode_means", []), np.float64).reshape(-1, 2)
    anchors = np.concatenate([anchors, real]) if len(real) else anchors
    if len(anchors):
        low, high = anchors.min(axis=0) - 0.5, anchors.max(axis=0) + 0.5
        centre, half = (low + high) / 2, (high - low).max() / 2
        axis.set_xlim(centre[0] - half, centre[0] + half)
        axis.set_ylim(centre[1] - half, centre[1] + half)
    axis.set_aspect("equal")
    axis.set_xticks([])
    axis.set_yticks([])
    title = f"{results['variant']} seed {results['seed']}"
    if metrics.get("modes_covered") is not None:
        title += f": {metrics['modes_covered']}/{len(metrics.get('mode_means', []))} modes"
    axis.set_title(title, fontsize=8)


def mixture_run_figure(run_dir: Path) -> list[Path]:
    """samples.png: the run's final samples over the modes (circles: 3 std)."""
    results, samples = _load_run(run_dir)
    if results is None:
        return []
    figure, axis = plt.subplots(figsize=(4, 4))
    _scatter_axis(axis, results, samples, _colour(results["variant"], 0))
    return [_save(figure, Path(run_dir) / "samples.png")]


def mixture_experiment_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """samples_grid.png (variants x seeds), mode_frequencies.png (median % per mode and "none" with the
    data's), coverage.png (modes covered at each evaluation)."""
    runs = _completed(run_dirs)
    if not runs:
        return []
    variants = list(dict.fromkeys(results["variant"] for _, results, _ in runs))
    seeds = sorted({results["seed"] for _, results, _ in runs})
    paths = []

    figure, axes = plt.subplots(len(variants), len(seeds), figsize=(2.6 * len(seeds), 2.6 * len(variants)), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    for _, results, samples in runs:
        row, column = variants.index(results["variant"]), seeds.index(results["seed"])
        axes[row, column].axis("on")
        _scatter_axis(axes[row, column], results, samples, _colour(results["variant"], row))
    figure.suptitle(f"{runs[0][1]['experiment']}: final samples ({runs[0][1]['profile']} profile)", fontsize=10)
    paths.append(_save(figure, Path(experiment_dir) / "samples_grid.png"))

    data_frequencies = runs[0][1]["metrics"].get("data_frequencies")
    if data_frequencies is not None:
        num_modes = len(data_frequencies)
        labels = [str(k + 1) for k in range(num_modes)] + ["none"]
        width = 0.8 / (len(variants) + 1)
        figure, axis = plt.subplots(figsize=(max(6, 0.6 * num_modes), 3.2))
        positions = np.arange(num_modes + 1)
        axis.bar(positions, 100 * np.array(list(data_frequencies) + [0.0]), width, color="0.6", label="data")
        for index, variant in enumerate(variants):
            table = np.array([r["metrics"]["mode_frequencies"] for _, r, _ in runs if r["variant"] == variant])
            median = 100 * np.median(table, axis=0)
            low, high = 100 * table.min(axis=0), 100 * table.max(axis=0)
            axis.bar(positions + (index + 1) * width, median, width, color=_colour(variant, index), label=variant,
                     yerr=[median - low, high - median], error_kw={"lw": 0.6})
        axis.set_xticks(positions + 0.4 - width / 2)
        axis.set_xticklabels(labels)
        axis.set_xlabel("mode")
        axis.set_ylabel("% of samples (median, min-max over seeds)")
        axis.legend(fontsize=8)
        paths.append(_save(figure, Path(experiment_dir) / "mode_frequencies.png"))

    if any(_series(r, "eval_modes_covered") for _, r, _ in runs):
        figure, axis = plt.subplots(figsize=(6, 3))
        for index, variant in enumerate(variants):
            for _, results, _ in runs:
                if results["variant"] != variant:
                    continue
                series = _series(results, "eval_modes_covered")
                if series:
                    steps, values = zip(*series)
                    axis.plot(steps, values, color=_colour(variant, index), alpha=0.7, lw=1,
                              label=variant if results["seed"] == seeds[0] else None)
        axis.set_xlabel("step")
        axis.set_ylabel("modes covered")
        axis.legend(fontsize=8)
        paths.append(_save(figure, Path(experiment_dir) / "coverage.png"))
    return paths


def _series(results: dict, name: str) -> list:
    """A [step, value] time series from a results file; [] when the metric is not a series."""
    value = results.get("metrics", {}).get(name)
    if isinstance(value, list) and value and isinstance(value[0], list) and len(value[0]) == 2:
        return [point for point in value if point[1] is not None]
    return []


# ------------------------------------------------------------------------------------------- two clusters


def _trajectory_axes(position_axis, loss_axis, results: dict, colour: str) -> None:
    metrics = results.get("metrics", {})
    positions = _series(results, "eval_fake_positions")
    if positions:
        steps = np.array([s for s, _ in positions])
        paths = np.array([p for _, p in positions])
        position_axis.plot(steps, paths, color=colour, alpha=0.25, lw=0.6)
    for centre in metrics.get("centers", []):
        position_axis.axhspan(centre, centre + 0.3, color="tab:red", alpha=0.25, lw=0)
    recovery = metrics.get("recovery_iteration")
    if recovery is not None:
        position_axis.axvline(recovery, color="k", ls="--", lw=0.8)
    position_axis.set_ylim(-2, 8)
    position_axis.set_ylabel("fake positions")
    label = "never" if recovery is None else str(recovery)
    position_axis.set_title(f"{results['variant']} seed {results['seed']}: recovered at {label}", fontsize=8)
    d_loss = metrics.get("d_loss_paper_convention") or []
    if d_loss:
        steps, values = zip(*d_loss)
        loss_axis.plot(steps, values, color=colour, lw=0.8)
    loss_axis.axhline(np.log(2), color="0.3", ls=":", lw=0.8)
    loss_axis.axhline(0.477, color="0.3", ls="--", lw=0.8)
    loss_axis.set_ylim(0.3, 1.2)
    loss_axis.set_xlabel("iteration")
    loss_axis.set_ylabel("D loss")


def two_cluster_run_figure(run_dir: Path) -> list[Path]:
    """trajectories.png: every fake point's position over iterations (004 Fig 5 / 7) above the D loss in the
    paper's convention (Fig 6; dashed 0.477 = JS mode-collapse value, dotted ln 2)."""
    results, _ = _load_run(run_dir)
    if results is None:
        return []
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(5, 4.5), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    _trajectory_axes(top, bottom, results, _colour(results["variant"], 0))
    return [_save(figure, Path(run_dir) / "trajectories.png")]


def two_cluster_experiment_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """trajectories_grid.png: fake-point paths and D loss for every variant x seed."""
    runs = _completed(run_dirs)
    if not runs:
        return []
    variants = list(dict.fromkeys(results["variant"] for _, results, _ in runs))
    seeds = sorted({results["seed"] for _, results, _ in runs})
    figure, axes = plt.subplots(
        2 * len(variants), len(seeds), figsize=(3.2 * len(seeds), 3.6 * len(variants)), squeeze=False,
        gridspec_kw={"height_ratios": [2, 1] * len(variants)},
    )
    for axis in axes.flat:
        axis.axis("off")
    for _, results, _ in runs:
        row, column = 2 * variants.index(results["variant"]), seeds.index(results["seed"])
        axes[row, column].axis("on")
        axes[row + 1, column].axis("on")
        _trajectory_axes(axes[row, column], axes[row + 1, column], results, _colour(results["variant"], row // 2))
    figure.tight_layout()
    return [_save(figure, Path(experiment_dir) / "trajectories_grid.png")]


# ------------------------------------------------------------------------------------------- CLI


def redraw(out_dir: Path) -> list[Path]:
    """Every run and experiment figure under `out_dir`, from the declarations of the paper modules."""
    drawn = []
    for experiment_dir in results_io.iter_experiment_dirs(out_dir):
        run_dirs = list(results_io.iter_run_dirs(experiment_dir))
        if not run_dirs:
            continue
        first = results_io.read_results(run_dirs[0])
        module = importlib.import_module(f"paper_runs.{first['paper']}")
        experiment = module.PAPER.get(first["experiment"])
        if experiment.run_figures is not None:
            for run_dir in _completed(run_dirs):
                drawn.extend(experiment.run_figures(run_dir[0]))
        if experiment.figures is not None:
            drawn.extend(experiment.figures(experiment_dir, run_dirs))
    return drawn


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_runs.figures", description=__doc__.splitlines()[0])
    parser.add_argument("out", help="output directory of the runs")
    args = parser.parse_args(argv)
    if not Path(args.out).is_dir():
        print(f"python -m paper_runs.figures: error: {args.out} is not a directory", file=sys.stderr)
        return 2
    for path in redraw(Path(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
