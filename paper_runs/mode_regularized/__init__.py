"""003 "Mode Regularized Generative Adversarial Networks": experiments.

    python -m paper_runs.mode_regularized --list

No experiment runs yet: the 6-Gaussian toy needs Reg-GAN training (an encoder and the two regularizers
beside the GAN costs), which tfgan_repro does not provide yet. Entries follow REPRODUCTION.md, section 003.
"""

from __future__ import annotations

from paper_runs.runner import Experiment, Paper

NEEDS_REG_GAN = "not implemented yet: needs Reg-GAN / MDGAN training (encoder + regularizers) in tfgan_repro"

PAPER = Paper(
    name="mode_regularized",
    number="003",
    title="Mode Regularized Generative Adversarial Networks",
    experiments=[
        Experiment.not_implemented("ring6", "6 Gaussians on a radius-5 circle: GAN oscillates among single modes, Reg-GAN covers all 6 (Fig 9)", NEEDS_REG_GAN),
        Experiment.not_implemented("mnist_grid", "MNIST grid search: MODE score of GAN vs Reg-GAN over architectures and optimizers (Fig 3)", NEEDS_REG_GAN),
        Experiment.not_implemented("compositional_mnist", "Compositional MNIST, sets 1-4: missed modes and KL, DCGAN vs Reg-DCGAN (Table 2)", NEEDS_REG_GAN),
        Experiment.not_implemented("celeba_missing_modes", "CelebA missing modes by a noisy third-party discriminator: DCGAN vs Reg-GAN vs MDGAN (Table 3)", NEEDS_REG_GAN),
    ],
)
