"""`python -m paper_runs.<unknown>` answers with one error line and exit code 2."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # each test starts a Python subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_unknown_paper_module_exits_2_with_one_line():
    result = subprocess.run([sys.executable, "-m", "paper_runs.sample_weightin", "--list"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "python -m paper_runs.sample_weightin: error: unknown paper 'sample_weightin'; valid: sample_weighting, "
        "many_paths, moons, mode_regularized, landscape"
    ]


def test_ordinary_imports_of_missing_modules_still_raise():
    result = subprocess.run([sys.executable, "-c", "import paper_runs.nonexistent"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "ModuleNotFoundError" in result.stderr
