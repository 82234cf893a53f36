"""004 "Towards a better global loss landscape of GANs" (RpGAN / RS-GAN): experiments.

    python -m paper_runs.landscape --list
    python -m paper_runs.landscape landscape_values                    # Claims 3.1, 3.2, C.1; Fig 4, 10 (seconds)
    python -m paper_runs.landscape two_cluster --seeds 0,1,2,3,4       # Sec 5, Fig 5-7 (~20 s a run on CPU)
    python -m paper_runs.landscape two_cluster d_hidden=5,5 g_hidden=3,3     # narrow (App. B; widths lost in our
    python -m paper_runs.landscape two_cluster d_hidden=20,20 g_hidden=10,10 # copy of the text: our choice), wide
    python -m paper_runs.landscape two_cluster_imbalanced              # App. C.2, Fig 11
    python -m paper_runs.landscape mnist_imbalanced --variants js,rs   # App. C.2, Fig 12 (local MNIST or tfds)
    python -m paper_runs.landscape five_gaussian_bad_init              # App. D, Fig 14 (search, then restarts over lr)
    python -m paper_runs.landscape mnist_bad_init                      # App. D, Fig 15 (local MNIST or tfds)
    python -m paper_runs.landscape cifar --profile full --data-dir DIR architecture=sn_resnet nf=none g_lr=0.0015 \
        adam_beta1=0.0 adam_beta2=0.9 g_adam_beta2=0.9 n_dis=5 width=0.25   # Table 2 (needs data + Inception)
    docker build -t tfgan_repro . && \
        docker run --rm -v "$PWD/runs:/app/runs" tfgan_repro paper_runs.landscape landscape_values --out runs

One module per experiment family, each with its settings, the paper's numbers, claims and figures:
    two_cluster   two_cluster, two_cluster_imbalanced (Sec 5, App. B, C.2); the run is two_cluster_gan
    values        landscape_values (Claims 3.1, 3.2, C.1; Fig 4, 10)
    bad_starts    five_gaussian_bad_init, mnist_bad_init (App. D); the search and restart is restarts
    mnist         mnist_imbalanced (App. C.2) and the MNIST GAN run bad_starts restarts
    real_images   cifar, stl10, lsun (Tables 2, 4-6, App. F)
The paper's math (function-space losses, closed forms, derived 2-cluster values) is tfgan_repro.landscape.
"""

from paper_runs.landscape.bad_starts import FIVE_GAUSSIAN_EXPERIMENT, MNIST_BAD_INIT_EXPERIMENT
from paper_runs.landscape.mnist import MNIST_IMBALANCED_EXPERIMENT
from paper_runs.landscape.real_images import CIFAR_EXPERIMENT, LSUN_EXPERIMENT, STL10_EXPERIMENT
from paper_runs.landscape.two_cluster import TWO_CLUSTER_EXPERIMENT
from paper_runs.landscape.two_cluster_imbalanced import IMBALANCED_EXPERIMENT
from paper_runs.landscape.values import LANDSCAPE_VALUES_EXPERIMENT
from paper_runs.runner import Paper

PAPER = Paper(
    name="landscape",
    number="004",
    title="Towards a better global loss landscape of GANs (RpGAN / RS-GAN)",
    experiments=[
        TWO_CLUSTER_EXPERIMENT,
        IMBALANCED_EXPERIMENT,
        LANDSCAPE_VALUES_EXPERIMENT,
        FIVE_GAUSSIAN_EXPERIMENT,
        MNIST_IMBALANCED_EXPERIMENT,
        MNIST_BAD_INIT_EXPERIMENT,
        CIFAR_EXPERIMENT,
        STL10_EXPERIMENT,
        LSUN_EXPERIMENT,
    ],
)
