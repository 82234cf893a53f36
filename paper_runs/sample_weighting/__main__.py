"""`python -m paper_runs.sample_weighting ...`: the paper's command line (see paper_runs.runner.main)."""

from paper_runs.runner import run_module
from paper_runs.sample_weighting import PAPER


if __name__ == "__main__":
    run_module(PAPER)
