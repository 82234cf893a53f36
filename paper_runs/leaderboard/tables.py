"""The board from the results files only: per-run scores, median (min-max) over seeds, ranks per dataset and
overall, LEADERBOARD.md and the cost x dataset heat map.

Ranking, per dataset: toy sets by median TV to the data's mode frequencies (lower first; off-mode samples
count fully), ties broken by median modes covered (higher first); Stacked MNIST by median modes of 1000
(higher first), ties by median KL to uniform (lower first). Equal keys share a rank (1, 2, 2, 4). Overall: the
mean of a cost's per-dataset ranks over the complete columns (every board cost with the profile's seeds; over
the partial ones while none is complete), lower first. A diverged run counts as the worst outcome (no mode
covered, TV 1, KL log 1000) rather than being dropped.

p vs #1: the two-sided Wilcoxon rank-sum p-value of a cost's per-seed ranking metric (TV to data; Stacked
MNIST: modes of 1000) against the first row's (`summaries.rank_sum_p_value`, exact at 5 seeds). With 5 seeds
a side the smallest possible p is 0.008; p >= 0.05 means these seeds cannot tell the cost from the first, so
ranks among such costs are not evidence of a difference. Not corrected for the comparisons (one per cost).
The overall table's "level with #1" counts the datasets of its mean rank where the cost is the first row or
its p vs #1 is >= 0.05.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from paper_runs import figures
from paper_runs.claims import LEARNED_SHARE
from paper_runs import results as results_io
from paper_runs.leaderboard import costs as board_costs
from paper_runs.leaderboard.board import SEEDS
from paper_runs.leaderboard.datasets import DATASETS
from paper_runs.summaries import rank_sum_p_value

BOARD_FILE = "LEADERBOARD.md"
HEATMAP_FILE = "leaderboard_ranks.png"
NUMBERS_FILE = "leaderboard.json"  # the board's numbers for machines: ranks and (median, min, max) per cell
STACKED_KL_WORST = math.log(1000.0)
# (metric, higher is better) per kind of column: the first ranks, the second breaks ties.
TOY_KEYS = (("tv_to_data", False), ("modes_covered", True))
IMAGE_KEYS = (("modes_covered", True), ("kl_to_uniform", False))
NOT_LEARNED_MARK = " †"
LEVEL_P = 0.05  # p vs #1 at or above this: the seeds cannot tell the cost from the first row


def run_scores(results: dict) -> Optional[dict]:
    """The board's numbers of one run (None while it is not finished): a diverged run scores the worst."""
    if results.get("status") == results_io.STATUS_COMPLETED:
        metrics = results["metrics"]
        keys = ("modes_covered", "high_quality_fraction", "tv_to_data", "kl_to_uniform")
        return {key: float(metrics[key]) for key in keys if metrics.get(key) is not None}
    if results.get("status") == results_io.STATUS_DIVERGED:
        if results.get("config", {}).get("dataset") == "stacked_mnist":
            return {"modes_covered": 0.0, "kl_to_uniform": STACKED_KL_WORST, "diverged": 1.0}
        return {"modes_covered": 0.0, "high_quality_fraction": 0.0, "tv_to_data": 1.0, "diverged": 1.0}
    return None


def collect(out_dir: Path, profile: str) -> dict[str, dict[str, list[dict]]]:
    """{dataset: {cost: [results dict of a finished run, ...]}} of `profile` under `out_dir`."""
    board: dict[str, dict[str, list[dict]]] = {}
    for experiment_dir in results_io.iter_experiment_dirs(out_dir):
        for run_dir in results_io.iter_run_dirs(experiment_dir):
            results = results_io.read_results(run_dir)
            if results and results.get("profile") == profile and run_scores(results) is not None:
                board.setdefault(results["experiment"], {}).setdefault(results["variant"], []).append(results)
    return board


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """(median, min, max) of the values."""
    array = np.asarray(values, np.float64)
    return float(np.median(array)), float(array.min()), float(array.max())


def summarise(runs: Sequence[dict]) -> dict:
    """{metric: (median, min, max)} over a cost's runs, plus `seeds` and `diverged` counts."""
    scores = [run_scores(run) for run in runs]
    summary: dict = {"seeds": len(scores), "diverged": int(sum(s.get("diverged", 0.0) for s in scores))}
    for key in ("modes_covered", "high_quality_fraction", "tv_to_data", "kl_to_uniform"):
        values = [s[key] for s in scores if key in s]
        if values:
            summary[key] = spread(values)
    return summary


def column_size(profile: str) -> int:
    """Finished runs a complete column holds: every board cost times the profile's seeds."""
    return len(board_costs.board_costs()) * len(SEEDS.get(profile, SEEDS["quick"]))


def rank_keys(dataset: str) -> tuple:
    return IMAGE_KEYS if dataset == "stacked_mnist" else TOY_KEYS


def rank(summaries: dict[str, dict], keys: Sequence[tuple[str, bool]]) -> list[tuple[int, str]]:
    """[(rank, cost)] best first by the medians of `keys`; equal keys share the better rank."""
    def key(cost: str) -> tuple:
        return tuple(-summaries[cost][m][0] if higher else summaries[cost][m][0] for m, higher in keys)

    ordered = sorted(summaries, key=lambda cost: (key(cost), cost))
    ranked, previous = [], None
    for position, cost in enumerate(ordered, start=1):
        shared = ranked[-1][0] if previous is not None and key(cost) == previous else position
        ranked.append((shared, cost))
        previous = key(cost)
    return ranked


def overall(ranks: dict[str, dict[str, int]]) -> list[tuple[int, str, float, int]]:
    """[(rank, cost, mean rank, datasets)] over every dataset's ranks {dataset: {cost: rank}}."""
    per_cost: dict[str, list[int]] = {}
    for by_cost in ranks.values():
        for cost, value in by_cost.items():
            per_cost.setdefault(cost, []).append(value)
    means = {cost: (float(np.mean(values)), len(values)) for cost, values in per_cost.items()}
    ranked = rank({cost: {"mean_rank": (m, m, m)} for cost, (m, _) in means.items()}, (("mean_rank", False),))
    return [(position, cost, means[cost][0], means[cost][1]) for position, cost in ranked]


def level_with_first(cost: str, columns: Sequence[dict[str, dict]]) -> int:
    """Columns ({cost: summary with p_vs_first}) where `cost` is the first row (p None) or p vs #1 >= LEVEL_P."""
    return sum(cost in column and (column[cost]["p_vs_first"] is None or column[cost]["p_vs_first"] >= LEVEL_P)
               for column in columns)


def format_spread(value: Optional[tuple], scale: float = 1.0, digits: int = 3) -> str:
    """"median (min-max)" of a (median, min, max) triple, values times `scale`."""
    if value is None:
        return "-"
    median, low, high = (scale * v for v in value)
    return f"{median:.{digits}g} ({low:.{digits}g}-{high:.{digits}g})"


def cost_setting(config: dict) -> str:
    """A cost's G / D costs and extras from one run's config."""
    parts = [f"G {config['generator_loss']}", f"D {config['discriminator_loss']}"]
    if config.get("generator_loss_a") is not None:
        parts.append(f"a={config['generator_loss_a']:g}")
    if config.get("penalty"):
        parts.append(f"+{config['penalty']} x{config['penalty_weight']:g}")
    if config.get("gradient_rescaling"):
        parts.append(f"rescaling {config['gradient_rescaling']}")
    if config.get("model", "gan") != "gan":
        parts.append(f"model {config['model']}")
    return ", ".join(parts)


def dataset_setting(config: dict) -> str:
    """The shared architecture, budget and optimizer of a dataset's runs, from one run's config."""
    if config.get("architecture") in ("fc", "conv"):
        net = f"{config['architecture']}-{config['layers']} (width {config['width']})"
    elif config.get("architecture"):  # SN-CNN / SN-ResNet: nf and a channel multiplier
        net = f"{config['architecture']} (nf {config.get('nf')}, width {config['width']:g})"
    else:
        net = f"MLP G {config['g_hidden']} / D {config['d_hidden']} {config['activation']}"
    if config.get("d_spectral_norm"):
        net += ", spectral norm on D"
    return (f"{net}, z {config['latent_dim']}-d {config['latent_distribution']}, batch {config['batch_size']}, "
            f"{config['steps']} steps, Adam lr G {config['g_lr']:g} / D {config['d_lr']:g} betas "
            f"({config['adam_beta1']:g}, {config['adam_beta2']:g}), "
            f"{'simultaneous' if config.get('simultaneous') else 'alternating'} updates, "
            f"{config['generator_reduction']} costs")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows)]


def dataset_section(dataset: str, by_cost: dict[str, list[dict]]) -> tuple[list[str], dict[str, int], dict]:
    """The markdown of one dataset's ranked table, its ranks {cost: rank} and summaries {cost: summarise(...)}."""
    summaries = {cost: summarise(runs) for cost, runs in by_cost.items()}
    ranked = rank(summaries, rank_keys(dataset))
    first = next(iter(by_cost.values()))[0]
    image = dataset == "stacked_mnist"
    lines = [f"## {dataset}", "", f"Shared by every cost: {dataset_setting(first['config'])}.", ""]
    metric_header = ["modes of 1000", "KL to uniform"] if image else ["modes covered", "high-quality %", "TV to data"]
    metric, best = rank_keys(dataset)[0][0], ranked[0][1]
    rows = []
    for position, cost in ranked:
        summary = summaries[cost]
        summary["p_vs_first"] = None if cost == best else rank_sum_p_value(
            *([run_scores(run)[metric] for run in by_cost[name]] for name in (cost, best)))
        values = ([format_spread(summary.get("modes_covered"), digits=4), format_spread(summary.get("kl_to_uniform"))]
                  if image else [format_spread(summary.get("modes_covered")),
                                 format_spread(summary.get("high_quality_fraction"), 100.0),
                                 format_spread(summary.get("tv_to_data"))])
        seeds = f"{summary['seeds']}" + (f" ({summary['diverged']} diverged)" if summary["diverged"] else "")
        label = board_costs.label(cost) + (NOT_LEARNED_MARK if not image and not learned(summary) else "")
        p_value = "-" if summary["p_vs_first"] is None else f"{summary['p_vs_first']:.3f}"
        rows.append([str(position), label, cost_setting(by_cost[cost][0]["config"]), seeds, *values, p_value])
    lines += _table(["rank", "cost", "G / D", "seeds", *metric_header, "p vs #1"], rows)
    if not image and not all(learned(summary) for summary in summaries.values()):
        lines += ["", f"{NOT_LEARNED_MARK.strip()} median high-quality share under {LEARNED_SHARE:.0%}: by the "
                  "claims' standard (paper_runs/claims.py) that cost learned nothing of this dataset at this budget, "
                  "so its rank orders failures."]
    return lines + [""], {cost: position for position, cost in ranked}, summaries


def learned(summary: dict) -> bool:
    """A toy cost learned the data: its median run put LEARNED_SHARE of its samples on the modes."""
    return summary.get("high_quality_fraction", (0.0,))[0] >= LEARNED_SHARE


def heat_map(ranks: dict[str, dict[str, int]], order: Sequence[str], path: Path) -> Path:
    """cost x dataset PNG, colour and number = the cost's rank on that dataset (blank: not on the board)."""
    import matplotlib.pyplot as plt

    datasets = list(ranks)
    grid = np.full((len(order), len(datasets)), np.nan)
    for column, dataset in enumerate(datasets):
        for row, cost in enumerate(order):
            if cost in ranks[dataset]:
                grid[row, column] = ranks[dataset][cost]
    figure, axis = plt.subplots(figsize=(1.0 + 0.9 * len(datasets), 1.0 + 0.32 * len(order)))
    image = axis.imshow(grid, cmap="viridis_r", aspect="auto")
    low, high = np.nanmin(grid), np.nanmax(grid)
    for (row, column), value in np.ndenumerate(grid):
        if not np.isnan(value):  # dark text on the light (good) end of viridis_r, light text on the dark end
            light = (value - low) / max(high - low, 1.0) < 0.5
            axis.text(column, row, f"{value:.0f}", ha="center", va="center", fontsize=7,
                      color="black" if light else "white")
    axis.set_xticks(range(len(datasets)), datasets, rotation=45, ha="right")
    axis.set_yticks(range(len(order)), [board_costs.label(cost) for cost in order])
    axis.set_title("rank per dataset (1 = best); rows by overall rank")
    figure.colorbar(image, ax=axis, label="rank")
    return figures.save_figure(figure, Path(path))


def render(out_dir: Path, profile: str, skipped: Sequence[str] = ()) -> str:
    """LEADERBOARD.md's text from the results files under `out_dir`; writes the heat map and the numbers file
    beside it."""
    board = collect(out_dir, profile)
    sections, ranks, numbers = [], {}, {"profile": profile, "datasets": {}, "overall": []}
    columns = [name for name in DATASETS if name in board] + sorted(set(board) - set(DATASETS))
    for dataset in columns:
        lines, ranks[dataset], summaries = dataset_section(dataset, board[dataset])
        sections += lines
        numbers["datasets"][dataset] = {cost: {"rank": position, **summaries[cost]}
                                        for cost, position in ranks[dataset].items()}
    total = sum(len(runs) for by_cost in board.values() for runs in by_cost.values())
    head = [f"# Mode-collapse leaderboard ({profile} profile)", "",
            f"{total} finished runs of {sum(len(b) for b in board.values())} cost x dataset cells, read from the "
            "results.json files by `python -m paper_runs.leaderboard`. Numbers are median (min-max) over seeds.",
            "", "\n\n".join((__doc__ or "").split("\n\n")[1:3]), ""]
    head += [f"Skipped: {reason}" for reason in skipped] + ([""] if skipped else [])
    if not board:
        return "\n".join(head + ["No finished runs yet."]) + "\n"
    size = column_size(profile)
    finished = {dataset: sum(len(runs) for runs in board[dataset].values()) for dataset in columns}
    complete = [dataset for dataset in columns if finished[dataset] >= size]
    partial = [f"{dataset} ({finished[dataset]} of {size} runs)" for dataset in columns if dataset not in complete]
    partial += [f"{dataset} (not started)" for dataset in DATASETS if dataset not in board]
    if partial:  # a partial column ranks only the costs that finished: it would skew the mean ranks
        head += [f"In progress: {', '.join(partial)}; " + ("left out of the overall rank." if complete else
                 "no column is complete yet, so the overall rank below is over partial columns."), ""]
    overall_ranks = {dataset: ranks[dataset] for dataset in (complete or columns)}
    numbers["complete_columns"] = complete
    ranked = overall(overall_ranks)
    level = {cost: level_with_first(cost, [numbers["datasets"][dataset] for dataset in overall_ranks])
             for _, cost, _, _ in ranked}
    numbers["overall"] = [{"rank": position, "cost": cost, "mean_rank": mean, "datasets": count,
                           "level_with_first": level[cost]} for position, cost, mean, count in ranked]
    results_io.atomic_write_json(Path(out_dir) / NUMBERS_FILE, numbers)
    heat_map(overall_ranks, [cost for _, cost, _, _ in ranked], Path(out_dir) / HEATMAP_FILE)
    rows = [[str(position), board_costs.label(cost), f"{mean:.2f}", str(count), f"{level[cost]} of {count}"]
            for position, cost, mean, count in ranked]
    head += ["## Overall", "", *_table(["rank", "cost", "mean rank", "datasets", "level with #1"], rows), "",
             f"![rank per dataset]({HEATMAP_FILE})", ""]
    return "\n".join(head + sections)


def write_board(out_dir: Path, profile: str, skipped: Sequence[str] = ()) -> Path:
    """Write LEADERBOARD.md (and the heat map and leaderboard.json) into `out_dir`; returns its path."""
    path = Path(out_dir) / BOARD_FILE
    results_io.atomic_write_bytes(path, render(out_dir, profile, skipped).encode("utf-8"))
    return path
