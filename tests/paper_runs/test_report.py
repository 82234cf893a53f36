"""The claims report from hand-made results files."""

import json

from paper_runs import report
from paper_runs.results import atomic_write_json


def _run(out, experiment, run_id, seed, measured, holds, status="completed", variant="ns"):
    atomic_write_json(out / experiment / run_id / "results.json", {
        "paper": "sample_weighting", "experiment": experiment, "variant": variant, "profile": "quick",
        "sweep": "quick", "seed": seed, "config": {"generator_loss": "ns", "discriminator_loss": "logistic"},
        "versions": {}, "git_commit": None, "status": status, "step": 10, "total_steps": 10, "metrics": {},
        "notes": [], "wall_seconds": 1.5,
        "claims": [] if status != "completed" else [
            {"id": "covers", "description": "NS covers few modes", "paper_value": "< 8",
             "measured_value": measured, "holds": holds},
            {"id": "freqs", "description": "frequencies", "paper_value": [0.5, 0.5],
             "measured_value": [measured / 10, 1 - measured / 10], "holds": None},
        ],
    })


def test_report_aggregates_runs_and_experiment_claims(tmp_path):
    _run(tmp_path, "ring", "quick-ns-seed0", 0, 3, True)
    _run(tmp_path, "ring", "quick-ns-seed1", 1, 8, False)
    _run(tmp_path, "ring", "quick-ns-seed2", 2, 5, True)
    _run(tmp_path, "ring", "quick-ns-seed3", 3, None, None, status="diverged")
    atomic_write_json(tmp_path / "ring" / "claims-quick.json", {
        "paper": "sample_weighting", "experiment": "ring", "profile": "quick", "sweep": "quick",
        "runs": ["a", "b", "c"],
        "claims": [{"id": "mm_beats_ns", "description": "MM covers more modes than NS", "paper_value": [8, "< 8"],
                    "measured_value": [8.0, 5.0], "holds": True}],
    })
    assert report.main([str(tmp_path)]) == 0
    text = (tmp_path / "REPORT.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| sample_weighting/ring")]
    assert rows[0] == "| sample_weighting/ring | quick | NS covers few modes | < 8 | 5 (3 - 8) | 2/3 | runs |"
    assert rows[1] == ("| sample_weighting/ring | quick | frequencies | [0.5, 0.5] | [0.5 (0.3 - 0.8), 0.5 (0.2 - 0.7)] "
                       "| n/a (3 undecided) | runs |")
    assert rows[2] == ("| sample_weighting/ring | quick | MM covers more modes than NS | [8, < 8] | [8, 5] | 1/1 "
                       "| sweep of 3 runs |")
    assert "| ring | 4 | 3 completed, 1 diverged | 6 |" in text


def test_report_on_an_empty_directory(tmp_path):
    assert "No runs found" in report.render(tmp_path)
    assert report.main([str(tmp_path / "missing")]) == 2


def test_summaries_of_measured_values():
    assert report.summarise_measured([1, 2, 10]) == "2 (1 - 10)"
    assert report.summarise_measured(["a", "a", "b"]) == "a; b"
    assert report.summarise_measured([None, None]) == "n/a"
    assert json.loads(json.dumps(report.format_value(0.123456))) == "0.1235"


def test_undecided_values_show_the_measurement_and_why():
    value = {"measured": [8.0, 0.0], "undecided": "undecided: NS seed 0 learned nothing of the data"}
    assert report.format_value(value) == "[8, 0] (undecided: NS seed 0 learned nothing of the data)"
    assert report.summarise_measured([{"measured": 0, "undecided": "why"}, 2]) == "1 (0 - 2) (why)"
