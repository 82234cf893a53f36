"""001 "Many Paths to Equilibrium: GANs do not need to decrease a divergence at every step": experiments.

    python -m paper_runs.many_paths --list
    python -m paper_runs.many_paths line --seeds 0,1,2          # Synthetic I, Fig 1, 3, 5 (about 10 s a run on CPU)
    python -m paper_runs.many_paths overcomplete_line           # Synthetic II (k = 3), Fig 4, 6
    python -m paper_runs.many_paths lr_sweep                    # Fig 10: 3 lr x NS / GAN-GP / DRAGAN-NS x 20 seeds
    python -m paper_runs.many_paths lr_sweep --variants wgan_gp_lr1e-3,wgan_gp_lr1e-2,wgan_gp_lr1e-1   # + WGAN-GP
    python -m paper_runs.many_paths dim_sweep                   # Fig 11: d in 2, 10, 50 (Synthetic II)
    python -m paper_runs.many_paths loss_curves                 # Fig 2, closed form (seconds)
    python -m paper_runs.many_paths color_mnist --data-dir /work/shared/data/mnist   # quick: 5 losses at one setting
    python -m paper_runs.many_paths color_mnist --profile full --data-dir DIR        # 5 losses x 27 settings
    python -m paper_runs.many_paths celeba --profile full --data-dir DIR             # needs tfds celeb_a under DIR
    python -m paper_runs.many_paths cifar10 --profile full --data-dir DIR            # needs tfds cifar10 + Inception
    docker build -t tfgan_repro . && \
        docker run --rm -v "$PWD/runs:/app/runs" tfgan_repro paper_runs.many_paths loss_curves --out runs

Measured on the shared 2-core CPU (load average 6-12 from other jobs; TF's per-run build and trace dominate a
2,000-step run: about 2.7 s of CPU each): dim_sweep quick, 180 runs, 14.1 min; lr_sweep quick, the 180 default
runs in 32 min and all 240 (with WGAN-GP) in 37 min while a Color MNIST run shared the CPU; Color MNIST quick,
5 runs of 300 steps, 16 min. An idle machine should be faster; the fused multi-step loop will be more so.

One module per experiment family, each with its settings, the paper's statements, claims and run:
    line          line, overcomplete_line, lr_sweep, dim_sweep (Sec 4; Fig 1, 3-6, 10, 11)
    loss_curves   loss_curves (Fig 2; tfgan_repro.optimal_discriminator)
    real_images   color_mnist, celeba, cifar10 (Sec 5; Fig 8, 9, 12, 13)
    grid          named variants from a grid of settings (the lr / d sweeps, the 27-setting grid)
    figures       the figures, from results files only
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
