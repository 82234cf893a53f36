"""000 "Sample weighting as an explanation for mode collapse in GANs" (MM-nsat): experiments.

    python -m paper_runs.sample_weighting --list
    python -m paper_runs.sample_weighting ring --profile quick --seeds 0,1,2
    python -m paper_runs.sample_weighting saturation --out runs       # Fig 5 (MNIST LeCun files needed)
    python -m paper_runs.sample_weighting mnist --variants ns,mm_nsat # Fig 6 DJSCD claim (~6 min a run on 2 cores)
    docker build -t tfgan_repro . && docker run --rm -v "$PWD/runs:/app/runs" tfgan_repro \
        paper_runs.sample_weighting saturation --out runs
    Colab: paper_runs/notebooks/sample_weighting.ipynb

One module per experiment family, each with its settings, the paper's numbers, claims and figures:
    toy         ring (Fig 4), spiral (Table 3, Fig 19)
    saturation  saturation, saturation_adam (Fig 5, 11, 12)
    benchmarks  mnist (Fig 6, 8, Table 1), cifar and the CIFAR sweeps (Fig 15-18), sngan_cifar, cat, ffhq
    gradients   gradients (Fig 9, 10)
    stacked     stacked_mnist (Fig 20)
    images      the image GAN run they share (data, networks, measurements)
"""

from paper_runs.runner import Paper
from paper_runs.sample_weighting.benchmarks import CAT, CIFAR, COMBINATIONS, FFHQ, HINGE_LS, MNIST, PENALTY_SWEEP, SCALING, SNGAN_CIFAR
from paper_runs.sample_weighting.gradients import GRADIENTS
from paper_runs.sample_weighting.saturation import SATURATION, SATURATION_ADAM
from paper_runs.sample_weighting.stacked import STACKED_MNIST
from paper_runs.sample_weighting.toy import RING, SPIRAL

PAPER = Paper(
    name="sample_weighting",
    number="000",
    title="Sample weighting as an explanation for mode collapse in GANs (MM-nsat)",
    experiments=[RING, SPIRAL, SATURATION, SATURATION_ADAM, MNIST, CIFAR, GRADIENTS, COMBINATIONS, SCALING, HINGE_LS,
                 PENALTY_SWEEP, STACKED_MNIST, SNGAN_CIFAR, CAT, FFHQ],
)
