"""The claims battery: its statistics (intervals of rates, differences and ratios), which experiments it runs,
its report drawn from results files, and its command line."""

from __future__ import annotations

import dataclasses

from pathlib import Path

import numpy as np
import pytest

from paper_runs import claims, claims_report, reproduce, summaries
from paper_runs import results as results_io
from paper_runs.summaries import bootstrap_ratio_of_medians, rank_sum_p_value, rate_difference_interval, wilson_interval


def test_rate_difference_interval_matches_newcombes_worked_example():
    # Newcombe (1998), Table II, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
    low, high = rate_difference_interval(56, 70, 48, 80)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)
    assert rate_difference_interval(0, 20, 0, 20)[0] < 0 < rate_difference_interval(0, 20, 0, 20)[1]


def test_wilson_interval_of_all_successes():
    low, high = wilson_interval(10, 10)
    assert round(low, 3) == 0.722 and high == pytest.approx(1.0)


def test_rank_sum_p_value_exact_with_ties_and_approximate():
    # Separated 5 vs 5: 2 of the C(10, 5) = 252 splits are as extreme (the smallest p a 5-seed board can show).
    assert rank_sum_p_value([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) == pytest.approx(2 / 252)
    # Ties take midranks; scipy.stats.permutation_test of the rank sum over all 252 splits gives 36 / 252.
    assert rank_sum_p_value([0.1, 0.1, 0.2, 0.3, 0.3], [0.1, 0.3, 0.4, 0.4, 0.5]) == pytest.approx(36 / 252)
    # 30 vs 30 is past the exact limit: the tie-corrected normal approximation, as scipy.stats.mannwhitneyu's
    # asymptotic p without continuity correction (0.0591133586108 for these values, 60 values on 30 levels).
    rng = np.random.default_rng(3)
    a, b = np.round(rng.normal(size=30), 1), np.round(rng.normal(size=30) + 0.5, 1)
    assert rank_sum_p_value(a, b) == pytest.approx(0.0591133586108, rel=1e-6)
    assert rank_sum_p_value([1.0, 1.0], [1.0]) is None and rank_sum_p_value([], [1.0]) is None


def test_bootstrap_ratio_is_seeded_and_brackets_the_ratio_of_medians():
    a, b = [2400, 2500, 2300, 2600, 2450], [800, 900, 700, 850, 820]
    interval = bootstrap_ratio_of_medians(a, b)
    assert interval == bootstrap_ratio_of_medians(a, b)
    assert interval[0] <= 2450 / 820 <= interval[1]
    assert bootstrap_ratio_of_medians(a, [0, 0, 0]) is None and bootstrap_ratio_of_medians([], b) is None


def _run(variant, seed, value, learned=True):
    return {"variant": variant, "seed": seed, "status": "completed", "metrics": {"x": value, "learned": learned}}


def test_ratio_of_medians_holds_fails_and_stays_undecided_by_its_interval():
    high = [_run("a", s, v) for s, v in enumerate((3.0, 3.2, 2.9, 3.1, 3.0, 3.3))]
    low = [_run("b", s, v) for s, v in enumerate((1.0, 1.1, 0.9, 1.0, 1.05, 0.95))]
    above = claims.ratio_of_medians("r", "", "> 1", {"A": high, "B": low}, "x", above=True)
    assert above.holds is True and above.measured_value["ratio95"][0] > 1
    assert claims.ratio_of_medians("r", "", "> 1", {"A": low, "B": high}, "x", above=True).holds is False
    assert claims.ratio_of_medians("r", "", "< 1", {"A": low, "B": high}, "x", above=False).holds is True
    mixed = [_run("c", s, v) for s, v in enumerate((0.5, 2.0, 0.6, 1.9, 1.0, 1.1))]
    assert claims.ratio_of_medians("r", "", "> 1", {"A": mixed, "B": low}, "x", above=True).holds is None
    failed = [_run("b", s, 1.0, learned=s > 3) for s in range(6)]
    gated = claims.ratio_of_medians("r", "", "> 1", {"A": high, "B": failed}, "x", above=True,
                                    learned=lambda m: m["learned"])
    assert gated.holds is None and "learned nothing" in gated.measured_value["undecided"]


def test_the_battery_is_every_experiment_with_a_claims_profile_and_enough_seeds():
    chosen = reproduce.battery("claims")
    names = {f"{paper.name}/{experiment.name}" for paper, experiment in chosen}
    assert {"landscape/two_cluster", "landscape/two_cluster_imbalanced", "moons/moons"} <= names
    # Claims over settings rather than seeds: one seed per setting, >= 5 settings per compared model.
    over_settings = {"mode_regularized/mnist_grid": 2}  # Fig 3: GAN and Reg-GAN over the sampled Table 1 settings
    for paper, experiment in chosen:
        name = f"{paper.name}/{experiment.name}"
        assert "claims" in experiment.profiles
        deterministic = experiment.profiles["claims"].get("steps") == 0  # closed-form / exact values
        if name in over_settings:
            assert len(experiment.variants) // over_settings[name] >= 5, name
            continue
        assert deterministic or len(experiment.seeds["claims"]) >= 5, name
    for name in ("landscape/two_cluster", "landscape/two_cluster_imbalanced", "moons/moons"):
        experiment = next(e for p, e in chosen if f"{p.name}/{e.name}" == name)
        assert len(experiment.seeds["claims"]) >= 20
    assert [e.name for _, e in reproduce.battery("claims", ["moons"])] == ["moons"]


def _write_run(out: Path, paper: str, experiment: str, variant: str, seed: int, claim_holds, sweep="claims"):
    run_dir = out / paper / experiment / f"{sweep}-{variant}-seed{seed}"
    results_io.atomic_write_json(run_dir / results_io.RESULTS_FILE, {
        "paper": paper, "experiment": experiment, "variant": variant, "seed": seed, "sweep": sweep,
        "status": "completed", "git_commit": "abc1234def", "config": {"steps": 5000, "num_samples": 2500},
        "claims": [{"id": "c1", "description": "a per-run claim", "paper_value": 1, "measured_value": 1.0,
                    "holds": claim_holds}],
    })


def test_every_experiment_outside_the_battery_says_why():
    outside = [f"{paper.name}/{e.name}" for paper in reproduce.papers() for e in paper.experiments
               if e.implemented and "claims" not in e.profiles and not e.outside_battery]
    assert outside == []


def test_the_report_turns_per_run_claims_into_rates_and_lists_what_is_pending(tmp_path):
    chosen = reproduce.battery("claims", ["two_cluster", "moons"])
    for seed in range(20):
        for variant in ("js", "rs"):
            _write_run(tmp_path, "landscape", "two_cluster", variant, seed, claim_holds=seed != 0)
    results_io.atomic_write_json(results_io.claims_path(tmp_path / "landscape" / "two_cluster", "claims"), {
        "claims": [{"id": "s1", "description": "a sweep claim", "paper_value": 3.0, "measured_value": 3.1,
                    "holds": False}]})
    figures = tmp_path / "landscape" / "two_cluster" / "figures-claims"
    figures.mkdir()
    (figures / "trajectories_grid.png").write_bytes(b"")
    text = claims_report.render(tmp_path, chosen, "claims")
    assert "[two_cluster: trajectories_grid](landscape/two_cluster/figures-claims/trajectories_grid.png)" in text
    assert "1 claims reproduced, 1 not reproduced, 0 undecided" in text
    assert "38/40 runs, 95% [0.83, 0.99]" in text  # seed 0 fails for both variants
    assert "| two_cluster | a sweep claim | 3 | 3.1 | 20 | not reproduced |" in text
    assert "5,000 steps; 20 seeds (0-19); 2,500 samples; variants js, rs; claims profile" in text
    assert "pending: moons: 0/40 runs finished" in text
    assert "abc1234def" in text
    assert "What was checked" not in text
    # landscape's experiments without a claims profile are named as outside the battery, not silently left out
    outside = text[text.index("Not in this battery"):]
    outside = outside[:outside.index("\n\n", outside.index("- "))]
    assert "- stl10 (" in outside and "two_cluster (" not in outside
    assert "cannot be fetched on the development machine" in outside  # why each one is left out


def test_the_report_prints_what_was_checked_under_a_claim_that_did_not_reproduce(tmp_path):
    [(paper, experiment)] = reproduce.battery("claims", ["two_cluster"])
    experiment = dataclasses.replace(experiment, findings={"s1": "checked against GAN2_2Cluster.py; fakes bunch between"})
    _write_run(tmp_path, "landscape", "two_cluster", "js", 0, claim_holds=True)
    results_io.atomic_write_json(results_io.claims_path(tmp_path / "landscape" / "two_cluster", "claims"), {
        "claims": [{"id": "s1", "description": "Sec 5: a sweep claim", "paper_value": 3.0, "measured_value": 1.2,
                    "holds": False}]})
    text = claims_report.render(tmp_path, [(paper, experiment)], "claims")
    assert ("- two_cluster, Sec 5 (not reproduced): checked against GAN2_2Cluster.py; fakes bunch between" in text)


def test_the_command_line_lists_reports_and_refuses_bad_input(tmp_path, capsys):
    assert reproduce.main(["--list", "--out", str(tmp_path)]) == 0
    assert "landscape/two_cluster " in capsys.readouterr().out
    assert reproduce.main(["--only", "nope", "--out", str(tmp_path)]) == 2
    assert "not in the claims battery: nope" in capsys.readouterr().err
    assert reproduce.main(["--profile", "full", "--out", str(tmp_path)]) == 2
    assert reproduce.main(["--report-only", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "REPORT.md").read_text().startswith("# Which claims of the five papers reproduce")


@pytest.mark.parametrize("holds, verdict", [([True] * 10, True), ([False] * 10, False), ([True, False] * 5, None)])
def test_per_run_rate_verdicts(holds, verdict):
    assert claims_report.per_run_rate([{"holds": h} for h in holds])[1] is verdict


def test_an_exact_computation_is_decided_by_its_one_run():
    assert claims_report.per_run_rate([{"holds": True}])[1] is None  # one seed of a random run: too few
    assert claims_report.per_run_rate([{"holds": True}], exact=True) == ("an exact computation (one run, nothing random)", True)


def test_complete_sweeps_are_skipped_unless_refreshed(tmp_path, monkeypatch, capsys):
    import sys

    chosen = reproduce.battery("claims", ["moons", "two_cluster"])
    commands = []
    monkeypatch.setattr(reproduce, "sweep_command", lambda p, e, profile, out: commands.append(e.name) or
                        [sys.executable, "-c", f"print('ran {e.name}')"])
    monkeypatch.setattr(reproduce, "finished_runs", lambda out, p, e, profile: [{}] * (40 if e.name == "moons" else 3))
    assert reproduce.run_battery(chosen, "claims", tmp_path) == []
    assert commands == ["two_cluster"] and "1 sweep(s) already complete" in capsys.readouterr().out
    commands.clear()
    assert reproduce.run_battery(chosen, "claims", tmp_path, jobs=2, refresh=True) == []
    assert sorted(commands) == ["moons", "two_cluster"]


def test_a_note_shared_by_several_claims_is_printed_once_naming_them_all(tmp_path):
    [(paper, experiment)] = reproduce.battery("claims", ["two_cluster"])
    note = "checked against GAN2_2Cluster.py; fakes bunch between"
    experiment = dataclasses.replace(experiment, findings={"c1": note, "s1": note})
    _write_run(tmp_path, "landscape", "two_cluster", "js", 0, claim_holds=False)
    results_io.atomic_write_json(results_io.claims_path(tmp_path / "landscape" / "two_cluster", "claims"), {
        "claims": [{"id": "s1", "description": "Sec 5: a sweep claim", "paper_value": 3.0, "measured_value": 1.2,
                    "holds": False}]})
    text = claims_report.render(tmp_path, [(paper, experiment)], "claims")
    assert text.count(note) == 1
    assert f"- two_cluster, a per-run claim (undecided); Sec 5 (not reproduced): {note}" in text


def test_the_report_ends_with_each_sweeps_cost_most_expensive_first(tmp_path):
    chosen = reproduce.battery("claims", ["two_cluster", "moons"])
    for seed, (wall, cpu) in enumerate(((3600.0, 1800.0), (1800.0, None))):
        path = tmp_path / "landscape" / "two_cluster" / f"claims-js-seed{seed}" / "results.json"
        results_io.atomic_write_json(path, {"sweep": "claims", "status": "completed", "variant": "js", "seed": seed,
                                            "wall_seconds": wall, **({"cpu_seconds": cpu} if cpu else {})})
    results_io.atomic_write_json(tmp_path / "moons" / "moons" / "claims-z2-seed0" / "results.json", {
        "sweep": "claims", "status": "completed", "variant": "z2", "seed": 0, "wall_seconds": 7200.0})
    cost = claims_report.render(tmp_path, chosen, "claims").split("## Cost of the battery")[1]
    rows = [line for line in cost.splitlines() if line.startswith("| ") and "sweep" not in line]
    assert rows == ["| moons/moons | 1 | 2.00 | not recorded |",
                    "| landscape/two_cluster | 2 | 1.50 | 0.50 (1 of 2 runs) |"]


def test_list_gives_each_sweeps_progress_and_the_cpu_its_remaining_runs_need(tmp_path, capsys):
    for seed, cpu in enumerate((20.0, 30.0, 40.0)):
        results_io.atomic_write_json(tmp_path / "moons" / "moons" / f"claims-z2-seed{seed}" / "results.json", {
            "sweep": "claims", "status": "completed", "variant": "z2", "seed": seed, "cpu_seconds": cpu})
    assert reproduce.main(["--list", "--out", str(tmp_path), "--only", "moons"]) == 0
    planned = len(reproduce.battery("claims", ["moons"])[0][1].default_variants("claims")) * 20
    left_hours = (planned - 3) * 30.0 / 3600
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "moons/moons" in line)
    assert f" 3/{planned:<3} runs; ~{left_hours:.1f} CPU h left (30 CPU s a run, median)  two moons" in line
    assert out.rstrip().endswith(f"  in all: ~{left_hours:.1f} CPU h left")


def test_the_cpu_left_in_all_sums_the_groups_and_counts_those_without_a_record():
    timed = [{"cpu_seconds": 1800.0}, {"cpu_seconds": 3600.0}, {}]  # median of the recorded: 2700 s
    groups = [(timed, 4), (timed, 0), ([{}], 3), ([], 0)]
    assert summaries.total_cpu_left(groups) == (
        "in all: ~3.0 CPU h left, besides 1 with runs left and no recorded CPU time")
    assert summaries.total_cpu_left([(timed, 2)]) == "in all: ~1.5 CPU h left"
