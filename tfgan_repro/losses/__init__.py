"""Every GAN cost of the five papers, by name.

    from tfgan_repro import losses
    g_loss = losses.get_generator_loss("mm_nsat")        # fn(fake_logits, real_logits=None, mean_dp=None)
    d_loss = losses.get_discriminator_loss("logistic")   # fn(real_logits, fake_logits)
    penalty = losses.get_penalty("wgan_gp")              # fn(discriminator, real, fake)

Parameters of a formulation (`a`, `c`, `eps`, `reduction`) are keyword arguments of the getters.
The costs are written with `keras.ops` and run on every Keras 3 backend (KERAS_BACKEND=tensorflow, jax or
torch) with that backend's tensors; the penalties need TensorFlow's GradientTape and say so elsewhere.
Where each formula lives:
    sample_weighting  MM, NS, MM-nsat, linear combinations, add-a, exp-c      (000 eqs 1, 2, 6, 23-34)
    separable         logistic (JS), least squares, hinge, Wasserstein        (004 Sec 4.1, 001)
    relativistic      RS-GAN, Rp-hinge, Rp-LS                                 (004 eq 5, 13, App E)
    penalties         WGAN-GP, DRAGAN, zero-centred R1, R2 and R1 + R2 (R3GAN)  (001, 000 App. R)
    gradient_scaling  MM-unit / NS-unit gradient rescaling                    (000 Algorithm 2)
"""

from __future__ import annotations

import functools
import inspect
from typing import Callable, Mapping

from tfgan_repro.losses import penalties, relativistic, sample_weighting, separable
from tfgan_repro.losses.gradient_scaling import unit_rescale
from tfgan_repro.losses.reduction import REDUCTIONS
from tfgan_repro.losses.sample_weighting import mean_dp, nsat_factor

_sw = sample_weighting

GENERATOR_LOSSES: Mapping[str, Callable] = {
    "mm": _sw.minimax,
    "ns": _sw.non_saturating,
    "mm_nsat": _sw.minimax_nsat,
    "ns_mm": functools.partial(_sw.ns_mm_combination, nsat=False),
    "ns_mm_nsat": functools.partial(_sw.ns_mm_combination, nsat=True),
    "ns_add": functools.partial(_sw.add_a, weighting="ns"),
    "mm_nsat_add": functools.partial(_sw.add_a, weighting="mm"),
    "ns_exp2": functools.partial(_sw.exp_c, weighting="ns", c=2.0),
    "mm_nsat_exp2": functools.partial(_sw.exp_c, weighting="mm", c=2.0),
    "ns_exp05": functools.partial(_sw.exp_c, weighting="ns", c=0.5),
    "mm_nsat_exp05": functools.partial(_sw.exp_c, weighting="mm", c=0.5),
    "ls": separable.least_squares_generator,
    "hinge": separable.linear_generator,
    "wasserstein": separable.linear_generator,
    "rs": relativistic.rs_generator,
    "rp_hinge": relativistic.rp_hinge_generator,
    "rp_ls": relativistic.rp_least_squares_generator,
}

DISCRIMINATOR_LOSSES: Mapping[str, Callable] = {
    "logistic": separable.logistic_discriminator,
    "ls": separable.least_squares_discriminator,
    "hinge": separable.hinge_discriminator,
    "wasserstein": separable.wasserstein_discriminator,
    "rs": relativistic.rs_discriminator,
    "rp_hinge": relativistic.rp_hinge_discriminator,
    "rp_ls": relativistic.rp_least_squares_discriminator,
}

PENALTIES: Mapping[str, Callable] = {
    "wgan_gp": penalties.wgan_gp,
    "dragan": penalties.dragan,
    "zero_centred": penalties.zero_centred,
    "zero_centred_fake": penalties.zero_centred_fake,
    "zero_centred_both": penalties.zero_centred_both,
}

# Generator costs that need D's logits on a paired real batch.
PAIRED_GENERATOR_LOSSES = frozenset({"rs", "rp_hinge", "rp_ls"})
# Parameters each registered generator cost requires (a new parametrised cost adds its entry here).
REQUIRED_PARAMS: dict[str, tuple[str, ...]] = {"ns_mm": ("a",), "ns_mm_nsat": ("a",), "ns_add": ("a",),
                                               "mm_nsat_add": ("a",)}


def _lookup(registry: Mapping[str, Callable], kind: str, name: str) -> Callable:
    if name not in registry:
        raise ValueError(f"unknown {kind} {name!r}; valid: {', '.join(sorted(registry))}")
    return registry[name]


# Ranges of the formulations' parameters, checked at lookup: a linear combination's weight a is a convex
# weight (eq 24); add-a's a is added to a sample weight and must keep it >= 0 (eq 26); eps keeps R finite.
_PARAM_RANGES = {
    ("ns_mm", "a"): (0.0, 1.0),
    ("ns_mm_nsat", "a"): (0.0, 1.0),
    ("ns_add", "a"): (0.0, float("inf")),
    ("mm_nsat_add", "a"): (0.0, float("inf")),
}


def _check_ranges(kind: str, name: str, params: dict) -> None:
    for key, value in params.items():
        low, high = _PARAM_RANGES.get((name, key), (None, None))
        if key == "eps" and not value > 0:
            raise ValueError(f"{kind} {name!r} needs eps > 0, got eps={value}")
        if low is not None and not low <= value <= high:
            bounds = f"{key} >= {low:g}" if high == float("inf") else f"{low:g} <= {key} <= {high:g}"
            raise ValueError(f"{kind} {name!r} needs {bounds}, got {key}={value}")


def _bind(fn: Callable, kind: str, name: str, params: dict) -> Callable:
    """Bind a formulation's parameters now, so a wrong one fails at config time, not at the first step."""
    if "reduction" in params and params["reduction"] not in REDUCTIONS:
        raise ValueError(f"unknown reduction {params['reduction']!r}; valid: {', '.join(REDUCTIONS)}")
    fixed = sorted(set(params) & set(getattr(fn, "keywords", {})))  # e.g. ns_exp2 is c = 2 by its name
    if fixed:
        values = ", ".join(f"{key}={fn.keywords[key]!r}" for key in fixed)
        raise ValueError(f"{kind} {name!r} fixes {values} by its name; choose the name of the variant you want")
    unknown = sorted(set(params) - set(inspect.signature(fn).parameters))
    if unknown:
        raise ValueError(f"{kind} {name!r} does not take parameter(s) {unknown}")
    _check_ranges(kind, name, params)
    return functools.partial(fn, **params) if params else fn


def get_generator_loss(name: str, **params) -> Callable:
    """The generator cost `name`: fn(fake_logits, real_logits=None, mean_dp=None) -> scalar."""
    fn = _lookup(GENERATOR_LOSSES, "generator loss", name)
    missing = [p for p in REQUIRED_PARAMS.get(name, ()) if p not in params]
    if missing:
        raise ValueError(f"generator loss {name!r} needs parameter(s) {missing}, e.g. a=0.5")
    return _bind(fn, "generator loss", name, params)


def get_discriminator_loss(name: str, **params) -> Callable:
    """The discriminator cost `name`: fn(real_logits, fake_logits) -> scalar."""
    return _bind(_lookup(DISCRIMINATOR_LOSSES, "discriminator loss", name), "discriminator loss", name, params)


def get_penalty(name: str) -> Callable:
    """The gradient penalty `name`: fn(discriminator, real, fake) -> scalar (weight applied by the caller).
    TensorFlow backend only: another Keras backend gets a NotImplementedError here."""
    penalty = _lookup(PENALTIES, "penalty", name)
    penalties.require_tensorflow_backend(f"the {name!r} penalty")
    return penalty


__all__ = [
    "GENERATOR_LOSSES",
    "DISCRIMINATOR_LOSSES",
    "PENALTIES",
    "PAIRED_GENERATOR_LOSSES",
    "REQUIRED_PARAMS",
    "get_generator_loss",
    "get_discriminator_loss",
    "get_penalty",
    "mean_dp",
    "nsat_factor",
    "unit_rescale",
]
