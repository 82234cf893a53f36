"""`python -m paper_runs.moons ...`: the paper's command line (see paper_runs.runner.main)."""

from paper_runs.runner import run_module
from paper_runs.moons import PAPER

if __name__ == "__main__":
    run_module(PAPER)
