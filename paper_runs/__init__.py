"""Paper experiments on top of tfgan_repro: one command line per paper, crash-proof results, claims, figures.

    python -m paper_runs.<paper> --list                 # sample_weighting many_paths moons mode_regularized landscape
    python -m paper_runs.<paper> <experiment> [--profile quick|full] [--seeds 0,1,2] [--out DIR] [key=value ...]
    python -m paper_runs.report OUT                     # claims table -> OUT/REPORT.md
    python -m paper_runs.figures OUT                    # redraw every figure from the results files
    python -m paper_runs.toy_claims [--out DIR]         # every CPU-checkable toy experiment, 3 seeds, then the report

Modules: runner (declarations, CLI, sweep), training (one GAN fit with checkpoints / resume), config (typed
overrides), results (files and schema), summaries (helpers for experiment-level claims), toy_gan (toy
builders), figures, report, toy_claims; one module per paper declares its experiments.

Adding an experiment is one `Experiment(...)` entry in the paper module's PAPER (see runner's docstring).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
