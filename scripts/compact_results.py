"""Rewrite results.json files written before metrics were stored at float32 precision (`at_float32_precision`).

    python scripts/compact_results.py results/

Only the floats of `metrics` change, each to the shortest text that gives back the same float32 (the values
the float32 training produced), and the layout (a time series on one line, as `atomic_write_json` writes it
now); every other field and the file's commit and versions stay as they were. Idempotent.

Two-cluster claims runs written before `position_paths_seeds` also get what that setting records now: the
fake points' range [min, max] at each snapshot (`eval_fake_range`, what the claims read) for every seed, the
points themselves only for the seeds the trajectory grid draws (`two_cluster.GRID_SEEDS`).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paper_runs import json_values  # noqa: E402
from paper_runs import results as results_io  # noqa: E402


def keep_grid_paths(data: dict) -> dict:
    """A two-cluster claims run as `position_paths_seeds` = GRID_SEEDS records it (see the module docstring)."""
    from paper_runs.landscape import two_cluster, two_cluster_gan

    config, metrics = data.get("config", {}), data.get("metrics", {})
    if data.get("profile") != "claims" or "positions_every" not in config or "position_paths_seeds" in config:
        return data
    metrics["eval_fake_range"] = two_cluster_gan.fake_ranges(metrics)  # from the positions: no range recorded yet
    if data["seed"] >= two_cluster.GRID_SEEDS:
        metrics.pop("eval_fake_positions", None)
    config["position_paths_seeds"] = two_cluster.GRID_SEEDS
    return data


def compact(out_dir: Path) -> tuple[int, int, int]:
    """(files rewritten, bytes before, bytes after) over every results.json under out_dir."""
    rewritten = before = after = 0
    for path in sorted(Path(out_dir).rglob(results_io.RESULTS_FILE)):
        old_text = path.read_bytes()
        data = results_io.read_json(path)
        data = keep_grid_paths(data)
        data["metrics"] = json_values.at_float32_precision(data.get("metrics", {}))
        results_io.atomic_write_json(path, data)
        new_text = path.read_bytes()
        rewritten += new_text != old_text
        before, after = before + len(old_text), after + len(new_text)
    return rewritten, before, after


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python scripts/compact_results.py OUT_DIR")
    count, size_before, size_after = compact(Path(sys.argv[1]))
    print(f"{count} results files rewritten: {size_before:,} -> {size_after:,} bytes")
