"""Compact committed results.json files: floats at float32 precision, two-cluster paths, figure-only series.

Files written before metrics were stored at float32 precision (`at_float32_precision`) are rewritten:

    python scripts/compact_results.py results/ [EXPERIMENT_DIR ...]

Only the floats of `metrics` change, each to the shortest text that gives back the same float32 (the values
the float32 training produced), and the layout (a time series on one line, as `atomic_write_json` writes it
now); every other field and the file's commit and versions stay as they were. Idempotent.

Two-cluster claims runs written before `position_paths_seeds` also get what that setting records now: the
fake points' range [min, max] at each snapshot (`eval_fake_range`, what the claims read) for every seed, the
points themselves only for the seeds the trajectory grid draws (`two_cluster.GRID_SEEDS`).

Claims runs of the sweeps in `THINNED_SERIES` keep the series named there at one point every `every` steps (and
the last point): those series feed only loss-curve figures, no claim reads them, and at one point a log they
took ~3 MB (toy sweeps, every 100 steps) and ~1.5 MB (MNIST saturation, every 10 steps) of the 20 MB results
budget. The file's notes say so; claims were measured on the full series during the run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

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


# experiment directory -> (series names, keep one point every this many steps). Every series named here is
# read by figures only (checked against the experiments' claims code when this was written, 2026-12-02).
THINNED_SERIES = {
    "sample_weighting/ring": (("d_loss", "g_loss", "fake_dp", "nsat_R"), 1000),
    "sample_weighting/spiral": (("d_loss", "g_loss", "fake_dp", "nsat_R"), 1000),
    "mode_regularized/ring6": (("d_loss", "g_loss"), 1000),
    "moons/moons": (("d_loss", "g_loss"), 2500),
    "landscape/five_gaussian_bad_init": (("d_loss", "g_loss"), 500),
    # Logged every 10 steps. The claims read the vanishing summaries (g_grad_norm_drop_orders, ...), computed from
    # the full series during the run; the figures draw g_grad_norm, the D logits and the update norms (kept whole).
    **{f"sample_weighting/{name}": (("d_loss", "g_loss", "real_dp", "fake_dp", "d_grad_norm", "nsat_R"), 50)
       for name in ("saturation", "saturation_adam")},
}
THINNED_NOTE = ("results budget: loss series {names} thinned after the run to one point every {every} steps and "
                "the last")


def thin_series(data: dict, names: tuple[str, ...], every: int) -> dict:
    """A claims run's series `names` kept at steps that are multiples of `every`, plus each series' last point
    (a diverged run's end); the note says so once. Other profiles' runs are left as they are."""
    if data.get("profile") != "claims":
        return data
    metrics = data.get("metrics", {})
    for name in names:
        points = metrics.get(name)
        if isinstance(points, list) and points:
            metrics[name] = [p for p in points[:-1] if p[0] % every == 0] + [points[-1]]
    note = THINNED_NOTE.format(names=", ".join(names), every=every)
    if note not in data.setdefault("notes", []):
        data["notes"].append(note)
    return data


def compact(out_dir: Path, experiments: Sequence[str] = ()) -> tuple[int, int, int]:
    """(files rewritten, bytes before, bytes after) over every results.json under out_dir, or under the named
    experiment directories of it ("moons/moons"). A file is rewritten only when its text changes."""
    out_dir = Path(out_dir)
    roots = [out_dir / name for name in experiments] or [out_dir]
    rewritten = before = after = 0
    for path in sorted(p for root in roots for p in root.rglob(results_io.RESULTS_FILE)):
        old_text = path.read_bytes()
        data = keep_grid_paths(results_io.read_json(path))
        experiment = "/".join(path.relative_to(out_dir).parts[:2])
        if experiment in THINNED_SERIES:
            data = thin_series(data, *THINNED_SERIES[experiment])
        data["metrics"] = json_values.at_float32_precision(data.get("metrics", {}))
        new_text = json_values.json_text(data).encode("utf-8")
        if new_text != old_text:
            results_io.atomic_write_bytes(path, new_text)
            rewritten += 1
        before, after = before + len(old_text), after + len(new_text)
    return rewritten, before, after


if __name__ == "__main__":
    if len(sys.argv) < 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python scripts/compact_results.py OUT_DIR [EXPERIMENT_DIR ...]  (e.g. moons/moons)")
    missing = [name for name in sys.argv[2:] if not (Path(sys.argv[1]) / name).is_dir()]
    if missing:
        sys.exit(f"not experiment folders under {sys.argv[1]}: {', '.join(missing)}")
    count, size_before, size_after = compact(Path(sys.argv[1]), sys.argv[2:])
    print(f"{count} results files rewritten: {size_before:,} -> {size_after:,} bytes")
