"""004's two-cluster GAN run (settings in `two_cluster`): 100 fixed 1-D points with a fixed z per point, full
batch, SGD with momentum; every `positions_every` iterations the fake points' range [min, max] is recorded, and
the points themselves for seeds below `position_paths_seeds` (None: every seed), which the figures draw.

Config keys: balance, num_points, cluster_width, latent_range, g_hidden, d_hidden, g_activation,
d_activation, init, js_d_loss_halved, lr, momentum, steps, eval_every, positions_every, position_paths_seeds,
success_radius, recovery_share, num_samples, and the GAN keys of `builders`.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from paper_runs import builders
from paper_runs.training import GANSetup, Probe, RunOutcome
from tfgan_repro import data as toy_data  # numpy only
from tfgan_repro.metrics.modes import cluster_counts


def recovery_iteration(count_series: list, needed: np.ndarray) -> Optional[int]:
    """The first step of [[step, cluster counts], ...] at which every cluster holds its `needed` count."""
    for step, counts in count_series:
        if all(c >= n for c, n in zip(counts, needed)):
            return int(step)
    return None


def tail_mean(series: list, fraction: float) -> Optional[float]:
    """Mean of the last `fraction` of a [step, value] series."""
    if not series:
        return None
    values = [v for _, v in series]
    return float(np.mean(values[-max(1, int(round(len(values) * fraction))):]))


def min_before(series: list, step: Optional[int]) -> Optional[float]:
    """Smallest value of a series at steps before `step` (the whole series when step is None)."""
    values = [v for s, v in series if step is None or s < step]
    return float(min(values)) if values else None


def fake_ranges(metrics: dict) -> list:
    """[[step, [min, max]], ...] of the recorded fake points: `eval_fake_range`, or taken from
    `eval_fake_positions` in results files written before the range was recorded."""
    if "eval_fake_range" in metrics:
        return metrics["eval_fake_range"]
    return [[s, [min(p), max(p)]] for s, p in metrics.get("eval_fake_positions", [])]


def paper_d_loss(metrics: dict) -> list:
    """The D-loss series in the reference code's convention (JS: the mean of the real and fake BCE): the
    logged `d_loss` times `d_loss_scale`. Results files written before that key held the scaled series."""
    if "d_loss_paper_convention" in metrics:
        return metrics["d_loss_paper_convention"]
    if "d_loss_scale" not in metrics:  # a run stopped before its end, or one that did not log d_loss
        return []
    scale = float(metrics["d_loss_scale"])
    return [[s, v * scale] for s, v in metrics.get("d_loss", []) if v is not None]


def build(config: dict, context) -> GANSetup:
    """The two-cluster GAN of `config`; finish measures the recovery iteration and the D losses in the
    reference code's convention (JS: the mean of real and fake BCE)."""
    import tensorflow as tf

    points_set = toy_data.two_cluster(
        balance=float(config["balance"]), num_points=int(config["num_points"]), seed=context.seed,
        width=float(config["cluster_width"]),
    )
    points = points_set.points.astype(np.float32)
    centers = points_set.centers.reshape(-1)
    data_counts = np.bincount(points_set.mode_ids, minlength=len(centers))
    half_range = float(config["latent_range"])
    latent_rng = builders.evaluation_rng(context.seed)
    latents = latent_rng.uniform(-half_range, half_range, (len(points), 1)).astype(np.float32)
    test_latents = latent_rng.uniform(-half_range, half_range, (int(config["num_samples"]), 1)).astype(np.float32)

    generator, discriminator = builders.mlp_players(config, 1, 1)
    builders.initialise([generator, discriminator], config["init"], context.seed)
    gan = builders.build_gan(config, generator, discriminator, share_real_batch=True)

    d_lr = float(config["lr"])
    if config["js_d_loss_halved"] and config["discriminator_loss"] == "logistic":
        # The reference JS D cost is (BCE_real + BCE_fake) / 2; the registry's is the sum. With SGD (and
        # momentum) halving the learning rate is exactly halving the cost.
        d_lr *= 0.5
        context.note("JS D cost halved as in GAN2_2Cluster.py, via D learning rate lr/2 (exactly equivalent for SGD)")
    d_optimizer = builders.sgd(d_lr, float(config["momentum"]))
    g_optimizer = builders.sgd(float(config["lr"]), float(config["momentum"]))
    radius = float(config["success_radius"])
    positions_every = int(config["positions_every"])
    path_seeds = config.get("position_paths_seeds")
    keep_paths = path_seeds is None or context.seed < int(path_seeds)
    batch = {"real": points, "latents": latents}

    def dataset() -> tf.data.Dataset:
        return tf.data.Dataset.from_tensors(batch).repeat()

    def measure(fake: np.ndarray, step: int) -> dict:
        fake = np.asarray(fake).reshape(-1)
        values = {"eval_cluster_counts": cluster_counts(fake, centers, radius)}
        if positions_every and step % positions_every == 0:
            positions = [round(float(x), 4) for x in fake]  # 1e-4 of clusters 0.3 wide
            values["eval_fake_range"] = [min(positions), max(positions)]  # what the claims read
            if keep_paths:
                values["eval_fake_positions"] = positions
        return values

    def finish(model, series: dict) -> RunOutcome:
        fake = model.generate(len(latents), latents=latents).reshape(-1)
        samples = model.generate(len(test_latents), latents=test_latents)
        counts = cluster_counts(fake, centers, radius)
        needed = np.ceil(float(config["recovery_share"]) * data_counts).astype(int)
        recovery = recovery_iteration(series.get("eval_cluster_counts", []) + [[int(config["steps"]), counts]], needed)
        scale = 0.5 if config["discriminator_loss"] == "logistic" else 1.0
        d_loss_paper = paper_d_loss({"d_loss": series.get("d_loss", []), "d_loss_scale": scale})
        metrics = {
            "centers": centers.tolist(),
            "data_counts": data_counts.tolist(),
            "final_cluster_counts": counts,
            "test_cluster_fractions": [c / len(samples) for c in cluster_counts(samples, centers, radius)],
            "recovery_iteration": recovery,
            "d_loss_scale": scale,  # paper_d_loss: the logged d_loss in the reference code's convention
            "final_d_loss_paper_convention": tail_mean(d_loss_paper, 0.1),
            "min_d_loss_before_recovery": min_before(d_loss_paper, recovery),
            "real_points": points.reshape(-1).tolist(),
        }
        return RunOutcome(metrics=metrics, samples=samples)

    context.note("two-cluster data: tfgan_repro.data.two_cluster, points and z ~ U[-r, r) fixed per seed")
    # G(z) of the 100 training latents every eval_every iterations, taken inside the compiled loop (record_every)
    return GANSetup(gan, d_optimizer, g_optimizer, dataset, finish, probe=Probe(latents, measure))
