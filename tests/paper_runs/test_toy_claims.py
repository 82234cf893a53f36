"""The main job's command line: its child processes and their TF threads."""

import subprocess

from paper_runs import toy_claims


class _FinishedProcess:
    def __init__(self, args, **_):
        self.args, self.returncode = args, 0

    def communicate(self):
        return "", None


def test_child_processes_run_tensorflow_on_one_thread_by_default(tmp_path, monkeypatch):
    launched = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kw: launched.append(args) or _FinishedProcess(args))
    monkeypatch.setattr(toy_claims.report, "write_report", lambda out: tmp_path / "REPORT.md")
    toy_claims.run_toy_claims(tmp_path, seeds=(0,), only=["ring", "moons"], jobs=2)
    assert [args[args.index("--threads") + 1] for args in launched] == ["1", "1"]
    assert [args[args.index("--only") + 1] for args in launched] == ["ring", "moons"]
    launched.clear()
    toy_claims.run_toy_claims(tmp_path, seeds=(0,), only=["ring", "moons"], jobs=2, threads=2)
    assert [args[args.index("--threads") + 1] for args in launched] == ["2", "2"]
    launched.clear()
    toy_claims.run_toy_claims(tmp_path, seeds=(0,), only=["ring", "moons"], jobs=2, threads=0)  # TF's own pools
    assert [args[args.index("--threads") + 1] for args in launched] == ["0", "0"]


def test_bad_thread_count_is_a_usage_error(capsys):
    assert toy_claims.main(["--threads", "-1"]) == 2
    assert capsys.readouterr().err.strip().endswith("error: --threads must be >= 0, got -1")
