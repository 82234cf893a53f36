"""Generator costs of the sample-weighting paper (000, "MM-nsat"), all from one scaling-factor family.

Notation: `l` = D's logit on a fake sample, `Dp = sigmoid(l)`, `mean_dp` = the batch (or global-batch) mean.
Every cost here has a per-sample gradient `-s(Dp) * dl/dtheta` with a *scaling factor* `s` (paper eq 4, 25):

    MM-GAN   s = Dp                      NS-GAN   s = 1 - Dp
    MM-exp-c s = Dp^c                    NS-exp-c s = (1 - Dp)^c          (eq 30)
    +add-a   s = ... + a                                                   (eq 26)

and the "nsat" renormalisation multiplies the batch cost by a constant `stop_gradient(K)` that matches the
gradient magnitude to NS-GAN's, using mean Dp in place of each Dp (eq 6):

    K = (1 - mean_dp) / (w(mean_dp)^c + a),   w = Dp for MM, 1 - Dp for NS.

With MM weighting, c = 1, a = 0 this is MM-nsat's R = (1 - mean Dp) / mean Dp (Algorithm 1, eq 23).
`eps` (1e-18 in the reference code) keeps R finite when mean Dp -> 0.
"""

from __future__ import annotations

from typing import Optional

from keras import ops

from tfgan_repro.losses.reduction import Tensor, as_logits, reduce_batch

WEIGHTINGS = ("mm", "ns")
EXPONENTS = (0.5, 1.0, 2.0)  # the exponents with closed-form costs (eqs 31-34)
DEFAULT_EPS = 1e-18


def mean_dp(fake_logits: Tensor) -> Tensor:
    """Mean of Dp = sigmoid(l) over the batch (Algorithm 1, line 1)."""
    return ops.mean(ops.sigmoid(as_logits(fake_logits)))


_batch_mean_dp = mean_dp  # the costs' `mean_dp` argument shadows the function's name


def nsat_factor(
    mean_dp_value: Tensor,
    eps: float = DEFAULT_EPS,
    *,
    weighting: str = "mm",
    exponent: float = 1.0,
    add: float = 0.0,
) -> Tensor:
    """The "nsat" renormalisation K = (1 - mean Dp + eps) / (w(mean Dp)^c + a + eps), w = Dp for MM and
    1 - Dp for NS (eq 6 generalised to eqs 26-34). The defaults give MM-nsat's
    R = (1 - mean Dp + eps) / (mean Dp + eps) (Algorithm 1, eq 6)."""
    weight_of_mean = mean_dp_value if weighting == "mm" else 1.0 - mean_dp_value
    return (1.0 - mean_dp_value + eps) / (weight_of_mean**exponent + add + eps)


def _asinh_exp(t: Tensor) -> Tensor:
    """asinh(exp(t)), finite with finite gradients for any |t| (exp(t) overflows for t > 88)."""
    positive = t > 0
    # Clamped by `where`, not max/min: at t = 0 JAX and PyTorch split a max/min tie's gradient in half.
    t_pos = ops.where(positive, t, 0.0)
    t_neg = ops.where(positive, 0.0, t)
    # asinh(e^t) = t + log(1 + sqrt(1 + e^{-2t})) for t > 0; both branches see clamped inputs so the
    # unselected one never produces inf/NaN gradients through where.
    large = t_pos + ops.log1p(ops.sqrt(1.0 + ops.exp(-2.0 * t_pos)))
    small = ops.arcsinh(ops.exp(t_neg))
    return ops.where(positive, large, small)


def ns_exp_per_sample(logits: Tensor, exponent: float) -> Tensor:
    """Per-sample NS-exp-c cost F with dF/dl = -(1 - sigmoid(l))^c (eq 30), for c in {0.5, 1, 2}.

    c = 1: softplus(-l) = -log Dp (NS-GAN, eq 2).
    c = 2: softplus(-l) + Dp (eq 31).
    c = 0.5: 2 log(sqrt(e^-l) + sqrt(e^-l + 1)) = 2 asinh(e^{-l/2}) (eq 33), computed stably.
    """
    if exponent == 1.0:
        return ops.softplus(-logits)
    if exponent == 2.0:
        return ops.softplus(-logits) + ops.sigmoid(logits)
    if exponent == 0.5:
        return 2.0 * _asinh_exp(-0.5 * logits)
    raise ValueError(f"scaling exponent c={exponent} has no closed-form cost; valid: {EXPONENTS}")


def mm_exp_per_sample(logits: Tensor, exponent: float) -> Tensor:
    """Per-sample MM-exp-c cost with dF/dl = -sigmoid(l)^c; by symmetry F(l) = -F_NS(-l) (eqs 32, 34).

    c = 1 gives log(1 - Dp) = -softplus(l), the minimax cost (eq 1).
    """
    return -ns_exp_per_sample(-logits, exponent)


def sample_weighted_cost(
    fake_logits: Tensor,
    mean_dp_value: Optional[Tensor] = None,
    *,
    weighting: str,
    exponent: float = 1.0,
    add: float = 0.0,
    renormalize: bool = False,
    eps: float = DEFAULT_EPS,
    reduction: str = "mean",
) -> Tensor:
    """The general generator cost with scaling factor s = w(Dp)^c + a (eqs 25-34).

    cost = K * reduce_i [F_c(l_i) - a * l_i],   F_c = mm_exp_per_sample or ns_exp_per_sample,
    K = stop_gradient((1 - mean_dp + eps) / (w(mean_dp)^c + a + eps)) if renormalize else 1.

    `mean_dp_value` defaults to this batch's mean Dp; a distribution strategy passes the global-batch mean.
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"unknown weighting {weighting!r}; valid: {', '.join(WEIGHTINGS)}")
    logits = as_logits(fake_logits)
    per_sample_fn = mm_exp_per_sample if weighting == "mm" else ns_exp_per_sample
    per_sample = per_sample_fn(logits, exponent)
    if add:
        per_sample = per_sample - add * logits
    cost = reduce_batch(per_sample, reduction)
    if not renormalize:
        return cost
    if mean_dp_value is None:
        mean_dp_value = _batch_mean_dp(logits)
    factor = nsat_factor(ops.cast(mean_dp_value, ops.dtype(cost)), eps, weighting=weighting, exponent=exponent, add=add)
    return ops.stop_gradient(factor) * cost


# Named costs, so a reader finds each by the paper's name. All share the signature
# fn(fake_logits, real_logits=None, mean_dp=None, **params) -> scalar.


def minimax(fake_logits, real_logits=None, mean_dp=None, *, reduction: str = "mean") -> Tensor:
    """MM-GAN: J_G = E log(1 - Dp(G(z))) = -E softplus(l) (000 eq 1); scaling factor Dp."""
    return sample_weighted_cost(fake_logits, weighting="mm", reduction=reduction)


def non_saturating(fake_logits, real_logits=None, mean_dp=None, *, reduction: str = "mean") -> Tensor:
    """NS-GAN: J_G = -E log Dp(G(z)) = E softplus(-l) (000 eq 2); scaling factor 1 - Dp."""
    return sample_weighted_cost(fake_logits, weighting="ns", reduction=reduction)


def minimax_nsat(
    fake_logits, real_logits=None, mean_dp=None, *, eps: float = DEFAULT_EPS, reduction: str = "mean"
) -> Tensor:
    """MM-nsat: stop_gradient(R) * J_MM, R = (1 - mean Dp) / (eps + mean Dp) (000 eq 6, 23, Algorithm 1).
    `mean_dp` defaults to this batch's mean Dp; a distribution strategy passes the global-batch mean."""
    cost = minimax(fake_logits, reduction=reduction)
    mean_dp_value = _batch_mean_dp(fake_logits) if mean_dp is None else ops.cast(mean_dp, ops.dtype(cost))
    return ops.stop_gradient(nsat_factor(mean_dp_value, eps)) * cost


def ns_mm_combination(
    fake_logits,
    real_logits=None,
    mean_dp=None,
    *,
    a: float,
    nsat: bool,
    eps: float = DEFAULT_EPS,
    reduction: str = "mean",
) -> Tensor:
    """Linear combination (000 eq 24): (1 - a) J_NS + a J_MM, or + a J_MM-nsat when `nsat`."""
    mm_term = sample_weighted_cost(
        fake_logits, mean_dp, weighting="mm", renormalize=nsat, eps=eps, reduction=reduction
    )
    ns_term = sample_weighted_cost(fake_logits, weighting="ns", reduction=reduction)
    return (1.0 - a) * ns_term + a * mm_term


def add_a(
    fake_logits,
    real_logits=None,
    mean_dp=None,
    *,
    weighting: str,
    a: float,
    eps: float = DEFAULT_EPS,
    reduction: str = "mean",
) -> Tensor:
    """NS-add-a (eq 26-28, s = 1 - Dp + a) and MM-nsat-add-a (eq 29, s = Dp + a), renormalised to NS size."""
    if a < 0:
        raise ValueError(f"add-a costs need a >= 0 (negative sample weights otherwise), got a={a}")
    return sample_weighted_cost(
        fake_logits, mean_dp, weighting=weighting, add=a, renormalize=True, eps=eps, reduction=reduction
    )


def exp_c(
    fake_logits,
    real_logits=None,
    mean_dp=None,
    *,
    weighting: str,
    c: float,
    eps: float = DEFAULT_EPS,
    reduction: str = "mean",
) -> Tensor:
    """NS-exp-c (eq 30, 31, 33; s = (1 - Dp)^c) and MM-nsat-exp-c (eq 32, 34; s = Dp^c), renormalised."""
    return sample_weighted_cost(
        fake_logits, mean_dp, weighting=weighting, exponent=c, renormalize=True, eps=eps, reduction=reduction
    )
