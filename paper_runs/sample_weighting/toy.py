"""000 toy experiments: the 8-mode ring (Fig 4) and the 12-mode spiral (Table 3, Fig 19), NS vs MM (MM-nsat
beside on the ring). Settings, the paper's numbers, claims and figures of both.

Toy settings follow the public code (awweide/mm-nsat src/toy.py): G and D are MLPs with 2 hidden layers of
128 ReLU units (the code's Z_DIM doubles as width), z ~ N(0, I_128), Adam lr 1e-4, betas (0.9, 0.999),
epsilon 1e-8 (TF1's default), batch 128, fresh data every step, G's per-sample cost summed over the batch
(tf.train.Optimizer.minimize of a non-scalar cost), D's logistic cost the sum of the two batch means.
G and D are updated simultaneously, as the code's one session.run of both train ops ("simultaneous": True);
the quick toy profile alternates instead (see QUICK_LR).

A comparison of two costs only counts once both have learned the data (`claims.mixture_learned`: at least
10% of samples on a mode); otherwise the claim is undecided and says which run learned nothing.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from paper_runs import claims as claim_shapes
from paper_runs import figures, mixture_gan
from paper_runs.claims import mixture_learned
from paper_runs.results import Claim
from paper_runs.runner import Experiment
from paper_runs.summaries import paired_by_seed, runs_by_variant


# Table 3 (spiral, 3-layer FC networks): mode frequency in %, modes 1..12 then "none".
TABLE3 = {
    "ns": [1.4, 8.6, 12, 1.0, 0.6, 0.6, 0.0, 0.0, 25, 19, 27, 1.2, 4.3],
    "mm": [2.7, 2.5, 3.3, 6.8, 5.5, 8.0, 7.8, 8.6, 11, 13, 14, 15, 2.5],
    "data": [2.0, 3.1, 4.3, 5.4, 6.6, 7.7, 8.9, 10, 11, 12, 13, 15, 0.0],
}


# A comparison of two costs only counts once the runs have learned the data: most samples on a mode, MM's
# frequencies close to the data's. Table 3 has TV 0.06 (MM) and 'none' 2.5% / 4.3%.
ALIGNED_TV = 0.2
MOSTLY_ON_MODE = 0.25


def _table3_tv(row: str) -> float:
    """Total-variation distance between a Table 3 row and the data row (fractions, "none" included)."""
    return round(0.5 * float(np.abs(np.array(TABLE3[row]) - np.array(TABLE3["data"])).sum()) / 100.0, 3)


TOY_COMMON = {
    "latent_dim": 128,
    "latent_distribution": "normal",
    "g_hidden": [128, 128],
    "d_hidden": [128, 128],
    "activation": "relu",
    "d_activation": None,
    "init": "keras",
    "generator_loss": "ns",
    "discriminator_loss": "logistic",
    "generator_reduction": "sum",
    "discriminator_reduction": "mean",
    "batch_size": 128,
    "g_lr": 1e-4,
    "d_lr": 1e-4,
    "adam_beta1": 0.9,
    "adam_beta2": 0.999,
    "g_adam_beta2": 0.999,
    "adam_epsilon": 1e-8,
    "num_samples": 2500,
    "coverage_threshold": 3.0,
    "steps_per_execution": 100,
    "log_every": 100,
    # src/toy.py runs both train ops in one session.run (gen_train_op, disc_train_op) on the same x and z feed:
    # G's and D's gradients come from the same parameters before either update.
    "simultaneous": True,
}

COSTS = {
    "ns": {"generator_loss": "ns"},
    "mm": {"generator_loss": "mm"},
    "mm_nsat": {"generator_loss": "mm_nsat"},
}



# Quick profiles compress the reference's 1e5 (ring) / 1e6 (spiral) Adam steps at lr 1e-4 into 5,000 steps at
# lr 1e-3 so that the main job (toy_claims) stays within minutes: at lr 1e-4 neither cost has reached the modes after 5,000-10,000 steps (most samples off every mode),
# so nothing could be compared. With simultaneous updates, ring MM seed 0: 5,000 steps 7/8 modes, 81% of
# samples off-mode; 15,000 steps 7/8 (two modes <= 0.3%); 20,000 steps 8/8 (rarest 5%); 25,000 steps 8/8,
# TV 0.25. lr 3e-4 x 20,000 steps: 8/8 but 53% off-mode and one mode at 1.6% (still spreading out).
# Even at 20,000 steps, lr 1e-3, MM seeds 0/1/2 cover 8/5/8 ring modes (seed 2 with 5 modes under 1%,
# TV 0.62): "MM covers 8/8 in every seed" does NOT hold at any quick size tried, so the quick profile stays at
# 5,000 steps (4x cheaper) and reports the claims as not holding.
# Spiral seed 0 at 20,000 steps does NOT show Table 3 either: NS covers 12/12 (one mode at 0.7%, TV 0.19),
# MM drops modes 8, 9 and 12 from step 6,000 to 20,000 (9/12, TV 0.38); the spiral claims fail at the quick
# size and no quick budget that makes them hold has been found yet.
# Full profiles keep the paper's lr and step counts.
# The quick toy profile alternates D then G: at 5,000 simultaneous steps MM left 2 of 3 ring seeds with no sample
# on any mode (toy_claims run of this commit's parent), while alternating updates at the same budget had MM
# cover a median 6 of 8 modes vs NS's 1. Full profiles keep the reference's simultaneous updates.
QUICK_LR = {"g_lr": 1e-3, "d_lr": 1e-3, "simultaneous": False}

NOTES = (
    "quick profile only: Adam lr 1e-3 (the paper's 1e-4 x 10) and 5,000 steps; at 5,000 or 15,000 steps MM had not "
    "covered all 8 ring modes, and at 20,000 the ring and spiral claims still failed in some seeds",
    "full profile: G and D updated simultaneously (gradients from the same parameters and latents), as src/toy.py's "
    "one session.run((gen_train_op, disc_train_op)); quick profile: alternating D then G (see QUICK_LR)",
    "z dim 128 ~ N(0, I) and width 128 as in the reference code's Z_DIM; Adam epsilon 1e-8 (TF1 default)",
)

NOT_LEARNED = "fewer than 10% of the samples lie within 3 std of a mode"

# ------------------------------------------------------------------------------------------------ ring


def ring_run_claims(metrics: dict, config: dict) -> list:
    """Fig 4: MM covers all 8 modes; NS drops modes while hopping between them. Undecided for a run that
    learned nothing (dropping every mode is not what Fig 4 shows)."""
    covered = metrics["modes_covered"]
    loss = config["generator_loss"]
    claims = []
    if loss == "mm":
        rarest = round(min(metrics["mode_frequencies"][:-1]), 4)
        claims = [
            Claim("ring_mm_covers_all", "Fig 4: MM covers all 8 ring modes", 8, covered, covered == 8),
            Claim("ring_mm_balanced", "Fig 4: MM's coverage is reasonable: every mode gets >= 2.5% of samples (1/5 of its share)",
                  ">= 0.025", rarest, rarest >= 0.025),
        ]
    elif loss == "ns":
        visited, at_once = metrics.get("modes_visited_late"), metrics.get("max_modes_covered_late")
        claims = [
            Claim("ring_ns_drops", "Fig 4: NS drops modes (covers fewer than 8 at the end)", "< 8", covered, covered < 8),
            Claim(
                "ring_ns_hops",
                "Fig 4: NS hops between modes (more modes visited over the second half than covered at once)",
                "visited > covered at once",
                [visited, at_once],
                None if visited is None else visited > at_once,
            ),
        ]
    return claim_shapes.gate_run(claims, metrics, mixture_learned, NOT_LEARNED)


def ring_claims(runs: Sequence[dict]) -> list:
    """Experiment-level: MM covers all 8 ring modes in every seed; MM covers more modes than NS (medians)."""
    by_variant = runs_by_variant(runs)
    mm, ns = by_variant.get("mm", []), by_variant.get("ns", [])
    return [
        claim_shapes.share_of_seeds(
            "ring_mm_covers_all_every_seed", "Fig 4: MM covers all 8 ring modes in every seed (share of seeds)",
            8, mm, lambda m: m["modes_covered"] == 8, every=True, learned=mixture_learned,
            detail={"modes_covered": [run["metrics"]["modes_covered"] for run in mm]}),
        claim_shapes.compare_medians(
            "ring_mm_more_modes_than_ns",
            "Fig 4: MM covers more ring modes than NS (median modes covered over seeds, MM vs NS)",
            [8, "< 8"], {"MM": mm, "NS": ns}, "modes_covered", lambda a, b: a > b, learned=mixture_learned),
    ]


# ------------------------------------------------------------------------------------------------ spiral


def spiral_run_claims(metrics: dict, config: dict) -> list:
    """Table 3: NS drops some modes (frequency below 1%), MM covers all 12."""
    frequencies = np.array(metrics["mode_frequencies"][:-1]) * 100.0
    loss = config["generator_loss"]
    claims = []
    if loss == "ns":
        paper_dropped = int(np.sum(np.array(TABLE3["ns"][:-1]) < 1.0))
        dropped = int(np.sum(frequencies < 1.0))
        claims = [
            Claim("spiral_ns_drops", "Table 3: NS drops some, not most, spiral modes (1 to 6 of 12 modes under 1% of samples)",
                  paper_dropped, dropped, 1 <= dropped <= 6),
        ]
    elif loss == "mm":
        covered = metrics["modes_covered"]
        paper_low = int(np.sum(np.array(TABLE3["mm"][:-1]) < 1.0))
        low = int(np.sum(frequencies < 1.0))
        claims = [
            Claim("spiral_mm_covers_all", "Table 3: MM covers all 12 spiral modes", 12, covered, covered == 12),
            Claim("spiral_mm_no_rare_mode", "Table 3: no spiral mode under 1% of MM's samples", paper_low, low, low == 0),
        ]
    return claim_shapes.gate_run(claims, metrics, mixture_learned, NOT_LEARNED)


def ns_dropped_mm_covered(ns_run: dict, mm_run: dict) -> int:
    """Spiral modes under 1% of NS's samples that hold at least 1% of MM's samples (the same seed)."""
    ns = np.array(ns_run["metrics"]["mode_frequencies"][:-1])
    mm = np.array(mm_run["metrics"]["mode_frequencies"][:-1])
    return int(np.sum((ns < 0.01) & (mm >= 0.01)))


def spiral_claims(runs: Sequence[dict]) -> list:
    """Experiment-level: in every seed NS drops a mode that MM keeps; MM's frequencies are closer to the data's
    than NS's; NS has more off-mode samples."""
    by_variant = runs_by_variant(runs)
    ns, mm = by_variant.get("ns", []), by_variant.get("mm", [])
    pairs = paired_by_seed(ns, mm)
    dropped_kept = [ns_dropped_mm_covered(ns_run, mm_run) for ns_run, mm_run in pairs]
    why = claim_shapes.not_learned({"NS": ns, "MM": mm}, mixture_learned)
    return [
        Claim(
            "spiral_ns_drops_what_mm_covers",
            "Table 3: in every seed NS leaves at least one mode under 1% of its samples that gets >= 1% of MM's "
            "(such modes per seed)",
            int(np.sum((np.array(TABLE3["ns"][:-1]) < 1.0) & (np.array(TABLE3["mm"][:-1]) >= 1.0))),
            claim_shapes.undecided_value(dropped_kept, why) if why else dropped_kept,
            None if why or not dropped_kept else all(count >= 1 for count in dropped_kept),
        ),
        claim_shapes.compare_medians(
            "spiral_mm_closer_to_data",
            f"Table 3: MM's mode frequencies are close to the data's (TV <= {ALIGNED_TV}) and closer than NS's "
            "(median TV distance, MM vs NS)",
            [_table3_tv("mm"), _table3_tv("ns")], {"MM": mm, "NS": ns}, "tv_to_data",
            lambda tv_mm, tv_ns: tv_mm <= ALIGNED_TV and tv_mm < tv_ns, learned=mixture_learned),
        claim_shapes.compare_medians(
            "spiral_ns_more_off_mode",
            f"Table 3: both costs put most samples on modes ('none' < {MOSTLY_ON_MODE}) and more NS than MM samples "
            "fall outside every mode (median 'none' fraction, NS vs MM)",
            [TABLE3["ns"][-1] / 100.0, TABLE3["mm"][-1] / 100.0], {"NS": ns, "MM": mm}, "mode_frequencies",
            lambda none_ns, none_mm: max(none_ns, none_mm) < MOSTLY_ON_MODE and none_ns > none_mm,
            learned=mixture_learned, index=-1),
    ]


def _toy_experiment(name: str, description: str, dataset: str, full_steps: int, full_eval_every: int, variants: dict,
                    run_claims, sweep_claims, claims_steps: int, findings: Optional[dict] = None) -> Experiment:
    """A toy mixture experiment: the quick profile of QUICK_LR, the reference's settings in full, and for the
    claims battery the reference's settings at `claims_steps` (10 seeds: 100,000+ steps of a 128-wide net are
    minutes each on a CPU, and at 5 seeds several rate claims stayed undecided)."""
    data = {"dataset": dataset, "data_std": 0.03}
    full = {**TOY_COMMON, **data, "steps": full_steps, "eval_every": full_eval_every, "checkpoint_every": 10_000}
    return Experiment(
        name=name, description=description,
        profiles={"quick": {**TOY_COMMON, **QUICK_LR, **data, "steps": 5_000, "eval_every": 1000},
                  "claims": {**full, "steps": claims_steps, "eval_every": claims_steps // 10,
                             "logged_series": ["d_loss", "g_loss", "fake_dp", "nsat_R"]},
                  "full": full},
        variants=variants, build=mixture_gan.build, run_claims=run_claims, sweep_claims=sweep_claims,
        reuse_compiled=True,  # a variant's seeds train one traced GAN (paper_runs.reuse): same numbers, less tracing
        run_figures=figures.mixture_run_figure, figures=figures.mixture_experiment_figures,
        headline=mixture_gan.mixture_headline, notes=NOTES,
        seeds={"quick": (0, 1, 2), "claims": tuple(range(10)), "full": (0, 1, 2)}, findings=findings or {},
    )


_RING_CHECKED = ("checked: the reference's settings at its own budget (1e5 simultaneous Adam steps, lr 1e-4, betas "
                 "0.9 / 0.999, summed costs, batch 128, std 0.03), 10 seeds (5 until 2026-12-02). ")
_RING_NS_FINDING = _RING_CHECKED + (
    "Seen instead: NS ends with all 8 modes covered in 9 of 10 seeds (final step, 2,500 samples); seed 2 sits on "
    "one mode, having visited 5 over the second half. Fig 4 shows a single run. Not tried: the anonymous copy's "
    "std 0.1.")
_RING_FINDINGS = {
    "ring_ns_drops": _RING_NS_FINDING,
    "ring_ns_hops": _RING_NS_FINDING,
    "ring_mm_more_modes_than_ns": _RING_NS_FINDING + " So the medians tie at 8.",
    "ring_mm_covers_all_every_seed": _RING_CHECKED + (
        "Seen instead: MM covers all 8 in 9 of 10 seeds; seed 8 ends with 7 (one mode under the coverage "
        "threshold). At 5 seeds (0-4) this claim held."),
    "ring_mm_balanced": _RING_CHECKED + (
        "Seen instead: MM reaches every mode but unevenly: its emptiest mode gets a median 1.5% of the samples "
        "(a fair share is 12.5%), so the >= 2.5% test holds in few seeds."),
}

_SPIRAL_CHECKED = ("checked: the reference's settings at 150,000 of Table 3's 1e6 steps, 10 seeds (5 until "
                   "2026-12-02); the longer budget was not run. ")
_SPIRAL_FINDINGS = {
    "spiral_ns_drops_what_mm_covers": _SPIRAL_CHECKED + (
        "Seen instead: NS leaves a mode under 1% that MM keeps in most seeds but not in every one."),
    "spiral_ns_more_off_mode": _SPIRAL_CHECKED + (
        "Seen instead: MM's median share of samples off every mode is above NS's (both well under a quarter)."),
    "spiral_ns_drops": _SPIRAL_CHECKED + (
        "Seen instead: seeds 0-4 and 8 drop 2-5 modes as Table 3 has it, seeds 5-7 and 9 drop 7-8 of 12, more than "
        "the claim's 6. At 5 seeds (0-4) this claim held."),
    "spiral_mm_covers_all": _SPIRAL_CHECKED + (
        "Seen instead: MM covers all 12 in 6 of 10 seeds and 10-11 in the others, so the rate's interval "
        "straddles 1/2."),
    "spiral_mm_no_rare_mode": _SPIRAL_CHECKED + (
        "Seen instead: MM keeps 1-5 modes under 1% of its samples in 8 of 10 seeds (covered, but thinly)."),
}

# Claims budgets: the ring's full 1e5 steps (Fig 4); the spiral at 150,000 of its 1e6 steps, by when Table 3's NS
# pattern (some modes dropped, MM covering all 12) appears at std 0.03 according to issue #15's earlier runs.
RING = _toy_experiment(
    "ring", "8-mode ring (std 0.03): NS hops between and drops modes, MM covers all 8 (Fig 4); MM-nsat beside",
    "ring8", 100_000, 5000, COSTS, ring_run_claims, ring_claims, claims_steps=100_000,
    findings=_RING_FINDINGS)
SPIRAL = _toy_experiment(
    "spiral", "12-mode spiral (std 0.03, Table 3's setting): NS drops modes, MM covers all 12 (Table 3, Fig 19)",
    "spiral12", 1_000_000, 50_000, {"ns": COSTS["ns"], "mm": COSTS["mm"]}, spiral_run_claims, spiral_claims,
    claims_steps=150_000,
    findings=_SPIRAL_FINDINGS)
