"""The claims report: every run and experiment-level claim under an output directory, as one markdown table.

    python -m paper_runs.report OUT        # prints the table and writes OUT/REPORT.md

Per-run claims are grouped by (experiment, sweep, claim id): the measured value's median, min and max over
the runs that report the claim (numbers only; other values are listed), and in how many runs it holds.
Experiment-level claims (OUT/<experiment>/claims-<sweep>.json, computed over the finished runs of one sweep)
are one row each.
Runs that diverged or are still running are counted per experiment in the status table.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from paper_runs import results as results_io


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _undecided(value: Any) -> bool:
    """A measured value that carries why its claim is undecided (paper_runs.claims.undecided_value)."""
    return isinstance(value, dict) and set(value) == {"measured", "undecided"}


def format_value(value: Any) -> str:
    """Compact text for a paper or measured value."""
    if value is None:
        return "n/a"
    if _undecided(value):
        return f"{format_value(value['measured'])} ({value['undecided']})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value).replace("|", "/")


def summarise_measured(values: Sequence[Any]) -> str:
    """`median (min - max)` for numbers, elementwise for equal-length number lists, else the distinct values;
    why a claim was undecided follows in brackets."""
    reasons = list(OrderedDict.fromkeys(v["undecided"] for v in values if _undecided(v)))
    if reasons:
        measured = summarise_measured([v["measured"] if _undecided(v) else v for v in values])
        return f"{measured} ({'; '.join(reasons)})"
    present = [v for v in values if v is not None]
    if not present:
        return "n/a"
    if all(_is_number(v) for v in present):
        array = np.asarray(present, np.float64)
        if len(array) == 1:
            return format_value(float(array[0]))
        return f"{format_value(float(np.median(array)))} ({format_value(float(array.min()))} - {format_value(float(array.max()))})"
    if all(isinstance(v, list) for v in present) and len({len(v) for v in present}) == 1:
        columns = list(zip(*present))
        if all(all(_is_number(x) for x in column) for column in columns):
            return "[" + ", ".join(summarise_measured(list(column)) for column in columns) + "]"
    distinct = list(OrderedDict.fromkeys(format_value(v) for v in present))
    return "; ".join(distinct)


def _verdict(holds: Sequence[Optional[bool]]) -> str:
    decided = [h for h in holds if h is not None]
    undecided = len(holds) - len(decided)
    text = f"{sum(decided)}/{len(decided)}" if decided else "n/a"
    return text + (f" ({undecided} undecided)" if undecided else "")


def collect(out_dir: Path) -> dict:
    """{experiment dir name: {"runs": [results...], "claims_files": [dict, ...]}} for an output directory."""
    collected = {}
    for experiment_dir in results_io.iter_experiment_dirs(out_dir):
        runs = [r for r in (results_io.read_results(d) for d in results_io.iter_run_dirs(experiment_dir)) if r]
        claims_files = [results_io.read_json(path) for path in results_io.iter_claims_files(experiment_dir)]
        collected[experiment_dir.name] = {"runs": runs, "claims_files": claims_files}
    return collected


def claim_rows(collected: dict) -> list[list[str]]:
    """Rows: experiment, sweep, claim, paper value, measured (median (min - max)), holds k/n, scope."""
    rows = []
    for experiment, entry in collected.items():
        groups: "OrderedDict[tuple, list]" = OrderedDict()
        for run in sorted(entry["runs"], key=lambda r: (r.get("sweep", ""), r.get("variant", ""), r.get("seed", 0))):
            for claim in run.get("claims", []):
                groups.setdefault((run.get("paper", ""), run.get("sweep", ""), claim["id"]), []).append(claim)
        for (paper, sweep, _), claims in groups.items():
            rows.append([
                f"{paper}/{experiment}",
                sweep,
                claims[0]["description"],
                format_value(claims[0]["paper_value"]),
                summarise_measured([c["measured_value"] for c in claims]),
                _verdict([c["holds"] for c in claims]),
                "runs",
            ])
        for claims_file in entry["claims_files"]:
            for claim in claims_file.get("claims", []):
                rows.append([
                    f"{claims_file.get('paper', '')}/{experiment}",
                    claims_file.get("sweep", ""),
                    claim["description"],
                    format_value(claim["paper_value"]),
                    format_value(claim["measured_value"]),
                    _verdict([claim["holds"]]),
                    f"sweep of {len(claims_file.get('runs', []))} runs",
                ])
    return rows


def status_rows(collected: dict) -> list[list[str]]:
    rows = []
    for experiment, entry in collected.items():
        counts: dict[str, int] = {}
        for run in entry["runs"]:
            counts[run.get("status", "?")] = counts.get(run.get("status", "?"), 0) + 1
        wall = sum(float(run.get("wall_seconds") or 0.0) for run in entry["runs"])
        rows.append([
            experiment,
            str(len(entry["runs"])),
            ", ".join(f"{count} {status}" for status, count in sorted(counts.items())),
            f"{wall:.0f}",
        ])
    return rows


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render(out_dir: Path) -> str:
    """The markdown report for `out_dir`."""
    collected = collect(out_dir)
    parts = [f"# Claims report: {Path(out_dir).name}", ""]
    if not collected:
        return "\n".join(parts + ["No runs found.", ""])
    parts += [
        "Measured: median (min - max) over the runs of a sweep; holds: runs (or sweeps) where the claim holds / "
        "where it could be decided.",
        "",
        _table(["experiment", "sweep", "claim", "paper value", "measured", "holds", "over"], claim_rows(collected)),
        "",
        "## Runs",
        "",
        _table(["experiment", "runs", "status", "wall seconds"], status_rows(collected)),
        "",
    ]
    return "\n".join(parts)


def write_report(out_dir: Path) -> Path:
    """Render and atomically write OUT/REPORT.md; returns its path."""
    path = Path(out_dir) / results_io.REPORT_FILE
    results_io.atomic_write_bytes(path, render(out_dir).encode("utf-8"))
    return path


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_runs.report", description="Claims table of an output directory.")
    parser.add_argument("out", help="output directory holding <experiment>/<run-id>/results.json")
    args = parser.parse_args(argv)
    if not Path(args.out).is_dir():
        print(f"python -m paper_runs.report: error: {args.out} is not a directory", file=sys.stderr)
        return 2
    path = write_report(Path(args.out))
    print(path.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
