"""A tiny paper for the runner's tests: a 2-D Gaussian, 8-unit MLPs, a few hundred steps.

Runnable as a script (the SIGKILL-resume test starts it in a subprocess):
    python tests/paper_runs/tiny_paper.py tiny --out DIR steps=3000
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import numpy as np  # noqa: E402

from paper_runs.results import Claim  # noqa: E402
from paper_runs.runner import Experiment, Paper, main  # noqa: E402
from paper_runs.summaries import median_of, runs_by_variant  # noqa: E402
from paper_runs.training import GANSetup, RunOutcome  # noqa: E402

DEFAULTS = {
    "generator_loss": "ns",
    "discriminator_loss": "logistic",
    "hidden": [8],
    "lr": 1e-3,
    "batch_size": 32,
    "steps": 200,
    "steps_per_execution": 10,
    "log_every": 10,
    "eval_every": 50,
    "checkpoint_every": 100,
    "nan_after": -1,  # >= 0: the real batch is NaN from this (0-based) batch index on (injected bad data)
    "num_samples": 2500,
}


def build(config: dict, context) -> GANSetup:
    import keras
    import tensorflow as tf

    from tfgan_repro.gan import GAN
    from tfgan_repro.models import mlp

    generator = mlp(2, config["hidden"], 2, name="generator")
    discriminator = mlp(2, config["hidden"], 1, name="discriminator")
    gan = GAN(generator, discriminator, generator_loss=config["generator_loss"],
              discriminator_loss=config["discriminator_loss"])
    batch_size, nan_after, seed = int(config["batch_size"]), int(config["nan_after"]), int(context.seed)

    def batch(index):
        points = 0.5 * tf.random.stateless_normal([batch_size, 2], seed=tf.stack([tf.cast(seed, tf.int64), index])) + 1.0
        if nan_after >= 0:
            points = tf.where(index >= nan_after, points * np.nan, points)
        return points

    def dataset():
        return tf.data.Dataset.counter().map(batch)

    latents = np.random.default_rng(seed).standard_normal((int(config["num_samples"]), 2)).astype(np.float32)

    def evaluate(model, step):
        return {"eval_sample_mean": float(model.generate(256, latents=latents[:256]).mean())}

    def finish(model, series):
        samples = model.generate(len(latents), latents=latents)
        return RunOutcome(metrics={"sample_mean": float(samples.mean()), "sample_std": float(samples.std())},
                          samples=samples)

    return GANSetup(gan, keras.optimizers.Adam(float(config["lr"])), keras.optimizers.Adam(float(config["lr"])),
                    dataset, finish, evaluate=evaluate)


def run_claims(metrics, config):
    mean = metrics["sample_mean"]
    return [Claim("tiny_mean", "samples' mean is within 2 of the data's (1.0)", 1.0, mean, abs(mean - 1.0) < 2.0)]


def aggregate(runs):
    by_variant = runs_by_variant(runs)
    ns, mm = median_of(by_variant.get("ns", []), "sample_mean"), median_of(by_variant.get("mm", []), "sample_mean")
    return [Claim("tiny_both_ran", "both variants produced a finite sample mean", "finite", [ns, mm],
                  ns is not None and mm is not None)]


def tiny_figure(run_dir):
    from paper_runs import figures

    return figures.mixture_run_figure(run_dir)


TINY = Experiment(
    name="tiny",
    description="a 2-D Gaussian fitted by 8-unit MLPs",
    profiles={"quick": DEFAULTS, "full": {**DEFAULTS, "steps": 1000}},
    variants={"ns": {"generator_loss": "ns"}, "mm": {"generator_loss": "mm"}},
    build=build,
    run_claims=run_claims,
    sweep_claims=aggregate,
    run_figures=tiny_figure,
    seeds={"quick": (0,), "full": (0, 1)},
    headline=lambda results: f"mean {results['metrics']['sample_mean']:.3f}",
)

PAPER = Paper("tiny_paper", "999", "A tiny paper for tests", [
    TINY,
    Experiment.not_implemented("later", "an experiment someone will add"),
])

if __name__ == "__main__":
    raise SystemExit(main(PAPER))
