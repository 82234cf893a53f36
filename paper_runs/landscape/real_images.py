"""004 real images (Tables 2, 4-6, App. F): CIFAR-10, STL-10 and LSUN with SN-CNN / SN-ResNet, JS vs RS and
the other losses, an EMA generator, linear lr decay and U[0, 1/128) noise on the reals; FID and IS at the
end with TF-GAN's Inception. Settings, the paper's FIDs, the run and its figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from paper_runs import builders
from paper_runs.experiments import DATA_NOT_HERE
from paper_runs.figures import image_grid_figure
from paper_runs.landscape.mnist import MNIST_IMBALANCED
from paper_runs.results import Claim
from paper_runs.runner import Experiment
from paper_runs.training import GANSetup, RunOutcome


# Table 2 (FID, CIFAR-10 / STL-10), Tables 4-6: regular, channel/2, channel/4, bottleneck x losses.
REAL_IMAGES = {
    **MNIST_IMBALANCED,
    "dataset": "cifar10",
    "image_size": 32,
    "steps": 100000,
    "lr_decay_start": 50000,
    "batch_size": 64,
    "g_lr": 5e-4,
    "d_lr": 2e-4,
    "adam_beta1": 0.5,
    "adam_beta2": 0.999,
    "g_adam_beta2": 0.999,
    "ema_decay": 0.9999,
    "real_noise": 1.0 / 128.0,
    "penalty": None,
    "penalty_weight": 10.0,
    "checkpoint_every": 5000,
    "num_samples": 10000,
    "fd_samples": 10000,
    "is_samples": 50000,
}
RESNET = {"architecture": "sn_resnet", "nf": None, "g_lr": 1.5e-3, "d_lr": 2e-4, "adam_beta1": 0.0, "adam_beta2": 0.9,
          "g_adam_beta2": 0.9, "n_dis": 5}
LOSS_VARIANTS = {
    "js": {"generator_loss": "ns", "discriminator_loss": "logistic", "penalty": None},
    "rs": {"generator_loss": "rs", "discriminator_loss": "rs", "penalty": None},
    "hinge": {"generator_loss": "hinge", "discriminator_loss": "hinge", "penalty": None},
    "rp_hinge": {"generator_loss": "rp_hinge", "discriminator_loss": "rp_hinge", "penalty": None},
    "ls": {"generator_loss": "ls", "discriminator_loss": "ls", "penalty": None},
    "rp_ls": {"generator_loss": "rp_ls", "discriminator_loss": "rp_ls", "penalty": None},
    "wgan_gp": {"generator_loss": "wasserstein", "discriminator_loss": "wasserstein", "penalty": "wgan_gp",
                "d_spectral_norm": False},
}
# Architecture choices as overrides: architecture=sn_resnet (with the RESNET settings), width=0.5 (channel/2),
# width=0.25 (channel/4), bottleneck=true (ResNet), d_spectral_norm=false (Table 2's "no normalization" rows).
TABLE2_FID = {
    "cifar10": {"cnn_js": 49.13, "cnn_rs": 33.79, "cnn_sn_js": 28.07, "cnn_sn_rs": 27.16, "resnet_sn_js": 20.13,
                "resnet_sn_rs": 19.31, "resnet_quarter_js": 45.20, "resnet_quarter_rs": 31.26,
                "resnet_bottleneck_js": 26.98, "resnet_bottleneck_rs": 25.44},
}
TFDS_NAMES = {"cifar10": "cifar10", "stl10": "stl10", "lsun_church": "lsun/church_outdoor", "lsun_tower": "lsun/tower"}



def require_tfds_data(dataset: str, data_dir) -> str:
    """The --data-dir holding tfds's prepared `dataset`, or FileNotFoundError (the runner's one-line exit 2)."""
    name = TFDS_NAMES[dataset]
    folder = name.split("/")[0]
    if data_dir is None or not (Path(data_dir) / folder).is_dir():
        where = "no --data-dir given" if data_dir is None else f"no {folder}/ under {data_dir}"
        raise FileNotFoundError(
            f"{dataset} is not available ({where}); prepare it where downloads work with "
            f"`tfds build {name} --data_dir DIR` and pass --data-dir DIR")
    return str(data_dir)


def add_real_noise(images, amount: float):
    """004's real images plus U[0, 1/128) noise, on the [0, 1] scale (1/64 on the [-1, 1] scale)."""
    import tensorflow as tf

    if amount <= 0:
        return images
    return images + tf.random.uniform(tf.shape(images), 0.0, 2.0 * amount)


def real_images_build(config: dict, context) -> GANSetup:
    """Table 2 runs: SN-CNN / SN-ResNet, EMA G, lr decay, U[0, 1/128) noise on the reals; IS and FID at the
    end with TF-GAN's Inception (needs its weights: a one-line error when they cannot be loaded)."""
    data_dir = require_tfds_data(config["dataset"], context.data_dir)
    import tensorflow as tf

    from tfgan_repro import data as data_lib

    size = int(config["image_size"])
    loaders = {"cifar10": lambda seed: data_lib.get_dataset("cifar10", data_dir=data_dir, seed=seed),
               "stl10": lambda seed: data_lib.get_dataset("stl10", size=size, data_dir=data_dir, seed=seed),
               "lsun_church": lambda seed: data_lib.get_dataset("lsun_church", size=size, data_dir=data_dir, seed=seed),
               "lsun_tower": lambda seed: data_lib.get_dataset("lsun_tower", size=size, data_dir=data_dir, seed=seed)}
    if config["dataset"] not in loaders:
        raise ValueError(f"unknown dataset {config['dataset']!r}; valid: {', '.join(loaders)}")
    noise = float(config["real_noise"])

    def dataset_fn():
        stream = loaders[config["dataset"]](builders.stream_seed(context.seed)).repeat()
        stream = stream.map(lambda image: add_real_noise(image, noise), num_parallel_calls=tf.data.AUTOTUNE)
        return stream.batch(int(config["batch_size"]) * int(config["n_dis"]), drop_remainder=True).prefetch(tf.data.AUTOTUNE)

    generator, discriminator = builders.image_players(config, (size, size, 3))
    gan = builders.build_gan(config, generator, discriminator)
    d_optimizer, g_optimizer = builders.adam(config, "d"), builders.adam(config, "g")

    def finish(model, series: dict) -> RunOutcome:
        from tfgan_repro import metrics as metrics_lib

        fake = model.generate(int(config["is_samples"]))
        split = "test" if config["dataset"] != "stl10" else "unlabelled"
        real = next(iter(loaders[config["dataset"]](context.seed).batch(int(config["fd_samples"]))))
        if config["dataset"] == "cifar10":
            real = next(iter(data_lib.get_dataset("cifar10", split=split, data_dir=data_dir, seed=None)
                             .batch(int(config["fd_samples"]))))
        fid = metrics_lib.frechet_inception_distance(np.asarray(real), fake[: int(config["fd_samples"])])
        score = metrics_lib.inception_score(fake)
        result = {"fid": round(float(fid), 3), "inception_score": score}
        return RunOutcome(metrics=result, samples=np.asarray(fake[:64]))

    context.note("FID: 10k real (CIFAR-10 test split) vs 10k generated; IS: 50k generated in 10 splits (G EMA)")
    return GANSetup(gan, d_optimizer, g_optimizer, dataset_fn, finish)


def table2_run_claims(metrics: dict, config: dict) -> list:
    """The run's FID beside Table 2's row (no verdict: the architecture is an override the row depends on)."""
    return [Claim("table2_fid", "Table 2: FID (10k real vs 10k generated); compare with the paper's row",
                  TABLE2_FID.get(config["dataset"], {}), metrics["fid"], None)]


def _real_images_experiment(name: str, description: str, overrides: dict) -> Experiment:
    profile = {**REAL_IMAGES, **overrides}
    return Experiment(
        name=name, description=description + " (full profile; needs --data-dir and Inception weights)",
        profiles={"full": profile, "quick": {**profile, "steps": 200, "lr_decay_start": 100, "num_samples": 500,
                                              "fd_samples": 500, "is_samples": 500, "checkpoint_every": 100}},
        variants=LOSS_VARIANTS, build=real_images_build, run_claims=table2_run_claims,
        run_figures=image_grid_figure,
        seeds={"quick": (0,), "full": (0, 1, 2)}, outside_battery=DATA_NOT_HERE + " (and the Inception weights)",
        headline=lambda r: f"FID {r['metrics']['fid']:.2f}, IS {r['metrics']['inception_score']}",
        notes=(f"architecture as overrides: architecture=sn_resnet {' '.join(f'{k}={v}' for k, v in RESNET.items() if k != 'architecture')}; "
               "width=0.5 / 0.25 (channel/2, /4); bottleneck=true; d_spectral_norm=false",),
    )


CIFAR_EXPERIMENT = _real_images_experiment(
    "cifar", "CIFAR-10 FID/IS, JS vs RS (+ hinge, LS, WGAN-GP and Rp versions), CNN / ResNet, widths (Tables 2, 4-6)",
    {"dataset": "cifar10", "image_size": 32})
STL10_EXPERIMENT = _real_images_experiment(
    "stl10", "STL-10 48x48 FID/IS, JS vs RS and the other losses, CNN / ResNet, widths (Tables 2, 4-6)",
    {"dataset": "stl10", "image_size": 48})
LSUN_EXPERIMENT = _real_images_experiment(
    "lsun", "LSUN church 256x256 samples, JS vs RS (App. F; dataset=lsun_tower for towers)",
    {"dataset": "lsun_church", "image_size": 256, "architecture": "sn_resnet", "nf": None})
