"""Relativistic pairing GAN costs (RpGAN, 004 eq 5 and 13): real i is paired with fake i, no sorting.

    D:  min E f(D(y_i) - D(x_i))      G:  min E f(D(x_i) - D(y_i))   (non-saturating form, 004 eq 13)

with f(t) = softplus(t) (RS-GAN), f(t) = relu(1 + t) (Rp-hinge). Rp-LS follows the paper's "original min-max
version" (004 App E.1/E.3): D minimises E (D(x) - D(y) - 1)^2 and G maximises it; the paper's formula was
lost in the text, so this is our reading of RpGAN with the least-squares f(t) = -(t - 1)^2.
"""

from __future__ import annotations

from keras import ops

from tfgan_repro.losses.reduction import Tensor, as_logits, check_paired, reduce_batch


def _real_minus_fake(real_logits, fake_logits, name: str) -> Tensor:
    """D(x_i) - D(y_i) for each pair i."""
    real_logits, fake_logits = as_logits(real_logits), as_logits(fake_logits)
    check_paired(real_logits, fake_logits, name)
    return real_logits - fake_logits


def rs_discriminator(real_logits, fake_logits, *, reduction: str = "mean") -> Tensor:
    """RS-GAN D cost (004 eq 5): E softplus(D(y_i) - D(x_i)) = -E log sigmoid(D(x_i) - D(y_i)).
    Equals ln 2 when real and fake logits are equal."""
    return reduce_batch(ops.softplus(-_real_minus_fake(real_logits, fake_logits, "RS-GAN")), reduction)


def rs_generator(fake_logits, real_logits=None, mean_dp=None, *, reduction: str = "mean") -> Tensor:
    """RS-GAN G cost (004 eq 13, non-saturating): E softplus(D(x_i) - D(y_i))."""
    if real_logits is None:
        raise ValueError("RS-GAN's generator cost needs real_logits (it pairs real i with fake i)")
    return reduce_batch(ops.softplus(_real_minus_fake(real_logits, fake_logits, "RS-GAN")), reduction)


def rp_hinge_discriminator(real_logits, fake_logits, *, reduction: str = "mean") -> Tensor:
    """Rp-hinge D cost (004 App E.2): E relu(1 + D(y_i) - D(x_i)). Equals 1 at equal logits."""
    return reduce_batch(ops.relu(1.0 - _real_minus_fake(real_logits, fake_logits, "Rp-hinge")), reduction)


def rp_hinge_generator(fake_logits, real_logits=None, mean_dp=None, *, reduction: str = "mean") -> Tensor:
    """Rp-hinge G cost (004 App E.2): E relu(1 + D(x_i) - D(y_i))."""
    if real_logits is None:
        raise ValueError("Rp-hinge's generator cost needs real_logits (it pairs real i with fake i)")
    return reduce_batch(ops.relu(1.0 + _real_minus_fake(real_logits, fake_logits, "Rp-hinge")), reduction)


def rp_least_squares_discriminator(real_logits, fake_logits, *, reduction: str = "mean") -> Tensor:
    """Rp-LS D cost (004 App E.3, min-max form): E (D(x_i) - D(y_i) - 1)^2."""
    return reduce_batch(ops.square(_real_minus_fake(real_logits, fake_logits, "Rp-LS") - 1.0), reduction)


def rp_least_squares_generator(
    fake_logits, real_logits=None, mean_dp=None, *, reduction: str = "mean"
) -> Tensor:
    """Rp-LS G cost (004 App E.3, min-max form): -E (D(x_i) - D(y_i) - 1)^2, the negative of D's cost."""
    if real_logits is None:
        raise ValueError("Rp-LS's generator cost needs real_logits (it pairs real i with fake i)")
    return -rp_least_squares_discriminator(real_logits, fake_logits, reduction=reduction)
