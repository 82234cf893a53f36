"""`python -m paper_runs.landscape ...`: the paper's command line (see paper_runs.runner.main)."""

from paper_runs.runner import run_module
from paper_runs.landscape import PAPER


if __name__ == "__main__":
    run_module(PAPER)
