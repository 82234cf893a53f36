"""Named variants from a grid of settings: the losses compared x every combination of the swept values.

001 sweeps settings, not only losses: Fig 10 / 11 sweep the learning rate and the data dimension d, Sec 5 the
27 settings D lr x G lr x latent size per model. The runner runs variants x seeds, so each grid point of each
loss is one named variant, e.g.

    grid_variants(LOSSES, [Axis("dlr", ("d_lr",), (1e-4, 2e-4)), Axis("z", ("latent_dim",), (10, 50))])
    -> {"ns_dlr1e-4_z10": {**LOSSES["ns"], "d_lr": 1e-4, "latent_dim": 10}, ...}

and `--variants ns_dlr1e-4_z10,...` selects among them.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any, Mapping, Sequence


@dataclasses.dataclass(frozen=True)
class Axis:
    """One swept setting: its label in variant names, the config keys it sets (all to the same value, e.g.
    ("d_lr", "g_lr") for one learning rate of both players) and its values."""

    label: str
    keys: tuple
    values: tuple


def format_value(value: Any) -> str:
    """A value as it appears in a variant name: 0.0001 -> 1e-4, 0.0002 -> 2e-4, 0.05 -> 5e-2, 10 -> 10."""
    if isinstance(value, float) and value != 0 and abs(value) < 0.1:
        exponent = math.floor(math.log10(abs(value)))
        mantissa = value / 10**exponent
        if abs(mantissa - round(mantissa)) < 1e-9:
            return f"{int(round(mantissa))}e{exponent}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def grid_variants(losses: Mapping[str, Mapping[str, Any]], axes: Sequence[Axis]) -> dict[str, dict]:
    """{f"{loss}_{label}{value}_...": {**loss settings, key: value, ...}} for every loss and every point of
    the grid, in loss-major order (the last axis varies fastest)."""
    variants: dict[str, dict] = {}
    for loss, settings in losses.items():
        for point in itertools.product(*(axis.values for axis in axes)):
            name = "_".join([loss, *(f"{axis.label}{format_value(value)}" for axis, value in zip(axes, point))])
            variant = dict(settings)
            for axis, value in zip(axes, point):
                variant.update({key: value for key in axis.keys})
            variants[name] = variant
    return variants


def loss_of(variant: str, losses: Sequence[str]) -> str:
    """The loss a grid variant's name starts with (the longest match, so "wgan_gp_1" beats "wgan_gp")."""
    matches = [loss for loss in losses if variant == loss or variant.startswith(f"{loss}_")]
    if not matches:
        raise ValueError(f"variant {variant!r} starts with none of {', '.join(losses)}")
    return max(matches, key=len)
