"""Figures drawn from results files only (results.json, samples.npy): nothing here trains or samples a model.

Shared by the papers' figures: the toy-mixture figures (mixture_run_figure: samples over the modes;
mixture_experiment_figures: variant x seed scatter grid as in 000 Fig 4 / 19, mode frequencies as in Table 3,
modes covered during training) and plotting helpers (colours, saving, reading runs, time series). Each
experiment's own figures live in its module beside its claims.

    python -m paper_runs.figures OUT    # redraw every figure under OUT
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from pathlib import Path
from typing import Optional, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from paper_runs import results as results_io  # noqa: E402

VARIANT_COLOURS = {"ns": "tab:blue", "mm": "tab:red", "mm_nsat": "tab:green", "js": "tab:blue", "rs": "tab:red"}


def variant_colour(variant: str, index: int) -> str:
    return VARIANT_COLOURS.get(variant, f"C{index % 10}")


def save_figure(figure, path: Path) -> Path:
    """Save a PNG atomically (temp file + os.replace), in a 256-colour palette: a plot has few colours, so it
    looks the same at about a third of the bytes (figures are committed with the results)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    buffer.seek(0)
    with Image.open(buffer) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    payload = io.BytesIO()
    palette.save(payload, format="png", optimize=True)
    results_io.atomic_write_bytes(path, payload.getvalue())
    return path


def load_run(run_dir: Path) -> tuple[Optional[dict], Optional[np.ndarray]]:
    results = results_io.read_results(run_dir)
    samples_path = Path(run_dir) / results_io.SAMPLES_FILE
    samples = np.load(samples_path) if samples_path.is_file() else None
    return results, samples


def completed_runs(run_dirs: Sequence[Path]) -> list[tuple[Path, dict, Optional[np.ndarray]]]:
    loaded = []
    for run_dir in run_dirs:
        results, samples = load_run(run_dir)
        if results is not None and results.get("status") == results_io.STATUS_COMPLETED:
            loaded.append((Path(run_dir), results, samples))
    return loaded


def results_by_variant(run_dirs: Sequence[Path]) -> dict:
    """{variant: [results dict, ...]} of the completed runs, in run order."""
    grouped: dict = {}
    for _, results, _ in completed_runs(run_dirs):
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
    results, samples = load_run(run_dir)
    if results is None:
        return []
    figure, axis = plt.subplots(figsize=(4, 4))
    _scatter_axis(axis, results, samples, variant_colour(results["variant"], 0))
    return [save_figure(figure, Path(run_dir) / "samples.png")]


def mixture_experiment_figures(experiment_dir: Path, run_dirs: Sequence[Path]) -> list[Path]:
    """samples_grid.png (variants x seeds), mode_frequencies.png (median % per mode and "none" with the
    data's), coverage.png (modes covered at each evaluation)."""
    runs = completed_runs(run_dirs)
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
        _scatter_axis(axes[row, column], results, samples, variant_colour(results["variant"], row))
    figure.suptitle(f"{runs[0][1]['experiment']}: final samples ({runs[0][1]['profile']} profile)", fontsize=10)
    paths.append(save_figure(figure, Path(experiment_dir) / "samples_grid.png"))

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
            axis.bar(positions + (index + 1) * width, median, width, color=variant_colour(variant, index), label=variant,
                     yerr=[median - low, high - median], error_kw={"lw": 0.6})
        axis.set_xticks(positions + 0.4 - width / 2)
        axis.set_xticklabels(labels)
        axis.set_xlabel("mode")
        axis.set_ylabel("% of samples (median, min-max over seeds)")
        axis.legend(fontsize=8)
        paths.append(save_figure(figure, Path(experiment_dir) / "mode_frequencies.png"))

    if any(time_series(r, "eval_modes_covered") for _, r, _ in runs):
        figure, axis = plt.subplots(figsize=(6, 3))
        for index, variant in enumerate(variants):
            for _, results, _ in runs:
                if results["variant"] != variant:
                    continue
                series = time_series(results, "eval_modes_covered")
                if series:
                    steps, values = zip(*series)
                    axis.plot(steps, values, color=variant_colour(variant, index), alpha=0.7, lw=1,
                              label=variant if results["seed"] == seeds[0] else None)
        axis.set_xlabel("step")
        axis.set_ylabel("modes covered")
        axis.legend(fontsize=8)
        paths.append(save_figure(figure, Path(experiment_dir) / "coverage.png"))
    return paths


def image_grid_figure(run_dir: Path) -> list[Path]:
    """samples.png: the run's saved samples (up to 64) as an 8 x 8 grid (Fig 12, App. F)."""
    runs = completed_runs([run_dir])
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
    return [save_figure(figure, Path(run_dir) / "samples.png")]


def time_series(results: dict, name: str) -> list:
    """A [step, value] time series from a results file; [] when the metric is not a series."""
    value = results.get("metrics", {}).get(name)
    if isinstance(value, list) and value and isinstance(value[0], list) and len(value[0]) == 2:
        return [point for point in value if point[1] is not None]
    return []


# ------------------------------------------------------------------------------------------- time series

SMOOTH = 25


def series_xy(results: dict, name: str):
    points = [(s, v) for s, v in results["metrics"].get(name, []) if v is not None]
    if not points:
        return np.zeros(0), np.zeros(0)
    steps, values = zip(*points)
    return np.asarray(steps, np.float64), np.asarray(values, np.float64)


def series_epochs(results: dict, steps: np.ndarray) -> np.ndarray:
    per_epoch = results["metrics"].get("steps_per_epoch") or 1
    return steps / per_epoch


def log_smooth(values: np.ndarray, width: int = SMOOTH) -> np.ndarray:
    """Running mean in log space (the reference plots smooth log values)."""
    if len(values) < width:
        return values
    logs = np.log(np.clip(values, 1e-30, None))
    kernel = np.ones(width) / width
    return np.exp(np.convolve(np.pad(logs, (width - 1, 0), mode="edge"), kernel, mode="valid"))


def median_band(axis, runs: Sequence[dict], name: str, colour: str, label: str) -> None:
    """Median over runs with min-max shading, on the steps every run has."""
    series = [dict(zip(*series_xy(results, name))) for results in runs]
    steps = sorted(set.intersection(*(set(s) for s in series))) if series else []
    if not steps:
        return
    values = np.array([[s[step] for step in steps] for s in series])
    x = series_epochs(runs[0], np.asarray(steps))
    axis.plot(x, np.median(values, axis=0), color=colour, label=label)
    axis.fill_between(x, values.min(axis=0), values.max(axis=0), color=colour, alpha=0.2)


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
            for run_dir in completed_runs(run_dirs):
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
