"""Separable GAN costs: D judges real and fake samples independently (004 Sec 4.1, "SepGAN").

Notation: `real_logits` = D(x), `fake_logits` = D(G(z)), both raw (pre-sigmoid) outputs.
The separable generator costs MM and NS live in `sample_weighting`.
"""

from __future__ import annotations

from keras import ops

from tfgan_repro.losses.reduction import Tensor, as_logits, reduce_batch


def logistic_discriminator(real_logits, fake_logits, *, reduction: str = "mean") -> Tensor:
    """JS-GAN / logistic D cost (Goodfellow et al. 2014; 000 eq 1, 004 eq 2):
    J_D = -E log D(x) - E log(1 - D(G(z))) = E softplus(-l_x) + E softplus(l_y)."""
    real_logits, fake_logits = as_logits(real_logits), as_logits(fake_logits)
    return reduce_batch(ops.softplus(-real_logits), reduction) + reduce_batch(
        ops.softplus(fake_logits), reduction
    )


def least_squares_discriminator(real_logits, fake_logits, *, reduction: str = "mean") -> Tensor:
    """LS-GAN D cost (Mao et al. 2017, labels a=0, b=1): J_D = 1/2 E (D(x) - 1)^2 + 1/2 E D(G(z))^2."""
    real_logits, fake_logits = as_logits(real_logits), as_logits(fake_logits)
    return 0.5 * reduce_batch(ops.square(real_logits - 1.0), reduction) + 0.5 * reduce_batch(
        ops.square(fake_logits), reduction
    )


def least_squares_generator(fake_logits, real_logits=None, mean_dp=None, *, reduction: str = "mean") -> Tensor:
    """LS-GAN G cost (Mao et al. 2017, c=1): J_G = 1/2 E (D(G(z)) - 1)^2."""
    return 0.5 * reduce_batch(ops.square(as_logits(fake_logits) - 1.0), reduction)


def hinge_discriminator(real_logits, fake_logits, *, reduction: str = "mean") -> Tensor:
    """Hinge D cost (Lim & Ye 2017; 004 App E.2): J_D = E relu(1 - D(x)) + E relu(1 + D(G(z)))."""
    real_logits, fake_logits = as_logits(real_logits), as_logits(fake_logits)
    return reduce_batch(ops.relu(1.0 - real_logits), reduction) + reduce_batch(
        ops.relu(1.0 + fake_logits), reduction
    )


def linear_generator(fake_logits, real_logits=None, mean_dp=None, *, reduction: str = "mean") -> Tensor:
    """Hinge-GAN and WGAN generator cost: J_G = -E D(G(z)) (004 App E.2; Arjovsky et al. 2017)."""
    return -reduce_batch(as_logits(fake_logits), reduction)


def wasserstein_discriminator(real_logits, fake_logits, *, reduction: str = "mean") -> Tensor:
    """WGAN critic cost (Arjovsky et al. 2017; 001): J_D = E D(G(z)) - E D(x)."""
    return reduce_batch(as_logits(fake_logits), reduction) - reduce_batch(as_logits(real_logits), reduction)
