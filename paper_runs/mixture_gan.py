"""The toy-mixture GAN run: 2-D Gaussian mixtures (000 ring / spiral, 004 5-Gaussian), MLP G and D, a fresh
sample stream, coverage measured on fixed latents at every evaluation and at the end.

Config keys: dataset, data_std, latent_dim, latent_distribution, g_hidden, d_hidden, activation,
d_activation (None: activation), init, d_output_unit_norm, batch_size, n_dis, g_lr, d_lr, adam_*, steps,
num_samples, coverage_threshold, eval_every, and the GAN keys of `builders` (`model`: GAN, Reg-GAN or MDGAN).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_runs import builders
from paper_runs.training import GANSetup, RunOutcome
from tfgan_repro import data as toy_data  # numpy only
from tfgan_repro.metrics.modes import mixture_coverage_summary, visiting_statistics

if TYPE_CHECKING:
    from tfgan_repro.gan import GAN


def build(config: dict, context) -> GANSetup:
    """A GAN on the toy mixture `config["dataset"]` (a tfgan_repro.data name)."""
    import keras
    import tensorflow as tf

    mixture = toy_data.get_toy(config["dataset"], std=float(config["data_std"]))
    latent_dim = int(config["latent_dim"])
    generator, discriminator = builders.mlp_players(config, mixture.dim, latent_dim)
    builders.initialise([generator, discriminator], config.get("init", "keras"), context.seed)
    if config.get("d_output_unit_norm"):
        # RS-GAN's 5gaussian.py renormalises D's last weight vector to unit norm after every D step.
        discriminator.layers[-1].kernel.constraint = keras.constraints.UnitNorm(axis=0)
    gan = builders.build_gan_model(config, generator, discriminator, (mixture.dim,))
    batch_size = int(config["batch_size"]) * int(config.get("n_dis", 1))
    threshold = float(config["coverage_threshold"])
    eval_latents = builders.draw_latents(builders.evaluation_rng(context.seed), int(config["num_samples"]),
                                         latent_dim, config["latent_distribution"])

    def dataset() -> tf.data.Dataset:
        stream = mixture.dataset(seed=builders.stream_seed(context.seed))
        return stream.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

    def evaluate(model: GAN, step: int) -> dict:
        summary = mixture_coverage_summary(model.generate(len(eval_latents), latents=eval_latents), mixture, threshold)
        return {
            "eval_modes_covered": summary["modes_covered"],
            "eval_high_quality_fraction": summary["high_quality_fraction"],
            "eval_mode_frequencies": summary["mode_frequencies"],
        }

    def finish(model: GAN, series: dict) -> RunOutcome:
        samples = model.generate(len(eval_latents), latents=eval_latents)
        metrics = mixture_coverage_summary(samples, mixture, threshold)
        metrics.update(
            mode_means=mixture.means.tolist(),
            mode_stds=mixture.stds.tolist(),
            data_frequencies=[float(w) for w in mixture.weights],
        )
        final = [[int(config["steps"]), metrics["mode_frequencies"]]]
        metrics.update(visiting_statistics(series.get("eval_mode_frequencies", []) + final))
        return RunOutcome(metrics=metrics, samples=samples)

    context.note(f"toy data: tfgan_repro.data.{config['dataset']}(std={config['data_std']}), fresh samples each step")
    return GANSetup(gan, builders.adam(config, "d"), builders.adam(config, "g"), dataset, finish,
                    evaluate=evaluate if int(config.get("eval_every", 0)) else None)


def mixture_headline(results: dict) -> str:
    """Modes covered, high-quality %, TV to the data, and per-mode frequencies in % (modes then "none")."""
    metrics = results["metrics"]
    frequencies = " ".join(f"{100 * f:.1f}" for f in metrics["mode_frequencies"])
    return (f"modes {metrics['modes_covered']}/{len(metrics['mode_means'])}, high-quality "
            f"{100 * metrics['high_quality_fraction']:.1f}%, TV to data {metrics['tv_to_data']:.3f}, "
            f"freq % [{frequencies}]")
