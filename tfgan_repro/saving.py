"""Saving a `GAN` (and `RegGAN`, `MDGAN`) as one `.keras` file: the functions behind their `get_config`,
`from_config` and `build_from_config`, and the training state that both `compile` and loading create.

    import tfgan_repro.gan  # registers the classes (tfgan_repro.reg_gan / mdgan for theirs)
    gan.save("gan.keras")
    gan = keras.models.load_model("gan.keras")
    samples = gan.generate(1000, latents=z)  # the same samples as before saving, with or without EMA

What the file holds: the players (each saved with `keras.saving.serialize_keras_object`), the EMA generator's
weights, the cost names and parameters, the penalty and its weight, every schedule flag, the seed and the
noise stream's draw counter, so that training noise continues where it stopped.

What it does not hold: the optimizers. A loaded GAN is not compiled; call `compile` with new optimizers (and
`RegGAN`'s `encoder_optimizer`) to train it further. Their moments start afresh; `paper_runs.training`'s
checkpoints are the way to resume a run exactly.

Under a `tf.distribute` strategy, load inside `strategy.scope()`: the state variables are made while loading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

import keras
import numpy as np

if TYPE_CHECKING:
    from tfgan_repro.gan import GAN

PACKAGE = "tfgan_repro"  # the package name the classes are registered under ("tfgan_repro>GAN")
STATE_BUILD_CONFIG = {"training_state": True}  # `get_build_config` of a GAN whose state exists


def build_training_state(gan: GAN) -> None:
    """Create, once, the noise stream's draw counter and key, and with `ema_decay` the EMA generator and the
    averaged weights (from G's current weights), always in this order: `compile` and loading make the same
    variables, so saved weights load into either.

    ONLY_FIRST_REPLICA: every replica increments the counter and updates the EMA in the replicated step; one
    value is kept. The key is a variable, not a constant of the graph, so runs differing only by seed compile
    to the same program."""
    if gan._latent_draws is None:
        gan._latent_draws, gan._latent_key = (
            gan.add_weight(shape=(), initializer=keras.initializers.Constant(value), dtype="int64",
                           trainable=False, aggregation="only_first_replica", name=name)
            for name, value in (("latent_draws", 0), ("latent_key", gan.seed))
        )
    if gan.ema_decay is not None and not gan._ema_weights:
        gan.ema_generator = keras.models.clone_model(gan.generator)
        gan.ema_generator.set_weights(gan.generator.get_weights())
        gan._ema_weights = [
            gan.add_weight(shape=weight.shape, initializer=keras.initializers.Constant(np.asarray(weight)),
                           trainable=False, aggregation="only_first_replica", name=f"ema_{index}")
            for index, weight in enumerate(gan.generator.weights)
        ]


def sampling_generator(gan: GAN, *, use_ema: bool = True) -> keras.Model:
    """The model `gan.generate` samples from: the EMA generator, its weights set to the averages, when kept
    and `use_ema`; else G. Save it on its own (`.save("generator.keras")`) for a file that needs no tfgan_repro."""
    if use_ema and gan.ema_generator is not None:
        for target, average in zip(gan.ema_generator.weights, gan._ema_weights):
            target.assign(average)
        return gan.ema_generator
    return gan.generator


def gan_settings(gan: GAN) -> dict[str, Any]:
    """`GAN.__init__`'s keyword arguments as this GAN was made (the seed resolved to the one it uses)."""
    return {
        "generator_loss": gan.generator_loss_name,
        "discriminator_loss": gan.discriminator_loss_name,
        "generator_loss_params": dict(gan.generator_loss_params),
        "discriminator_loss_params": dict(gan.discriminator_loss_params),
        "penalty": gan.penalty_name,
        "penalty_weight": gan.penalty_weight,
        "n_dis": gan.n_dis,
        "n_gen": gan.n_gen,
        "g_first": gan.g_first,
        "simultaneous": gan.simultaneous,
        "share_real_batch": gan.share_real_batch,
        "gradient_rescaling": gan.gradient_rescaling,
        "ema_decay": gan.ema_decay,
        "latent_distribution": gan.latent_distribution,
        "compare_generator_loss": gan.compare_generator_loss_name,
        "log_update_norms": gan.log_update_norms,
        "seed": gan.seed,
        "name": gan.name,
    }


def model_config(gan: GAN, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The config of `gan`: its players (`type(gan).PLAYERS`, each serialized) and `settings`."""
    players = {name: keras.saving.serialize_keras_object(getattr(gan, name)) for name in type(gan).PLAYERS}
    return {**players, **settings}


def model_from_config(cls: type, config: Mapping[str, Any]) -> GAN:
    """A `cls` made from `model_config`'s output, its players deserialized. No training state yet: loading
    makes it in `build_from_config` when the saved GAN had it."""
    config = dict(config)
    for name in cls.PLAYERS:
        config[name] = keras.saving.deserialize_keras_object(config[name])
    return cls(**config)


def build_config(gan: GAN) -> Optional[dict]:
    """`GAN.get_build_config`: a marker when the training state exists (compiled, or loaded compiled), else None."""
    return dict(STATE_BUILD_CONFIG) if gan._latent_draws is not None else None


def build_from_config(gan: GAN, config: Optional[Mapping[str, Any]]) -> None:
    """`GAN.build_from_config`: the training state, when the saved GAN had it; the players come built."""
    if config and config.get("training_state"):
        build_training_state(gan)
        gan.built = True
