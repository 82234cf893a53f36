"""004 package (paper_runs.landscape): the declarations, --list, the missing-data error."""

from __future__ import annotations

from paper_runs import landscape, runner


def test_list_shows_every_experiment(capsys):
    assert runner.main(landscape.PAPER, ["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines[1:]]
    assert names == [e.name for e in landscape.PAPER.experiments]
    assert {"two_cluster", "two_cluster_imbalanced", "landscape_values"} <= set(names)


def test_cifar_without_data_is_one_line_exit_2(tmp_path, capsys):
    code = runner.main(landscape.PAPER, ["cifar", "--profile", "full", "--out", str(tmp_path), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing data" in err[0] and "cifar10" in err[0]
