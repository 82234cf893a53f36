"""`python -m paper_runs.mode_regularized ...`: the paper's command line (see paper_runs.runner.main)."""

from paper_runs.runner import run_module
from paper_runs.mode_regularized import PAPER

if __name__ == "__main__":
    run_module(PAPER)
