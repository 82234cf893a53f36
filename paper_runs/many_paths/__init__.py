"""001 "Many Paths to Equilibrium: GANs do not need to decrease a divergence at every step": experiments.

    python -m paper_runs.many_paths --list

No experiment runs yet; each entry below says what it will reproduce (REPRODUCTION.md, section 001).
"""

from __future__ import annotations

from paper_runs.many_paths.line import (DIM_SWEEP_EXPERIMENT, LINE_EXPERIMENT, LR_SWEEP_EXPERIMENT,
                                        OVERCOMPLETE_EXPERIMENT)
from paper_runs.many_paths.loss_curves import LOSS_CURVES_EXPERIMENT
from paper_runs.many_paths.real_images import CELEBA_EXPERIMENT, CIFAR10_EXPERIMENT, COLOR_MNIST_EXPERIMENT
from paper_runs.runner import Paper

PAPER = Paper(
    name="many_paths",
    number="001",
    title="Many Paths to Equilibrium: GANs do not need to decrease a divergence at every step",
    experiments=[
        LINE_EXPERIMENT,
        OVERCOMPLETE_EXPERIMENT,
        LR_SWEEP_EXPERIMENT,
        DIM_SWEEP_EXPERIMENT,
        LOSS_CURVES_EXPERIMENT,
        COLOR_MNIST_EXPERIMENT,
        CELEBA_EXPERIMENT,
        CIFAR10_EXPERIMENT,
    ],
)
