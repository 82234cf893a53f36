"""The board's costs, derived from the loss registry: every registered generator cost with its own D cost, plus
the named combinations the papers compare (gradient rescaling, penalties, Reg-GAN, R3GAN).

A generator cost registered in `tfgan_repro.losses.GENERATOR_LOSSES` joins the board with no other change: it
is paired with the D cost of the same name when the registry has one, else with the logistic D cost (the D of
every sample-weighting cost of 000), and takes the parameter `a` = 1/2 when the registry requires one.
"""

from __future__ import annotations

from typing import Any

from tfgan_repro import losses

# Where a generator cost's D cost is not "the D cost of the same name, else logistic".
D_PAIRINGS: dict[str, str] = {}
# Parameters of parametrised costs (issue #16: the NS / MM-nsat combination at a = 1/2; add-a at a = 1 as 000's
# benchmarks); any other cost that requires `a` gets DEFAULT_A.
COST_PARAMS: dict[str, dict[str, Any]] = {
    "ns_mm": {"generator_loss_a": 0.5},
    "ns_mm_nsat": {"generator_loss_a": 0.5},
    "ns_add": {"generator_loss_a": 1.0},
    "mm_nsat_add": {"generator_loss_a": 1.0},
}
DEFAULT_A = 0.5
# A registered generator cost that only makes sense with a penalty: its board entry carries it (an unpenalised,
# unclipped Wasserstein critic is unbounded). The board name replaces the registry name.
PENALISED: dict[str, tuple[str, dict[str, Any]]] = {
    "wasserstein": ("wgan_gp", {"penalty": "wgan_gp", "penalty_weight": 10.0}),
}
# Named combinations of registered pieces (000 Alg. 2; 001; 003; the R3GAN baseline of 004's loss).
COMBINATIONS: dict[str, dict[str, Any]] = {
    "mm_unit": {"generator_loss": "mm", "gradient_rescaling": "unit"},
    "ns_unit": {"generator_loss": "ns", "gradient_rescaling": "unit"},
    "gan_gp": {"generator_loss": "ns", "penalty": "wgan_gp", "penalty_weight": 10.0},
    "dragan_ns": {"generator_loss": "ns", "penalty": "dragan", "penalty_weight": 10.0},
    "reg_gan": {"generator_loss": "ns", "model": "reg_gan"},
    # RpGAN + gamma/2 (R1 + R2); gamma = 1 here (R3GAN tunes gamma per dataset; its toy value is not published).
    "r3gan": {"generator_loss": "rs", "discriminator_loss": "rs", "penalty": "zero_centred_both",
              "penalty_weight": 1.0},
}
# How the board prints each cost (the papers' names); a cost missing here is shown by its registry name.
LABELS: dict[str, str] = {
    "mm": "MM", "ns": "NS", "mm_nsat": "MM-nsat", "ns_mm": "NS/MM a=1/2", "ns_mm_nsat": "NS/MM-nsat a=1/2",
    "ns_add": "NS-add-1", "mm_nsat_add": "MM-nsat-add-1", "ns_exp2": "NS-exp-2", "mm_nsat_exp2": "MM-nsat-exp-2",
    "ns_exp05": "NS-exp-0.5", "mm_nsat_exp05": "MM-nsat-exp-0.5", "ls": "LS", "hinge": "hinge", "wgan_gp": "WGAN-GP",
    "rs": "RS", "rp_hinge": "Rp-hinge", "rp_ls": "Rp-LS", "mm_unit": "MM-unit", "ns_unit": "NS-unit",
    "gan_gp": "GAN-GP", "dragan_ns": "DRAGAN-NS", "reg_gan": "Reg-GAN", "r3gan": "R3GAN (RpGAN+R1+R2)",
}
# What every cost sets, so that a cost's settings never leak from the dataset's defaults.
PLAIN = {"model": "gan", "generator_loss_a": None, "penalty": None, "penalty_weight": 0.0, "gradient_rescaling": None}


def discriminator_for(generator_loss: str) -> str:
    """The D cost paired with a registered generator cost."""
    if generator_loss in D_PAIRINGS:
        return D_PAIRINGS[generator_loss]
    return generator_loss if generator_loss in losses.DISCRIMINATOR_LOSSES else "logistic"


def _parameters(generator_loss: str) -> dict[str, Any]:
    if generator_loss in COST_PARAMS:
        return dict(COST_PARAMS[generator_loss])
    # The registry's own list of required parameters: a newly registered parametrised cost gets a = 1/2.
    required = losses.REQUIRED_PARAMS.get(generator_loss, ())
    return {"generator_loss_a": DEFAULT_A} if "a" in required else {}


def board_costs() -> dict[str, dict[str, Any]]:
    """{board name: run settings (generator_loss, discriminator_loss, penalty, ...)}: the registry's generator
    costs in registry order, then the combinations. Read at call time, so a cost registered since joins."""
    costs: dict[str, dict[str, Any]] = {}
    for name in losses.GENERATOR_LOSSES:
        board_name, extra = PENALISED.get(name, (name, {}))
        costs[board_name] = {**PLAIN, "generator_loss": name, "discriminator_loss": discriminator_for(name),
                             **_parameters(name), **extra}
    for name, settings in COMBINATIONS.items():
        generator_loss = settings["generator_loss"]
        costs[name] = {**PLAIN, "discriminator_loss": discriminator_for(generator_loss), **settings}
    return costs


def label(cost: str) -> str:
    """The paper name of a board cost (its board name when it has none)."""
    return LABELS.get(cost, cost)
