"""The main job's command line: its child processes, their TF threads and how they share the experiments."""

import subprocess

from paper_runs import toy_claims


class _FinishedProcess:
    def __init__(self, args, **_):
        self.args = args

    def wait(self):
        return 0


def test_children_share_the_experiments_and_run_tensorflow_on_one_thread_by_default(tmp_path, monkeypatch):
    launched = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kw: launched.append(args) or _FinishedProcess(args))
    monkeypatch.setattr(toy_claims.report, "write_report", lambda out: tmp_path / "REPORT.md")
    toy_claims.run_toy_claims(tmp_path, seeds=(0,), only=["ring", "moons"], jobs=2)
    assert len(launched) == 2
    assert [args[args.index("--threads") + 1] for args in launched] == ["1", "1"]
    assert [args[args.index("--only") + 1] for args in launched] == ["ring,moons", "ring,moons"]
    assert launched[0][launched[0].index("--claim-dir") + 1] == launched[1][launched[1].index("--claim-dir") + 1]
    launched.clear()
    toy_claims.run_toy_claims(tmp_path, seeds=(0,), only=["ring", "moons"], jobs=2, threads=0)  # TF's own pools
    assert [args[args.index("--threads") + 1] for args in launched] == ["0", "0"]


def test_an_experiment_is_taken_by_one_process_only(tmp_path):
    assert toy_claims._claim(tmp_path, "ring") is True
    assert toy_claims._claim(tmp_path, "ring") is False  # the other process took it
    assert toy_claims._claim(tmp_path, "moons") is True
    assert toy_claims._claim(None, "ring") is True  # alone: every experiment


def test_bad_thread_count_is_a_usage_error(capsys):
    assert toy_claims.main(["--threads", "-1"]) == 2
    assert capsys.readouterr().err.strip().endswith("error: --threads must be >= 0, got -1")
