"""001 "Many Paths to Equilibrium: GANs do not need to decrease a divergence at every step": experiments.

    python -m paper_runs.many_paths --list

No experiment runs yet; each entry below says what it will reproduce (REPRODUCTION.md, section 001).
"""

from __future__ import annotations

from paper_runs.runner import Experiment, Paper

PAPER = Paper(
    name="many_paths",
    number="001",
    title="Many Paths to Equilibrium: GANs do not need to decrease a divergence at every step",
    experiments=[
        Experiment.not_implemented("line", "Synthetic I: NS-GAN fits a 1-D line in d dims (parameter error vs random init), penalties add robustness to lr and d"),
        Experiment.not_implemented("overcomplete_line", "Synthetic II: overcomplete generator x = A z + c, k = 3, on the same line"),
        Experiment.not_implemented("color_mnist", "Color MNIST: NS, GAN-GP, DRAGAN-NS, WGAN-GP over 27 lr / latent settings"),
        Experiment.not_implemented("celeba", "CelebA 64x64: MS-SSIM diversity and independent critic, GAN-GP and DRAGAN-NS vs NS vs WGAN-GP"),
        Experiment.not_implemented("cifar10", "CIFAR-10: Inception score and independent critic over 27 settings per model"),
    ],
)
