"""003 "Mode Regularized Generative Adversarial Networks" (Che et al. 2017): experiments.

    python -m paper_runs.mode_regularized --list
    python -m paper_runs.mode_regularized ring6 --seeds 0,1,2                 # Fig 9, ~1 min a run on 2 CPU cores
    python -m paper_runs.mode_regularized mnist_grid                          # Fig 3 (local MNIST)
    python -m paper_runs.mode_regularized mnist_lambdas                       # Fig 4 (local MNIST)
    python -m paper_runs.mode_regularized compositional_mnist                 # Table 2 (local MNIST)
    python -m paper_runs.mode_regularized celeba_missing_modes --data-dir D   # Table 3 (TFDS celeb_a in D)
    docker build -t tfgan_repro . && \\
        docker run --rm -v "$PWD/runs:/app/runs" tfgan_repro paper_runs.mode_regularized ring6 --out runs

Modules (settings, the paper's numbers, claims and figures side by side; the models are tfgan_repro.reg_gan
and tfgan_repro.mdgan): ring6 (App. C, Fig 9), mnist_grid (Sec 4.1.1, Table 1, Fig 3; mnist_lambdas, Fig 4), compositional
(Sec 4.1.2, Table 2), celeba (Sec 4.2.1, Table 3); image_runs holds their shared image GAN run.
Entries follow REPRODUCTION.md, section 003.
"""

from paper_runs.mode_regularized.celeba import CELEBA_EXPERIMENT
from paper_runs.mode_regularized.compositional import COMPOSITIONAL_EXPERIMENT
from paper_runs.mode_regularized.mnist_grid import MNIST_GRID_EXPERIMENT, MNIST_LAMBDAS_EXPERIMENT
from paper_runs.mode_regularized.ring6 import RING6_EXPERIMENT
from paper_runs.runner import Paper

PAPER = Paper(
    name="mode_regularized",
    number="003",
    title="Mode Regularized Generative Adversarial Networks",
    experiments=[RING6_EXPERIMENT, MNIST_GRID_EXPERIMENT, MNIST_LAMBDAS_EXPERIMENT, COMPOSITIONAL_EXPERIMENT,
                 CELEBA_EXPERIMENT],
)
