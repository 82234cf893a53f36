"""The image GAN run shared by 003's MNIST grid, compositional MNIST and CelebA experiments: a GAN, Reg-GAN
or MDGAN (`builders.build_gan_model`) on an in-memory uint8 image set, measured on fixed latents at the end.

Data: uint8 NHWC arrays scaled to [-1, 1], reshuffled every epoch. The run saves 64 final samples (in [-1, 1])
as samples.npy for the samples.png grid.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from paper_runs import builders
from paper_runs.training import GANSetup, RunOutcome

GRID_SAMPLES = 64

# 003's DCGAN / Reg-DCGAN settings shared by compositional MNIST and CelebA (App. B: DCGAN plus an encoder, the
# generator reversed). Paper-silent: z ~ N(0, I_100), Adam 2e-4 (0.5, 0.999) for G, D and E, batch 64,
# lambda1 = 0.2, lambda2 = 0.4 (the MNIST grid's), d = per-pixel mean squared error.
DCGAN_SETTINGS = {
    "latent_dim": 100,
    "latent_distribution": "normal",
    "base_channels": 64,
    "model": "gan",
    "encoder": "conv",
    "lambda1": 0.2,
    "lambda2": 0.4,
    "reconstruction_distance": "mse",
    "generator_loss": "ns",
    "discriminator_loss": "logistic",
    "batch_size": 64,
    "g_lr": 2e-4,
    "d_lr": 2e-4,
    "e_lr": 2e-4,
    "adam_beta1": 0.5,
    "adam_beta2": 0.999,
    "steps_per_execution": 50,
    "log_every": 50,
    "checkpoint_every": 5000,
}


def load_mnist(context, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """(uint8 [N, 28, 28], int labels) from the local MNIST files (--data-dir or ../shared/data/mnist).
    Raises FileNotFoundError (one line) without them; tests replace this function."""
    from tfgan_repro.data import mnist_files

    return mnist_files.load_mnist_arrays(str(context.data_dir) if context.data_dir else None, split)


def in_memory_dataset(images: np.ndarray, batch_size: int, seed: int) -> Callable:
    """dataset(): uint8 NHWC images, reshuffled every epoch, as float32 [-1, 1] batches."""
    import tensorflow as tf

    def dataset():
        ds = tf.data.Dataset.from_tensor_slices(images).shuffle(
            len(images), seed=builders.stream_seed(seed), reshuffle_each_iteration=True)
        ds = ds.repeat().batch(batch_size, drop_remainder=True)
        return ds.map(lambda x: tf.cast(x, tf.float32) / 127.5 - 1.0).prefetch(tf.data.AUTOTUNE)

    return dataset


def image_gan_setup(
    config: dict,
    context,
    players: tuple,
    data: "np.ndarray | Callable",
    measure: Callable[[np.ndarray], dict],
    *,
    optimizers: Optional[tuple] = None,
    encoder_optimizer=None,
) -> GANSetup:
    """GANSetup of `config["model"]` on `data`: uint8 NHWC images, or a dataset() function of
    batches; finish: `measure(final samples)` on `final_samples` fixed latents. `optimizers` (d, g) default to
    the config's Adams."""
    generator, discriminator = players
    extra = {"encoder_optimizer": encoder_optimizer} if encoder_optimizer is not None else {}
    data_shape = tuple(discriminator.input_shape[1:])
    gan = builders.build_gan_model(config, generator, discriminator, data_shape, **extra)
    d_optimizer, g_optimizer = optimizers or (builders.adam(config, "d"), builders.adam(config, "g"))
    latents = builders.draw_latents(builders.evaluation_rng(context.seed), int(config["final_samples"]),
                                    int(config["latent_dim"]), config.get("latent_distribution", "normal"))

    def finish(model, series: dict) -> RunOutcome:
        samples = model.generate(len(latents), latents=latents)
        return RunOutcome(metrics=measure(samples), samples=samples[:GRID_SAMPLES].astype(np.float32))

    batch_size = int(config["batch_size"]) * int(config.get("n_dis", 1))
    dataset = data if callable(data) else in_memory_dataset(data, batch_size, context.seed)
    return GANSetup(gan, d_optimizer, g_optimizer, dataset, finish)
