"""004 two clusters at 2/3 : 1/3 (App. C.2, Fig 11): JS-GAN ends collapsed on one cluster, RS-GAN matches the
proportions. The run, settings and figures are the balanced experiment's (`two_cluster`); this module holds the
imbalanced claims.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from paper_runs import claims as claim_shapes
from paper_runs.landscape.two_cluster import LN2, LOSS_TOLERANCE, two_cluster_experiment
from paper_runs.results import Claim
from paper_runs.summaries import rate_difference_interval, runs_by_variant
from tfgan_repro.landscape import js_collapse_d_loss

PROPORTION_TOLERANCE = 0.1  # issue #6: "RS ends within 0.1 of 2/3 : 1/3" (was 0.05)
COLLAPSED_SHARE = 0.05  # a cluster holding under 5% of the generated points counts as dropped
NOT_NEAR_CLUSTERS = "fewer than 10% of the fake points lie near a cluster"


def _final_fractions(metrics: dict) -> tuple[list, list]:
    counts = np.asarray(metrics["final_cluster_counts"], float)
    total = float(sum(metrics["data_counts"]))
    return (counts / total).round(3).tolist(), (np.asarray(metrics["data_counts"], float) / total).round(3).tolist()


def near_clusters(metrics: dict) -> bool:
    """The run learned the data: >= LEARNED_SHARE of its fake points end within the success radius of a cluster."""
    return sum(_final_fractions(metrics)[0]) >= claim_shapes.LEARNED_SHARE


def _js_collapsed(metrics: dict) -> bool:
    return min(_final_fractions(metrics)[0]) < COLLAPSED_SHARE


def _rs_matched(metrics: dict) -> bool:
    fractions, target = _final_fractions(metrics)
    return all(abs(f - t) <= PROPORTION_TOLERANCE for f, t in zip(fractions, target))


def imbalanced_run_claims(metrics: dict, config: dict) -> list:
    """App. C.2: on 2/3 : 1/3 data JS collapses onto one cluster, RS matches the proportions (undecided for a
    run whose fake points are nowhere near the clusters)."""
    return claim_shapes.gate_run(_imbalanced_run_claims(metrics, config), metrics, near_clusters, NOT_NEAR_CLUSTERS)


def _imbalanced_run_claims(metrics: dict, config: dict) -> list:
    fractions, target = _final_fractions(metrics)
    if config["discriminator_loss"] == "logistic":
        plateau = round(js_collapse_d_loss(float(config["balance"])), 4)
        final = metrics["final_d_loss_paper_convention"]
        return [
            Claim("imbalanced_js_collapses",
                  f"App. C.2: JS-GAN ends in mode collapse (a cluster under {COLLAPSED_SHARE:.0%} of points; final fractions)",
                  "one cluster", fractions, _js_collapsed(metrics)),
            claim_shapes.within_tolerance(
                "imbalanced_js_collapse_loss", f"Claim C.1 / App. C.2: JS's final D loss is the collapse value {plateau} "
                f"(within {LOSS_TOLERANCE}; the paper's -0.56 in its sign)", plateau, final, LOSS_TOLERANCE),
        ]
    final = metrics["final_d_loss_paper_convention"]
    return [
        Claim("imbalanced_rs_matches",
              f"App. C.2: RS-GAN matches the 2/3 : 1/3 proportions (each final fraction within {PROPORTION_TOLERANCE})",
              target, fractions, _rs_matched(metrics)),
        claim_shapes.within_tolerance("imbalanced_rs_final_loss", f"RS's final D loss is its equilibrium ln 2 (within "
                                      f"{LOSS_TOLERANCE}), not 0.56", round(LN2, 4), final, LOSS_TOLERANCE, target=LN2),
    ]


def imbalanced_claims(runs: Sequence[dict]) -> list:
    """Over seeds: JS ends collapsed in most runs, RS matches the proportions in most runs; the final D losses.
    Undecided when a run's fake points are nowhere near the clusters."""
    by_variant = runs_by_variant(runs)
    js_runs, rs_runs = by_variant.get("js", []), by_variant.get("rs", [])
    claims = []
    if js_runs:
        claims.append(claim_shapes.rate_of_seeds(
            "imbalanced_js_collapse_share", "App. C.2 / Fig 11: JS-GAN ends in mode collapse in most seeds (rate over "
            "seeds with its 95% Wilson interval)",
            "collapses (one run shown)", js_runs, _js_collapsed, learned=near_clusters,
            detail={"final_fractions": [_final_fractions(r["metrics"])[0] for r in js_runs],
                    "final_d_loss": [None if r["metrics"]["final_d_loss_paper_convention"] is None
                                     else round(r["metrics"]["final_d_loss_paper_convention"], 4) for r in js_runs]}))
    if rs_runs:
        claims.append(claim_shapes.rate_of_seeds(
            "imbalanced_rs_match_share",
            f"App. C.2 / Fig 11: RS-GAN ends within {PROPORTION_TOLERANCE} of 2/3 : 1/3 in most seeds (rate over seeds "
            "with its 95% Wilson interval)",
            "matches (one run shown)", rs_runs, _rs_matched, learned=near_clusters,
            detail={"final_fractions": [_final_fractions(r["metrics"])[0] for r in rs_runs]}))
    if js_runs and rs_runs:
        claims.append(collapse_rate_comparison(js_runs, rs_runs))
    return claims


def collapse_rate_comparison(js_runs: Sequence[dict], rs_runs: Sequence[dict]) -> Claim:
    """JS collapses more often than RS: the difference of the two collapse rates over seeds, with its 95%
    interval (Newcombe); holds when the interval lies above 0, does not when it lies at or below 0."""
    description = ("App. C.2: JS-GAN collapses more often than RS-GAN on 2/3 : 1/3 data (collapse rates over seeds, "
                   "JS - RS with its 95% Newcombe interval)")
    kept, left_out, why = claim_shapes.learned_sides({"JS": js_runs, "RS": rs_runs}, near_clusters)
    js_runs, rs_runs = kept["JS"], kept["RS"]
    js_collapsed = sum(_js_collapsed(r["metrics"]) for r in js_runs)
    rs_collapsed = sum(_js_collapsed(r["metrics"]) for r in rs_runs)
    low, high = rate_difference_interval(js_collapsed, len(js_runs), rs_collapsed, len(rs_runs))
    measured = {"js_rate": round(js_collapsed / max(len(js_runs), 1), 3),
                "rs_rate": round(rs_collapsed / max(len(rs_runs), 1), 3),
                "difference95": [round(low, 3), round(high, 3)], "seeds": [len(js_runs), len(rs_runs)]}
    measured = claim_shapes.with_left_out(measured, left_out)
    if why:
        return Claim("imbalanced_js_collapses_more", description, "JS collapses, RS does not",
                     claim_shapes.undecided_value(measured, why), None)
    return Claim("imbalanced_js_collapses_more", description, "JS collapses, RS does not", measured,
                 None if low <= 0.0 < high else low > 0.0)


# What was checked where a claim did not reproduce (printed by the claims report under such a claim). The
# per-run claims (ids without _share) are the same questions run by run: they get the same notes.
_JS_COLLAPSE_FINDING = (
    "the reference code's settings (as the balanced experiment) at 2/3 : 1/3, 20 seeds; App. C.2 shows one "
    "run. Seen instead: JS ends on one cluster in a minority of seeds (those end at the collapse D loss "
    "0.56 of Claim C.1, final_d_loss beside the fractions); the others end near the data's proportions. JS "
    "does collapse more often than RS (imbalanced_js_collapses_more).")
_RS_MATCH_FINDING = (
    "the same 20 seeds: RS ends with both clusters in nearly every seed, but the 0.1 tolerance on each "
    "fraction fails in some (the final fractions are listed); the rate's interval still straddles 1/2.")
FINDINGS = {
    "imbalanced_js_collapse_share": _JS_COLLAPSE_FINDING,
    "imbalanced_js_collapses": _JS_COLLAPSE_FINDING,
    "imbalanced_js_collapse_loss": _JS_COLLAPSE_FINDING,
    "imbalanced_rs_match_share": _RS_MATCH_FINDING,
    "imbalanced_rs_matches": _RS_MATCH_FINDING,
}

IMBALANCED_EXPERIMENT = two_cluster_experiment(
    "two_cluster_imbalanced",
    "1-D two clusters 2/3 : 1/3: JS-GAN collapses, RS-GAN matches the proportions (App. C.2, Fig 11)",
    2 / 3, imbalanced_run_claims, imbalanced_claims, findings=FINDINGS)
