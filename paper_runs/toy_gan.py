"""Builders shared by the toy (vector-data) experiments of the papers.

    mixture_gan_build(run_claims)   2-D Gaussian mixtures (000 ring / spiral, 003 ring of 6, 004 5-Gaussian):
                                    MLP G and D, a fresh-sample stream, coverage measured on fixed latents.
    two_cluster_build(run_claims)   004's 1-D two-cluster set: 100 fixed points with a fixed z per point,
                                    full batch, SGD with momentum, fake-point trajectories recorded.

Each returns a `build(config, context) -> GANSetup` for `runner.Experiment(build=...)`; `run_claims(metrics,
config) -> [Claim]` is the paper module's judgement of one finished run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Mapping, Optional, Sequence

import numpy as np

from paper_runs.results import Claim
from paper_runs.training import GANSetup, RunOutcome
from tfgan_repro import data as toy_data  # numpy only

if TYPE_CHECKING:  # TensorFlow loads when a run is built, so --list and input errors stay fast
    import keras
    import tensorflow as tf

    from tfgan_repro.gan import GAN

RunClaims = Callable[[dict, dict], Sequence[Claim]]

# Offsets that keep the run's independent random streams apart (data, evaluation latents, init).
_EVAL_STREAM = 7919
_INIT_STREAM = 104729


def stream_seed(seed: int, start_step: int) -> int:
    """Seed of the data stream of a run (re-keyed after a resume at `start_step`)."""
    return int(seed) if start_step == 0 else int(seed) * 1_000_003 + int(start_step)


def adam(config: Mapping, prefix: str) -> "keras.optimizers.Adam":
    """Adam from `<prefix>lr`, `adam_beta1`, `<prefix>adam_beta2` (falls back to `adam_beta2`), `adam_epsilon`."""
    import keras

    beta2 = config.get(f"{prefix}adam_beta2") or config["adam_beta2"]
    return keras.optimizers.Adam(
        learning_rate=float(config[f"{prefix}lr"]),
        beta_1=float(config["adam_beta1"]),
        beta_2=float(beta2),
        epsilon=float(config["adam_epsilon"]),
    )


def torch_default_init(model: "keras.Model", rng: np.random.Generator) -> None:
    """Re-initialise every Dense layer as PyTorch's nn.Linear does: kernel and bias ~ U(-1/sqrt(fan_in),
    1/sqrt(fan_in)). The 004 reference code (PyTorch) uses this default."""
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            fan_in = layer.kernel.shape[0]
            bound = 1.0 / np.sqrt(fan_in)
            layer.kernel.assign(rng.uniform(-bound, bound, layer.kernel.shape).astype(np.float32))
            if layer.bias is not None:
                layer.bias.assign(rng.uniform(-bound, bound, layer.bias.shape).astype(np.float32))


def normal_init(model: "keras.Model", rng: np.random.Generator, bias: float = 0.01) -> None:
    """Kernels ~ N(0, 1), biases = 0.01 (002's notebook: nn.init.normal_ and bias.fill_(0.01))."""
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            layer.kernel.assign(rng.standard_normal(layer.kernel.shape).astype(np.float32))
            if layer.bias is not None:
                layer.bias.assign(np.full(layer.bias.shape, bias, np.float32))


def _initialise(models: Sequence[keras.Model], config: Mapping, seed: int) -> None:
    scheme = config.get("init", "keras")
    if scheme == "keras":
        return  # glorot-uniform kernels, zero biases (= TF1 tf.layers.dense, the 000 reference code)
    if scheme == "torch":
        for index, model in enumerate(models):
            torch_default_init(model, np.random.default_rng([seed, _INIT_STREAM, index]))
        return
    if scheme == "normal":
        for index, model in enumerate(models):
            normal_init(model, np.random.default_rng([seed, _INIT_STREAM, index]))
        return
    raise ValueError(f"unknown init {scheme!r}; valid: keras, torch, normal")


def _gan(config: Mapping, generator: "keras.Model", discriminator: "keras.Model", **extra) -> "GAN":
    from tfgan_repro.gan import GAN

    return GAN(
        generator,
        discriminator,
        generator_loss=config["generator_loss"],
        discriminator_loss=config["discriminator_loss"],
        generator_loss_params={"reduction": config["generator_reduction"]},
        discriminator_loss_params={"reduction": config["discriminator_reduction"]},
        n_dis=int(config.get("n_dis", 1)),
        n_gen=int(config.get("n_gen", 1)),
        simultaneous=bool(config.get("simultaneous", False)),
        **extra,
    )


# ------------------------------------------------------------------------------------------- mixtures


def mixture_coverage_summary(samples: np.ndarray, mixture, threshold: float) -> dict:
    """tfgan_repro.metrics.mixture_coverage as plain numbers: modes covered, high-quality fraction,
    per-mode frequencies (modes then "none"), and the total-variation distance to the data's frequencies."""
    from tfgan_repro.metrics.modes import mixture_coverage

    coverage = mixture_coverage(samples, mixture.means, mixture.stds, threshold=threshold)
    frequencies = [float(f) for f in np.asarray(coverage["mode_frequencies"], np.float64).reshape(-1)]
    data_frequencies = [float(w) for w in mixture.weights] + [0.0]
    return {
        "modes_covered": int(coverage["modes_covered"]),
        "high_quality_fraction": float(coverage["high_quality_fraction"]),
        "mode_frequencies": frequencies,
        "tv_to_data": 0.5 * float(np.abs(np.asarray(frequencies) - np.asarray(data_frequencies)).sum()),
    }


def mixture_gan_build(run_claims: RunClaims) -> Callable[[dict, object], GANSetup]:
    """A build function for a GAN on a toy Gaussian mixture `config["dataset"]` (tfgan_repro.data name).

    Config keys: dataset, data_std, latent_dim, latent_distribution, g_hidden, d_hidden, activation,
    d_activation, d_output_unit_norm (optional), generator_loss, discriminator_loss, generator_reduction, discriminator_reduction,
    batch_size, g_lr, d_lr, adam_beta1, adam_beta2, g_adam_beta2, adam_epsilon, steps, num_samples,
    coverage_threshold, eval_every."""

    def build(config: dict, context) -> GANSetup:
        import keras
        import tensorflow as tf

        from tfgan_repro.models import mlp

        mixture = toy_data.get_toy(config["dataset"], std=float(config["data_std"]))
        latent_dim = int(config["latent_dim"])
        generator = mlp(
            latent_dim, config["g_hidden"], mixture.dim, activation=config["activation"], name="generator"
        )
        discriminator = mlp(
            mixture.dim, config["d_hidden"], 1, activation=config.get("d_activation") or config["activation"],
            name="discriminator",
        )
        _initialise([generator, discriminator], config, context.seed)
        if config.get("d_output_unit_norm"):
            # RS-GAN's 5gaussian.py renormalises D's last weight vector to unit norm after every D step.
            discriminator.layers[-1].kernel.constraint = keras.constraints.UnitNorm(axis=0)
        gan = _gan(config, generator, discriminator, latent_distribution=config["latent_distribution"])
        batch_size = int(config["batch_size"]) * int(config.get("n_dis", 1))
        threshold = float(config["coverage_threshold"])
        eval_rng = np.random.default_rng([context.seed, _EVAL_STREAM])
        if config["latent_distribution"] == "uniform":
            eval_latents = eval_rng.uniform(-1.0, 1.0, (int(config["num_samples"]), latent_dim))
        else:
            eval_latents = eval_rng.standard_normal((int(config["num_samples"]), latent_dim))
        eval_latents = eval_latents.astype(np.float32)

        def dataset(start_step: int) -> tf.data.Dataset:
            stream = mixture.dataset(seed=stream_seed(context.seed, start_step))
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
            metrics.update(_visiting_statistics(series.get("eval_mode_frequencies", []) + [[int(config["steps"]), metrics["mode_frequencies"]]]))
            claims = list(run_claims(metrics, config))
            return RunOutcome(metrics=metrics, claims=claims, samples=samples)

        context.note(f"toy data: tfgan_repro.data.{config['dataset']}(std={config['data_std']}), fresh samples each step")
        d_optimizer, g_optimizer = adam(config, "d_"), adam(config, "g_")
        return GANSetup(gan, d_optimizer, g_optimizer, dataset, finish, evaluate=evaluate if int(config.get("eval_every", 0)) else None)

    return build


def _visiting_statistics(frequency_series: list) -> dict:
    """Mode hopping from the evaluations in the second half of training: how many modes were covered at some
    evaluation vs the most covered at once."""
    if not frequency_series:
        return {}
    last_step = frequency_series[-1][0]
    late = [np.asarray(freqs[:-1]) > 0 for step, freqs in frequency_series if step >= last_step / 2]
    visited = np.any(late, axis=0)
    return {
        "modes_visited_late": int(visited.sum()),
        "max_modes_covered_late": int(max(int(c.sum()) for c in late)),
    }


# ------------------------------------------------------------------------------------------- two clusters


def cluster_counts(positions: np.ndarray, centers: np.ndarray, radius: float) -> list[int]:
    """How many 1-D points lie strictly within `radius` of each center (GAN2_2Cluster.py's success check)."""
    positions = np.asarray(positions, np.float64).reshape(-1)
    return [int(np.sum(np.abs(positions - c) < radius)) for c in np.asarray(centers, np.float64).reshape(-1)]


def two_cluster_build(run_claims: RunClaims) -> Callable[[dict, object], GANSetup]:
    """A build function for 004's two-cluster experiment (see landscape.py for the settings).

    Config keys: balance, num_points, cluster_width, latent_range, g_hidden, d_hidden, g_activation,
    d_activation, init, generator_loss, discriminator_loss, generator_reduction, discriminator_reduction,
    n_dis, n_gen, lr, momentum, js_d_loss_halved, steps, eval_every, positions_every, success_radius,
    recovery_share, num_samples."""

    def build(config: dict, context) -> GANSetup:
        import keras
        import tensorflow as tf

        from tfgan_repro.models import mlp

        points_set = toy_data.two_cluster(
            balance=float(config["balance"]), num_points=int(config["num_points"]), seed=context.seed,
            width=float(config["cluster_width"]),
        )
        points = points_set.points.astype(np.float32)
        centers = points_set.centers.reshape(-1)
        data_counts = np.bincount(points_set.mode_ids, minlength=len(centers))
        half_range = float(config["latent_range"])
        latent_rng = np.random.default_rng([context.seed, _EVAL_STREAM])
        latents = latent_rng.uniform(-half_range, half_range, (len(points), 1)).astype(np.float32)
        test_latents = latent_rng.uniform(-half_range, half_range, (int(config["num_samples"]), 1)).astype(np.float32)

        generator = mlp(1, config["g_hidden"], 1, activation=config["g_activation"], name="generator")
        discriminator = mlp(1, config["d_hidden"], 1, activation=config["d_activation"], name="discriminator")
        _initialise([generator, discriminator], config, context.seed)
        gan = _gan(config, generator, discriminator, share_real_batch=True)

        d_lr = float(config["lr"])
        if config["js_d_loss_halved"] and config["discriminator_loss"] == "logistic":
            # The reference JS D cost is (BCE_real + BCE_fake) / 2; the registry's is the sum. With SGD (and
            # momentum) halving the learning rate is exactly halving the cost.
            d_lr *= 0.5
            context.note("JS D cost halved as in GAN2_2Cluster.py, via D learning rate lr/2 (exactly equivalent for SGD)")
        d_optimizer = keras.optimizers.SGD(d_lr, momentum=float(config["momentum"]))
        g_optimizer = keras.optimizers.SGD(float(config["lr"]), momentum=float(config["momentum"]))
        radius = float(config["success_radius"])
        positions_every = int(config["positions_every"])
        batch = {"real": points, "latents": latents}

        def dataset(start_step: int) -> tf.data.Dataset:
            return tf.data.Dataset.from_tensors(batch).repeat()

        def evaluate(model: GAN, step: int) -> dict:
            fake = model.generate(len(latents), latents=latents).reshape(-1)
            values = {"eval_cluster_counts": cluster_counts(fake, centers, radius)}
            if positions_every and step % positions_every == 0:
                values["eval_fake_positions"] = [round(float(x), 5) for x in fake]
            return values

        def finish(model: GAN, series: dict) -> RunOutcome:
            fake = model.generate(len(latents), latents=latents).reshape(-1)
            samples = model.generate(len(test_latents), latents=test_latents)
            counts = cluster_counts(fake, centers, radius)
            needed = np.ceil(float(config["recovery_share"]) * data_counts).astype(int)
            recovery = None
            for step, step_counts in series.get("eval_cluster_counts", []) + [[int(config["steps"]), counts]]:
                if all(c >= n for c, n in zip(step_counts, needed)):
                    recovery = int(step)
                    break
            scale = 0.5 if config["discriminator_loss"] == "logistic" else 1.0
            d_loss_paper = [[s, v * scale] for s, v in series.get("d_loss", []) if v is not None]
            metrics = {
                "centers": centers.tolist(),
                "data_counts": data_counts.tolist(),
                "final_cluster_counts": counts,
                "test_cluster_fractions": [c / len(samples) for c in cluster_counts(samples, centers, radius)],
                "recovery_iteration": recovery,
                "d_loss_paper_convention": d_loss_paper,
                "final_d_loss_paper_convention": _tail_mean(d_loss_paper, 0.1),
                "min_d_loss_before_recovery": _min_before(d_loss_paper, recovery),
                "real_points": points.reshape(-1).tolist(),
            }
            return RunOutcome(metrics=metrics, claims=list(run_claims(metrics, config)), samples=samples)

        context.note("two-cluster data: tfgan_repro.data.two_cluster, points and z ~ U[-r, r) fixed per seed")
        return GANSetup(gan, d_optimizer, g_optimizer, dataset, finish, evaluate=evaluate)

    return build


def _tail_mean(series: list, fraction: float) -> Optional[float]:
    """Mean of the last `fraction` of a [step, value] series."""
    if not series:
        return None
    values = [v for _, v in series]
    count = max(1, int(round(len(values) * fraction)))
    return float(np.mean(values[-count:]))


def _min_before(series: list, step: Optional[int]) -> Optional[float]:
    """Smallest value of a series at steps before `step` (the whole series when step is None)."""
    values = [v for s, v in series if step is None or s < step]
    return float(min(values)) if values else None


# ------------------------------------------------------------------------------------------- moons


def moon_arcs(points_per_arc: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """Dense points on make_moons' two arcs: outer (cos s, sin s), inner (1 - cos s, 0.5 - sin s), s in [0, pi]."""
    s = np.linspace(0.0, np.pi, points_per_arc)
    outer = np.stack([np.cos(s), np.sin(s)], axis=1)
    inner = np.stack([1.0 - np.cos(s), 0.5 - np.sin(s)], axis=1)
    return outer, inner


def moon_distances(samples: np.ndarray) -> dict:
    """Off-moon fraction (distance to both arcs > threshold is applied by the caller), per-moon shares."""
    outer, inner = moon_arcs()
    samples = np.asarray(samples, np.float64)
    d_outer = np.sqrt(((samples[:, None, :] - outer[None]) ** 2).sum(-1)).min(1)
    d_inner = np.sqrt(((samples[:, None, :] - inner[None]) ** 2).sum(-1)).min(1)
    return {"distance": np.minimum(d_outer, d_inner), "nearer_outer": d_outer <= d_inner}


def moons_build(run_claims: RunClaims) -> Callable[[dict, object], GANSetup]:
    """A build function for 002's moons (see moons.py for the settings)."""

    def build(config: dict, context) -> GANSetup:
        import keras
        import tensorflow as tf

        from tfgan_repro.models import mlp

        moons = toy_data.moons(int(config["num_points"]))
        points = moons.points.astype(np.float32)
        latent_dim = int(config["latent_dim"])
        generator = mlp(latent_dim, config["g_hidden"], 2, activation=config["g_activation"], name="generator")
        discriminator = mlp(2, config["d_hidden"], 1, activation=config["d_activation"], name="discriminator")
        _initialise([generator, discriminator], config, context.seed)
        gan = _gan(config, generator, discriminator, g_first=bool(config["g_first"]))
        d_lr = float(config["lr"]) * (0.5 if config["d_loss_halved"] else 1.0)
        d_optimizer = keras.optimizers.SGD(d_lr)
        g_optimizer = keras.optimizers.SGD(float(config["lr"]))
        threshold = float(config["off_moon_distance"])
        latents = np.random.default_rng([context.seed, _EVAL_STREAM]).standard_normal(
            (int(config["num_samples"]), latent_dim)).astype(np.float32)

        def dataset(start_step: int) -> tf.data.Dataset:
            return tf.data.Dataset.from_tensors(points).repeat()

        def summary(samples: np.ndarray) -> dict:
            measured = moon_distances(samples)
            on_moon = measured["distance"] <= threshold
            outer_share = float(np.mean(on_moon & measured["nearer_outer"]))
            inner_share = float(np.mean(on_moon & ~measured["nearer_outer"]))
            return {
                "off_moon_fraction": float(1.0 - on_moon.mean()),
                "moon_fractions": [outer_share, inner_share],
                "mean_moon_distance": float(measured["distance"].mean()),
            }

        def evaluate(model, step: int) -> dict:
            values = summary(model.generate(len(latents), latents=latents))
            return {f"eval_{key}": value for key, value in values.items()}

        def finish(model, series: dict) -> RunOutcome:
            samples = model.generate(len(latents), latents=latents)
            metrics = summary(samples)
            metrics["real_points"] = points.tolist()
            return RunOutcome(metrics=metrics, claims=list(run_claims(metrics, config)), samples=samples)

        context.note("moons data: tfgan_repro.data.moons(32), the same 32 points every step (full batch)")
        return GANSetup(gan, d_optimizer, g_optimizer, dataset, finish, evaluate=evaluate)

    return build
