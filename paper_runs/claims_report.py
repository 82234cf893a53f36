"""The claims battery's report (OUT/REPORT.md): per paper a one-line summary, then one row per claim with the
paper's value, what was measured, over how many seeds, the verdict and the protocol. Drawn from the results
files only (`paper_runs.reproduce` writes it; `python -m paper_runs.reproduce --report-only` redraws it).

Verdicts:
* an experiment-level claim (the sweep's claims file) is as its experiment judged it: those over seeds are
  rates with a 95% Wilson interval (`claims.rate_of_seeds`) or medians with their spread;
* a per-run claim becomes a rate over the sweep's seeds: "reproduced" when the 95% Wilson interval of the
  share of runs where it holds lies above 1/2, "not reproduced" when it lies at or below 1/2, "undecided"
  while it straddles 1/2 or no run could decide it;
* an experiment whose sweep has not finished all its runs is listed as pending, with what is done so far.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Optional, Sequence

from paper_runs import results as results_io
from paper_runs.report import format_value, summarise_measured
from paper_runs.summaries import wilson_interval

REPRODUCED, NOT_REPRODUCED, UNDECIDED = "reproduced", "not reproduced", "undecided"
HEADER = ["experiment", "claim", "paper", "measured", "seeds", "verdict", "protocol"]


def _verdict(holds: Optional[bool]) -> str:
    return {True: REPRODUCED, False: NOT_REPRODUCED, None: UNDECIDED}[holds]


def per_run_rate(claims: Sequence[dict], exact: bool = False) -> tuple[str, Optional[bool]]:
    """('k/n runs, 95% [low, high]', verdict) of one per-run claim over a sweep's runs; for an `exact`
    experiment (nothing random: one run by design) the run's own verdict."""
    if exact and len(claims) == 1:
        return "an exact computation (one run, nothing random)", claims[0]["holds"]
    decided = [c["holds"] for c in claims if c["holds"] is not None]
    if not decided:
        return f"0/{len(claims)} runs decided", None
    low, high = wilson_interval(sum(decided), len(decided))
    text = f"{sum(decided)}/{len(decided)} runs, 95% [{low:.2f}, {high:.2f}]"
    if len(decided) < len(claims):
        text += f"; {len(claims) - len(decided)} undecided"
    return text, (None if low <= 0.5 < high else low > 0.5)


def protocol(runs: Sequence[dict], profile: str) -> str:
    """The sweep's budget in words: steps, seeds, evaluation samples, variants."""
    if not runs:
        return f"{profile} profile"
    config = runs[0].get("config", {})
    seeds = sorted({run["seed"] for run in runs})
    if config.get("steps") == 0:
        return f"exact values, nothing trained; variants {', '.join(sorted({run['variant'] for run in runs}))}"
    parts = [f"{config['steps']:,} steps" if "steps" in config else None,
             f"{len(seeds)} seeds ({seeds[0]}-{seeds[-1]})",
             f"{config['num_samples']:,} samples" if "num_samples" in config else None,
             f"variants {', '.join(sorted({run['variant'] for run in runs}))}",
             f"{profile} profile"]
    return "; ".join(p for p in parts if p)


def experiment_rows(out_dir: Path, paper, experiment, profile: str) -> tuple[list, list[Optional[bool]], Optional[str]]:
    """(table rows, verdicts, pending note or None, findings) of one experiment of the battery."""
    experiment_dir = Path(out_dir) / paper.name / experiment.name
    variants = experiment.default_variants(profile)
    runs = results_io.finished_runs_of_sweep(experiment_dir, profile, variants, {}) if experiment_dir.is_dir() else []
    planned = len(variants) * len(experiment.seeds.get(profile, (0,)))
    pending = None if len(runs) >= planned else f"{experiment.name}: {len(runs)}/{planned} runs finished"
    if not runs:
        return [], [], pending, []
    seeds = str(len({run["seed"] for run in runs}))
    where = protocol(runs, profile)
    rows, verdicts, checked = [], [], []
    per_run: "OrderedDict[str, list]" = OrderedDict()
    for run in runs:
        for claim in run.get("claims", []):
            per_run.setdefault(claim["id"], []).append(claim)
    exact = len(experiment.seeds.get(profile, (0,))) == 1
    for claims in per_run.values():
        rate_text, holds = per_run_rate(claims, exact)
        measured = f"{summarise_measured([c['measured_value'] for c in claims])}; holds in {rate_text}"
        rows.append([experiment.name, claims[0]["description"], format_value(claims[0]["paper_value"]), measured,
                     str(len(claims)), _verdict(holds), where])
        verdicts.append(holds)
        checked += _finding(experiment, claims[0], holds)
    claims_file = results_io.claims_path(experiment_dir, profile)
    if claims_file.is_file():
        for claim in results_io.read_json(claims_file).get("claims", []):
            rows.append([experiment.name, claim["description"], format_value(claim["paper_value"]),
                         format_value(claim["measured_value"]), seeds, _verdict(claim["holds"]), where])
            verdicts.append(claim["holds"])
            checked += _finding(experiment, claim, claim["holds"])
    return rows, verdicts, pending, _merged_findings(experiment, checked)


def _finding(experiment, claim: dict, holds: Optional[bool]) -> list[tuple[str, str]]:
    """[(claim label with its verdict, the experiment's note on what was checked)] for a claim that did not
    reproduce (or stayed undecided) and has a note."""
    text = experiment.findings.get(claim["id"])
    return [(f"{claim['description'].split(':')[0]} ({_verdict(holds)})", text)] if text and holds is not True else []


def _merged_findings(experiment, findings: Sequence[tuple[str, str]]) -> list[str]:
    """One report line per distinct note, naming every claim it answers (a per-run claim and its rate over
    seeds often share one)."""
    labels: "OrderedDict[str, list]" = OrderedDict()
    for label, text in findings:
        if label not in labels.setdefault(text, []):
            labels[text].append(label)
    return [f"- {experiment.name}, {'; '.join(names)}: {text}" for text, names in labels.items()]


def summary_line(verdicts: Sequence[Optional[bool]], pending: Sequence[str]) -> str:
    counts = [sum(v is True for v in verdicts), sum(v is False for v in verdicts), sum(v is None for v in verdicts)]
    line = f"{counts[0]} claims reproduced, {counts[1]} not reproduced, {counts[2]} undecided"
    return line + (f"; pending: {'; '.join(pending)}" if pending else "")


def _table(rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    return "\n".join(lines + ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows])


def render(out_dir: Path, chosen: Sequence[tuple], profile: str) -> str:
    """The markdown report of the battery `chosen` ([(paper, experiment)]) under `out_dir`."""
    by_paper: "OrderedDict[str, list]" = OrderedDict()
    for paper, experiment in chosen:
        by_paper.setdefault(paper.name, [paper, []])[1].append(experiment)
    commits, sections, totals, run_seconds, cpu_seconds, costs = set(), [], [], [], [], []
    for paper, experiments in by_paper.values():
        rows, verdicts, pending, notes, checked, pictures = [], [], [], [], [], []
        for experiment in experiments:
            experiment_rows_, experiment_verdicts, waiting, findings = experiment_rows(out_dir, paper, experiment, profile)
            rows += experiment_rows_
            verdicts += experiment_verdicts
            checked += findings
            figure_dir = results_io.figure_dir(Path(out_dir) / paper.name / experiment.name, profile)
            pictures += [f"[{experiment.name}: {path.stem}]({path.relative_to(out_dir).as_posix()})"
                         for path in sorted(figure_dir.glob("*.png"))] if figure_dir.is_dir() else []
            pending += [waiting] if waiting else []
            notes += [(note, experiment.name) for note in experiment.notes]
            walls, cpus = [], []
            for run_dir in results_io.iter_run_dirs(Path(out_dir) / paper.name / experiment.name):
                data = results_io.read_results(run_dir) or {}
                commits.add((data.get("git_commit") or "unknown")[:10])
                walls.append(float(data.get("wall_seconds") or 0.0))
                if data.get("cpu_seconds") is not None:  # recorded since 2026-12-02
                    cpus.append(float(data["cpu_seconds"]))
            run_seconds += walls
            cpu_seconds += cpus
            if walls:
                costs.append((f"{paper.name}/{experiment.name}", walls, cpus))
        totals += verdicts
        section = [f"## {paper.number} {paper.title}", "", summary_line(verdicts, pending), ""]
        section += [_table(rows), ""] if rows else ["No finished runs yet.", ""]
        if pictures:
            section += ["Figures (drawn from the results files): " + " · ".join(pictures), ""]
        if checked:
            section += ["What was checked where a claim did not reproduce, and what was seen instead:", "", *checked, ""]
        if notes:
            shared: "OrderedDict[str, list]" = OrderedDict()
            for note, name in notes:
                shared.setdefault(note, []).append(name)
            lines = [f"- {', '.join(names)}: {note}" for note, names in shared.items()]
            section += ["Settings chosen where the paper is silent, and deviations:", "", *lines, ""]
        outside = [e for e in paper.experiments if e.implemented and profile not in e.profiles]
        if outside:
            section += [f"Not in this battery (implemented, no `{profile}` profile: their claims are unchecked here):",
                        "", *(f"- {e.name} ({e.description}): {e.outside_battery or 'no reason recorded'}"
                              for e in outside), ""]
        sections.append("\n".join(section))
    head = [
        f"# Which claims of the five papers reproduce ({profile} profile)",
        "",
        f"Regenerate: `python -m paper_runs.reproduce --profile {profile} --out {_shown(out_dir)}/` (resumable; "
        "`--list` shows progress). Every number below is read from the results files under this folder.",
        "",
        f"**Overall:** {summary_line(totals, [])}.",
        "",
        "Verdicts: a claim over seeds is a rate with its 95% Wilson interval (reproduced when the interval lies "
        "above 1/2, not reproduced when at or below it, undecided while it straddles 1/2) or a median with its "
        "min-max; a comparison counts only when the runs compared learned the data (otherwise undecided, with "
        "the reason). Per-run claims are shown as the share of runs where they hold.",
        "",
        f"Code: git commit(s) {', '.join(sorted(commits)) or 'n/a'} (each results.json has its own). Runs: "
        f"{len(run_seconds)}, {sum(run_seconds) / 3600:.2f} hours of run time in all (one process each; 2 CPU cores "
        "run two at once with --jobs 2; a wall is stretched when other processes share the cores)"
        + (f"; the {len(cpu_seconds)} runs that record their process CPU time used {sum(cpu_seconds) / 3600:.2f} "
           "CPU hours" if cpu_seconds else "") + ".",
        "",
    ]
    return "\n".join(head + sections + ([cost_section(costs)] if costs else []))


def cost_section(costs: Sequence[tuple[str, Sequence[float], Sequence[float]]]) -> str:
    """## Cost: per sweep ((name, run walls, recorded CPU seconds)) its runs' summed wall and CPU hours, most
    expensive first, so a reader sees what regenerating each part of the battery takes."""
    rows = [f"| {name} | {len(walls)} | {sum(walls) / 3600:.2f} | "
            + (f"{sum(cpus) / 3600:.2f} ({len(cpus)} of {len(walls)} runs)" if cpus else "not recorded") + " |"
            for name, walls, cpus in sorted(costs, key=lambda cost: -sum(cost[1]))]
    return "\n".join([
        "## Cost of the battery", "",
        "Run time per sweep, summed over its runs (walls stretch when other processes share the cores; process "
        "CPU time is recorded since 2026-12-02).", "",
        "| sweep | runs | run time (h) | CPU time (h) |", "|---|---|---|---|", *rows, ""])


def _shown(out_dir: Path) -> str:
    """The output folder as a reader of the repository would type it: relative to the repository when inside."""
    repository = Path(__file__).resolve().parents[1]
    try:
        return Path(out_dir).resolve().relative_to(repository).as_posix()
    except ValueError:
        return Path(out_dir).as_posix()


def write(out_dir: Path, chosen: Sequence[tuple], profile: str) -> Path:
    """Render and atomically write OUT/REPORT.md; returns its path."""
    path = Path(out_dir) / results_io.REPORT_FILE
    results_io.atomic_write_bytes(path, render(out_dir, chosen, profile).encode("utf-8"))
    return path
