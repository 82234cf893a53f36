"""The board's datasets, their per-profile settings (one architecture, budget and optimizer per dataset, the
same for every cost) and the run that trains one cost on one of them.

Metrics of every 2-D / 1-D run (2,500 samples from fixed latents): modes_covered, high_quality_fraction (the
share of samples on some mode), mode_frequencies (per mode, "off-mode" last) and tv_to_data, the total
variation 0.5 sum_k |p_gen(k) - p_data(k)| over the modes AND the off-mode bin (p_data(off) = 0, so off-mode
samples count fully against a cost). What "on a mode" means:
    Gaussian mixtures   within 3 std of the nearest mean (metrics.modes.mixture_coverage, VEEGAN / PacGAN)
    two-cluster (1-D)   within 0.36 of a cluster's left end, 0 or 4 (004's success radius, GAN2_2Cluster.py)
    moons               within 0.1 of the nearer arc (metrics.moons.moon_summary)
Stacked MNIST: modes of 1000 hit by the final samples and KL(p_gen || uniform) (nats), the MNIST CNN labelling
each channel (metrics.modes.stacked_mnist_modes).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

import numpy as np

from paper_runs import builders
from paper_runs.training import GANSetup, RunOutcome
from tfgan_repro.data import toy
from tfgan_repro.metrics.modes import cluster_counts, mixture_coverage_summary
from tfgan_repro.metrics.moons import moon_summary

# Per process: the Stacked MNIST arrays and the MNIST classifier, read once for a child's many runs (~2 s a run).
_LOADED: dict = {}
TWO_CLUSTER_RADIUS = 0.36  # paper_runs.landscape.two_cluster's success_radius
MOON_THRESHOLD = 0.1


@dataclasses.dataclass(frozen=True)
class BoardDataset:
    """A board column: how to make the data, how to measure a run on it, its settings per profile."""

    name: str
    description: str
    make: Callable[[], Any]  # -> a toy.GaussianMixture / toy.FixedPointSet (None for images)
    profiles: dict
    image: bool = False


def frequency_summary(frequencies: np.ndarray, data_weights: np.ndarray) -> dict:
    """Modes covered, high-quality fraction and TV to the data from per-mode frequencies with off-mode last."""
    frequencies = np.asarray(frequencies, np.float64)
    target = np.append(np.asarray(data_weights, np.float64) / np.sum(data_weights), 0.0)
    return {
        "modes_covered": int(np.count_nonzero(frequencies[:-1])),
        "high_quality_fraction": float(frequencies[:-1].sum()),
        "mode_frequencies": [float(f) for f in frequencies],
        "tv_to_data": float(0.5 * np.abs(frequencies - target).sum()),
    }


def coverage(samples: np.ndarray, data: Any, threshold: float = 3.0) -> dict:
    """The board's metrics of `samples` [N, dim] against `data` (see the module docstring)."""
    if isinstance(data, toy.GaussianMixture):
        return mixture_coverage_summary(samples, data, threshold)
    if data.name.startswith("moons"):
        found = moon_summary(samples, MOON_THRESHOLD)
        frequencies = [*found["moon_fractions"], found["off_moon_fraction"]]
    else:  # two-cluster: clusters at 0 + 0.3 U[0, 1) and 4 + 0.3 U[0, 1)
        counts = np.asarray(cluster_counts(samples, data.centers, TWO_CLUSTER_RADIUS), np.float64)
        frequencies = [*(counts / len(samples)), 1.0 - counts.sum() / len(samples)]
    return frequency_summary(np.asarray(frequencies), data.weights)


def build_toy(config: dict, context) -> GANSetup:
    """One board run on a vector dataset: MLP players, Adam, the cost's settings; coverage at the end."""
    import tensorflow as tf

    data = DATASETS[config["dataset"]].make()
    dim, latent_dim = data.points.shape[1] if hasattr(data, "points") else data.dim, int(config["latent_dim"])
    generator, discriminator = builders.mlp_players(config, dim, latent_dim)
    gan = builders.build_gan_model(config, generator, discriminator, (dim,))
    eval_latents = builders.draw_latents(builders.evaluation_rng(context.seed), int(config["num_samples"]), latent_dim)

    def dataset() -> tf.data.Dataset:
        stream = data.dataset(seed=builders.stream_seed(context.seed))
        return stream.batch(int(config["batch_size"]) * int(config.get("n_dis", 1)), drop_remainder=True)

    def finish(model, series: dict) -> RunOutcome:
        samples = model.generate(len(eval_latents), latents=eval_latents)
        metrics = coverage(samples, data)
        metrics["data_frequencies"] = [float(w) for w in data.weights]
        return RunOutcome(metrics=metrics, samples=samples)

    return GANSetup(gan, builders.adam(config, "d"), builders.adam(config, "g"), dataset, finish)


def stacked_mnist_missing(data_dir: Optional[str] = None) -> Optional[str]:
    """Why the Stacked MNIST column cannot run here (one line), or None when the MNIST files are found."""
    from tfgan_repro.data import mnist_files

    try:
        found = mnist_files.find_mnist_dir(data_dir)
    except FileNotFoundError as error:
        return str(error)
    return None if found else ("MNIST files not found (pass --data-dir DIR or set $" + mnist_files.ENV_VAR +
                               "): the Stacked MNIST column is skipped")


def _loaded(key: Any, load: Callable[[], Any]) -> Any:
    if key not in _LOADED:
        _LOADED[key] = load()
    return _LOADED[key]


def build_stacked(config: dict, context) -> GANSetup:
    """One board run on Stacked MNIST: 000's image players (FC-n / Conv-n), the cost's settings; modes of 1000
    and KL to uniform of `final_samples` images at the end."""
    from paper_runs.sample_weighting.images import _dataset_fn, load_image_data
    from tfgan_repro.classifiers import loading
    from tfgan_repro.metrics.modes import stacked_mnist_modes

    images = _loaded(("stacked_mnist", str(context.data_dir)), lambda: load_image_data(config, context))
    shape = (int(config["image_size"]), int(config["image_size"]), 3)
    generator, discriminator = builders.image_players(config, shape)
    gan = builders.build_gan_model(config, generator, discriminator, shape)
    latents = builders.draw_latents(builders.evaluation_rng(context.seed), int(config["final_samples"]),
                                    int(config["latent_dim"]))

    def finish(model, series: dict) -> RunOutcome:
        classifier = _loaded("mnist_classifier", lambda: loading.load_classifier(loading.MNIST_CLASSIFIER, 10))
        found = stacked_mnist_modes(model.generate(len(latents), latents=latents), classifier)
        metrics = {"modes_covered": found["modes_covered"], "kl_to_uniform": found["kl_to_uniform"],
                   "mode_samples": found["num_samples"]}
        return RunOutcome(metrics=metrics)

    return GANSetup(gan, builders.adam(config, "d"), builders.adam(config, "g"),
                    _dataset_fn(config, images, context.seed), finish)


# ------------------------------------------------------------------------------------------ settings

# Every cost on a dataset shares these; the cost's own keys (costs.PLAIN and its entry) come on top.
_TOY = {
    "latent_dim": 8, "latent_distribution": "normal", "activation": "relu", "d_activation": None, "init": "keras",
    "generator_reduction": "mean", "discriminator_reduction": "mean", "simultaneous": False, "n_dis": 1,
    "adam_beta1": 0.5, "adam_beta2": 0.999, "adam_epsilon": 1e-8, "num_samples": 2500,
    # Reg-GAN's encoder (003): read by the reg_gan cost only.
    "encoder": "mlp", "e_output_activation": None, "lambda1": 0.005, "lambda2": 0.005,
    "reconstruction_distance": "squared_l2",
}
# quick: a smoke board. It runs without XLA: the fused loop's compile (~3 s per run on this machine) costs more
# than 1000 small steps save. At 1000 steps most toy samples are still off-mode and at 300 steps every Stacked
# MNIST generator sits on 1-8 of 1000 modes: read the claims board for rankings.
# Measured (commit 765551a, 2 CPU cores shared with other jobs, load 4-7): the whole board, 1035 runs, 2,780 s
# wall with --jobs 2, over the 30 minutes; a toy run 2.5-3.6 s (median), a Stacked MNIST run 12 s.
# Where a run's time went, `python -m benchmarks.leaderboard_phases` (CPU s, time.process_time, one process):
# a toy run 1.2 (tracing the fused train function of the fresh GAN 0.42, 1000 steps 0.52, build + compile
# 0.05, TensorBoard, checkpoint, generate, generator.keras, results.json < 0.04 each); a Stacked MNIST run 4.8
# (300 steps 3.4, tracing 0.5, classifying 2,600 samples 0.5); a child process's imports 3.9.
# Since then the seeds of a cost reuse its traced GAN (paper_runs.reuse; same samples and metrics, tested) and
# each process runs TF on one thread (--threads 1; 300 Stacked MNIST steps 2.9 instead of 3.8 CPU s).
# Before/after, interleaved, one column at a time, `python -m paper_runs.leaderboard --profile quick --jobs 1
# --datasets ring8` (115 runs) and `... --datasets stacked_mnist --costs ns,mm,ls,wgan_gp,r3gan --data-dir
# /work/shared/data/mnist` (25 runs), process CPU (user + sys) and wall, same 2 shared cores, load 4-6:
#   ring8          before (7ff55f0) 170 CPU s, 231 s wall; after (fe27347) 131 CPU s, 170 s wall (CPU x0.77, wall x0.74)
#   stacked (5/23) before 164 CPU s, 207 s wall;  after (fe27347) 123 CPU s, 168 s wall (CPU x0.75, wall x0.81)
# The runs' key numbers (modes, high-quality %, TV, KL) are identical before and after. Extrapolated, NOT
# measured: 8 toy columns like ring8 plus Stacked MNIST's 23 costs, plus 9 more child starts for --jobs 2:
# ~1,630 CPU s after (before ~2,130), i.e. ~14 min wall on 2 otherwise idle cores; on the 2,780 s board's
# shared machine, x0.74-0.81 gives ~34-38 min, still over 30 unless the machine is quieter.
# Measured (commit bfd4b45, 2 otherwise idle cores, `--profile quick --jobs 2 --data-dir <MNIST files>`, all 1035
# runs of the 9 datasets into an empty folder): 1,622 s wall (27.0 min), 2,539 s user + 126 s sys CPU. The
# extrapolation above was 1.6x short on CPU (this machine's toy step was also ~1.5x slower than in #12's runs);
# the wall meets the 30 minutes. The Stacked MNIST column took the first ~10.5 min, the 8 toy columns ~16.5 min.
# claims: 000's toy networks (2 x 128 ReLU) for 20,000 Adam steps at 2e-4 (XLA pays there).
TOY_PROFILES = {
    "quick": {**_TOY, "g_hidden": [64, 64], "d_hidden": [64, 64], "e_hidden": [64, 64], "batch_size": 128,
              "g_lr": 1e-3, "d_lr": 1e-3, "e_lr": 1e-3, "steps": 1000, "steps_per_execution": 500,
              "log_every": 500, "checkpoint_every": 1000, "jit_compile": False},
    "claims": {**_TOY, "g_hidden": [128, 128], "d_hidden": [128, 128], "e_hidden": [128, 128], "batch_size": 128,
               "g_lr": 2e-4, "d_lr": 2e-4, "e_lr": 2e-4, "steps": 20_000, "steps_per_execution": 500,
               # the board reads final metrics: two loss series at 20 points keep its ~1000 results files small
               "log_every": 1000, "logged_series": ["d_loss", "g_loss"], "checkpoint_every": 5000},
}


def _toy_profiles(**changes: Any) -> dict:
    return {profile: {**settings, **changes} for profile, settings in TOY_PROFILES.items()}


_IMAGE = {
    "dataset": "stacked_mnist", "latent_dim": 128, "latent_distribution": "normal", "image_size": 32,
    "train_images": None, "d_spectral_norm": False, "generator_reduction": "mean", "discriminator_reduction": "mean",
    "simultaneous": False, "n_dis": 1, "batch_size": 64, "adam_beta1": 0.5, "adam_beta2": 0.999,
    "adam_epsilon": 1e-8, "g_lr": 2e-4, "d_lr": 2e-4, "e_lr": 2e-4,
    "encoder": "mlp", "e_hidden": [256], "e_output_activation": None, "lambda1": 0.005, "lambda2": 0.005,
    "reconstruction_distance": "squared_l2",
}
STACKED_PROFILES = {
    # quick: FC-3 of 256 units, 300 steps, 2,600 samples (a tenth of the PacGAN protocol's 26,000)
    "quick": {**_IMAGE, "architecture": "fc", "layers": 3, "width": 256, "steps": 300, "steps_per_execution": 100,
              "log_every": 100, "checkpoint_every": 300, "final_samples": 2600, "jit_compile": False},
    # claims: 004's SN-CNN (nf 16) with a spectrally normalised D for every cost, 1,000 steps, the PacGAN
    # protocol's 26,000 samples. Chosen by pilots (seed 0, 2 shared cores, /tmp folders, not committed), by the
    # rule fixed before the last one: 1,000 steps if NS covers >= 500 modes there (its G learned digits), else
    # 2,000. 000's Conv-4 (m = 32, 10 epochs) is ~0.3 CPU s a step: 9,300 steps ~45 CPU min a run, the column
    # ~85 CPU hours. Unregularised Ds collapsed every cost at CPU budgets: Conv-4 m = 16 for 3,000 steps NS 5
    # modes of 1000; FC-4 of 512 for 5,000 steps NS 1, MM-nsat 4; Conv-4 m = 16 with an SN D for 2,000 steps NS
    # 2 modes (blurred blobs: G had learned no digit). 000 App. T also "resorts to regularizing D". SN-CNN nf 16
    # with an SN D: NS 913 modes (KL 0.84) at 2,000 steps (376 CPU s); at 1,000 steps NS 616 (KL 1.86, 206 CPU
    # s) and MM 1 (KL 6.91, the saturating cost stalls): 1,000 steps, ~200 CPU s a run, ~6.4 CPU h a column.
    "claims": {**_IMAGE, "architecture": "sn_cnn", "nf": 16, "width": 1.0, "d_spectral_norm": True, "steps": 1000,
               "steps_per_execution": 100, "log_every": 100, "checkpoint_every": 500, "final_samples": 26_000},
}

DATASETS: dict[str, BoardDataset] = {
    "ring8": BoardDataset("ring8", "8-mode ring, std 0.03 (000 Fig 4)", toy.ring8,
                          _toy_profiles(dataset="ring8")),
    "spiral12": BoardDataset("spiral12", "12-mode spiral, std 0.03, unequal weights (000 Table 3)", toy.spiral12,
                             _toy_profiles(dataset="spiral12")),
    # claims: 60,000 steps. At the toy columns' 20,000, 65 runs of 13 costs (seeds 0-4, commit 00638cf) had a
    # median high-quality share of 3-5% (LS 17.5%): nearly every cost "learned nothing" by the claims' 10%
    # standard. Pilot (NS and MM, seed 0, 2 shared cores), rule fixed before it: 60,000 steps if both reach 10%:
    # NS 30.6% (10 modes), MM 19.7% (14 modes), ~85 CPU s a run, so the column (~2.7 CPU h) was rerun at 60,000.
    "grid25": BoardDataset("grid25", "5 x 5 grid, spacing 2, std 0.05 (VEEGAN / PacGAN)", toy.grid25,
                           {**_toy_profiles(dataset="grid25"),
                            "claims": {**TOY_PROFILES["claims"], "dataset": "grid25", "steps": 60_000}}),
    # claims: 20,000 steps. Pilot (NS and MM, seed 0, 2 shared cores, commit d9a9a1e), rule fixed before it: keep
    # 20,000 if both reach 10% high-quality, else grid25's 60,000: NS 90.0% (4 of 6 modes), MM 95.2% (5 of 6),
    # ~19 CPU s a run. The two pilot runs are the column's seed-0 runs of NS and MM.
    "ring6_radius5": BoardDataset("ring6_radius5", "6 Gaussians on a radius-5 circle, std 0.1 (003 Fig 9)",
                                  toy.ring6_radius5, _toy_profiles(dataset="ring6_radius5")),
    "circle5": BoardDataset("circle5", "5 Gaussians on the unit circle, 2,000 fixed points each (004)", toy.circle5,
                            _toy_profiles(dataset="circle5")),
    "two_cluster": BoardDataset("two_cluster", "1-D two clusters 1:1, 100 fixed points, full batch (004)",
                                lambda: toy.two_cluster(0.5), _toy_profiles(dataset="two_cluster", batch_size=100)),
    "two_cluster_2to1": BoardDataset("two_cluster_2to1", "1-D two clusters 2:1, 100 fixed points, full batch (004)",
                                     lambda: toy.two_cluster(2 / 3),
                                     _toy_profiles(dataset="two_cluster_2to1", batch_size=100)),
    "moons": BoardDataset("moons", "two moons, 32 fixed points, full batch (002)", toy.moons,
                          _toy_profiles(dataset="moons", batch_size=32)),
    "stacked_mnist": BoardDataset("stacked_mnist", "Stacked MNIST, 1000 modes (000 Fig 20, PacGAN)", lambda: None,
                                  STACKED_PROFILES, image=True),
}
