"""The five paper modules: listings, and every implemented experiment plans a valid sweep in both profiles."""

import importlib

import pytest

from paper_runs import runner
from paper_runs.__main__ import PAPERS
from paper_runs.toy_claims import TOY_EXPERIMENTS


@pytest.mark.parametrize("name", PAPERS)
def test_every_paper_lists_its_experiments(name, capsys):
    paper = importlib.import_module(f"paper_runs.{name}").PAPER
    assert paper.name == name
    assert runner.main(paper, ["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + len(paper.experiments)
    for experiment, line in zip(paper.experiments, lines[1:]):
        assert line.split()[0] == experiment.name
        assert line.endswith("]") != experiment.implemented  # placeholders say so honestly


@pytest.mark.parametrize("name", PAPERS)
def test_implemented_experiments_plan_in_both_profiles(name, tmp_path):
    paper = importlib.import_module(f"paper_runs.{name}").PAPER
    for experiment in paper.experiments:
        if not experiment.implemented:
            continue
        assert {"quick", "full"} <= set(experiment.profiles), experiment.name
        for profile in experiment.profiles:  # quick, full and, for the claims battery's experiments, claims
            assert profile in runner.PROFILES
            sweep = runner.plan_sweep(paper, experiment.name, profile=profile, out_dir=tmp_path)
            assert sweep.runs
            for spec in sweep.runs:
                assert {"generator_loss", "discriminator_loss", "steps"} <= set(spec.config)


def test_toy_claims_covers_implemented_toy_experiments():
    for paper_name, experiment_name in TOY_EXPERIMENTS:
        experiment = importlib.import_module(f"paper_runs.{paper_name}").PAPER.get(experiment_name)
        assert experiment.implemented and experiment.build is not None


def _readme_commands():
    """`python -m paper_runs.<paper> <experiment> ...` lines of README.md and the paper packages' docstrings."""
    import os
    import re
    import shlex

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    texts = [open(os.path.join(root, "README.md"), encoding="utf-8").read()]
    texts += [importlib.import_module(f"paper_runs.{name}").__doc__ or "" for name in PAPERS]
    joined = "\n".join(texts).replace("\\\n", " ")
    for match in re.finditer(r"python -m paper_runs\.(\w+) ([^\n#`]*)", joined):
        if match.group(1) in PAPERS and not match.group(2).startswith("--list"):
            yield match.group(1), shlex.split(match.group(2))


def test_readme_and_docstring_commands_plan(tmp_path):
    """Issue #10 point 8: README's `ring lr=1e-3 steps=20000` named keys the ring does not have."""
    checked = 0
    for paper_name, words in _readme_commands():
        experiment, overrides = words[0], [w for w in words[1:] if "=" in w and not w.startswith("-")]
        if "=" in experiment:
            continue
        profile = words[words.index("--profile") + 1] if "--profile" in words else "quick"
        paper = importlib.import_module(f"paper_runs.{paper_name}").PAPER
        runner.plan_sweep(paper, experiment, profile=profile, overrides=overrides, out_dir=tmp_path)
        checked += 1
    assert checked >= 10
