"""003's Reg-GAN (Che et al. 2017, Sec 3.1-3.2): a `GAN` with an encoder E and the two regularizers.

    T_G = GAN G cost + lambda1 E_x d(x, G(E(x))) + lambda2 (-E_x log D(G(E(x))))
    T_E =              lambda1 E_x d(x, G(E(x))) + lambda2 (-E_x log D(G(E(x))))

(the mode regularizer's sign as REPRODUCTION.md's note: the cost -log D pulls G(E(x)) toward high D; the
formulas are `losses.mode_regularizers`). Everything else is `GAN`'s: D's cost and steps, n_dis, EMA,
distribution-aware logs, `generate`.

    gan = RegGAN(generator, discriminator, encoder, encoder_optimizer=keras.optimizers.Adam(1e-4),
                 reconstruction_weight=0.005, mode_weight=0.005, latent_distribution="unit_uniform")
    gan.compile(d_optimizer=..., g_optimizer=...)

One train_step: GAN's D step(s), G step(s) on T_G, then one E step on T_E at the updated G and D (the paper
does not say whether E and G move together; E after G is our choice). With lambda1 = lambda2 = 0 the E path
is skipped and the step is GAN's exactly.

Batch norm (App. B): G sees z batches and E(x) batches in separate calls, so in training each kind of batch is
normalised with its own statistics while the BN parameters are shared; the moving statistics that `generate`
uses are those of the z batches: an E(x) call leaves them as they were.

Latents: "normal", "uniform" (U[-1, 1), as GAN) or "unit_uniform" (U[0, 1)^k, 003's toy), the last drawn
as (u + 1) / 2 from GAN's own U[-1, 1) draw.
Extra logs: e_loss (T_E), reconstruction_distance, mode_regularizer, e_grad_norm (and e_update_norm).
"""

from __future__ import annotations

from typing import Optional

import keras
import tensorflow as tf

from tfgan_repro import distribute, saving
from tfgan_repro.gan import GAN, _split
from tfgan_repro.losses import mode_regularizers

LATENT_DISTRIBUTIONS = ("normal", "uniform", "unit_uniform")


def batch_norm_statistics(model: keras.Model) -> list:
    """The moving means and variances of every BatchNormalization layer in `model` (nested models included)."""
    found = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            found += [layer.moving_mean, layer.moving_variance]
        elif isinstance(layer, keras.Model):
            found += batch_norm_statistics(layer)
    return found


@keras.saving.register_keras_serializable(package=saving.PACKAGE)
class RegGAN(GAN):
    """Reg-GAN: `GAN` plus an encoder trained on the metric and mode regularizers (module docstring).

    Args beyond GAN's:
      encoder: built Keras model x -> latent (its output size must be G's latent size).
      encoder_optimizer: E's optimizer (needed when a regularizer weight is non-zero; or give it to `compile`).
      reconstruction_weight, mode_weight: lambda1 and lambda2.
      distance: `losses.mode_regularizers.DISTANCES` name of d ("squared_l2" or "mse").
      latent_distribution: "normal", "uniform" or "unit_uniform".

    `save` / `keras.models.load_model` keep E with the rest, as `GAN`'s (`saving`); no optimizer is saved:
    compile a loaded Reg-GAN with `encoder_optimizer=` to train it further.
    """

    PLAYERS = ("generator", "discriminator", "encoder")

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        encoder: keras.Model,
        *,
        encoder_optimizer: Optional[keras.optimizers.Optimizer] = None,
        reconstruction_weight: float = 0.0,
        mode_weight: float = 0.0,
        distance: str = "squared_l2",
        latent_distribution: str = "normal",
        name: str = "reg_gan",
        **gan_settings,
    ):
        if latent_distribution not in LATENT_DISTRIBUTIONS:
            valid = ", ".join(LATENT_DISTRIBUTIONS)
            raise ValueError(f"unknown latent_distribution {latent_distribution!r}; valid: {valid}")
        unit_interval = latent_distribution == "unit_uniform"
        parent_latents = "uniform" if unit_interval else latent_distribution  # U[0, 1) is drawn from GAN's U[-1, 1)
        super().__init__(generator, discriminator, latent_distribution=parent_latents, name=name, **gan_settings)
        self.unit_interval_latents = unit_interval
        mode_regularizers.get_distance(distance)  # validates the name
        if reconstruction_weight < 0 or mode_weight < 0:
            raise ValueError(f"regularizer weights must be >= 0, got {reconstruction_weight}, {mode_weight}")
        encoder_outputs = encoder.output_shape
        if encoder_outputs[-1] != self.latent_dim:
            raise ValueError(f"the encoder's output {encoder_outputs} must match G's latent size {self.latent_dim}")
        self.encoder = encoder
        self.e_optimizer = encoder_optimizer
        self.reconstruction_weight = float(reconstruction_weight)
        self.mode_weight = float(mode_weight)
        self.distance = distance
        self._moving_statistics = batch_norm_statistics(generator)

    def get_config(self) -> dict:
        latents = "unit_uniform" if self.unit_interval_latents else self.latent_distribution
        return {**super().get_config(), "latent_distribution": latents, "distance": self.distance,
                "reconstruction_weight": self.reconstruction_weight, "mode_weight": self.mode_weight}  # E: a PLAYER

    @property
    def regularized(self) -> bool:
        """Whether G's cost has a regularizer term (lambda1 or lambda2 non-zero)."""
        return self.reconstruction_weight != 0.0 or self.mode_weight != 0.0

    @property
    def trains_encoder(self) -> bool:
        return self.regularized

    def compile(
        self, d_optimizer: keras.optimizers.Optimizer, g_optimizer: keras.optimizers.Optimizer, *,
        encoder_optimizer: Optional[keras.optimizers.Optimizer] = None, **kwargs,
    ):
        """GAN.compile, and E's optimizer (`encoder_optimizer` when given, else the constructor's) built on E's
        variables (call inside `strategy.scope()`)."""
        if encoder_optimizer is not None:
            self.e_optimizer = encoder_optimizer
        super().compile(d_optimizer=d_optimizer, g_optimizer=g_optimizer, **kwargs)
        if not self.encoder.built:
            raise ValueError("the encoder is not built: give it a keras.Input before compile")
        if self.trains_encoder:
            if self.e_optimizer is None or any(self.e_optimizer is other for other in (d_optimizer, g_optimizer)):
                raise ValueError("the encoder needs its own optimizer instance (encoder_optimizer)")
            self.e_optimizer.build(self.encoder.trainable_variables)

    def sample_latents(self, batch_size, **kwargs) -> tf.Tensor:
        latents = super().sample_latents(batch_size, **kwargs)
        return 0.5 * (latents + 1.0) if self.unit_interval_latents else latents

    # ---------------------------------------------------------------- the E(x) path

    def reconstruct(self, real: tf.Tensor, training: bool = True) -> tf.Tensor:
        """G(E(x)). In training G normalises the E(x) batch with its own statistics and keeps the moving
        statistics of the z batches (App. B)."""
        saved = [tf.identity(v) for v in self._moving_statistics] if training else []
        reconstruction = self.generator(self.encoder(real, training=training), training=training)
        for variable, value in zip(self._moving_statistics, saved):
            variable.assign(value)
        return reconstruction

    def _regularizer_costs(
        self, real: tf.Tensor, discriminator: keras.Model, reconstruction_weight: float, mode_weight: float
    ) -> tuple:
        """(lambda1 metric + lambda2 mode, metric, mode) of one real batch; call inside the gradient tape."""
        reconstruction = self.reconstruct(real)
        self._check_fake_shape(reconstruction, real)
        metric = mode_regularizers.metric_regularizer(real, reconstruction, self.distance)
        mode = mode_regularizers.mode_regularizer(discriminator(reconstruction, training=True))
        return reconstruction_weight * metric + mode_weight * mode, metric, mode

    def _generator_costs(self, real: tf.Tensor, latents: tf.Tensor, real_logits: Optional[tf.Tensor]) -> tuple:
        """GAN's G cost plus the regularizers (T_G), each a batch mean scaled for the replica count."""
        loss, compare_loss, mean_dp = super()._generator_costs(real, latents, real_logits)
        if self.regularized:
            regularizer, _, _ = self._regularizer_costs(real, self.discriminator, self.reconstruction_weight,
                                                        self.mode_weight)
            loss += regularizer * self._loss_scale("mean")
        return loss, compare_loss, mean_dp

    def _regularizer_step(
        self, real: tf.Tensor, discriminator: keras.Model, reconstruction_weight: float, mode_weight: float,
        *, with_generator: bool,
    ) -> dict:
        """One update of E (and of G when `with_generator`) on lambda1 metric + lambda2 mode with D =
        `discriminator`; returns the step's logs."""
        e_variables = self.encoder.trainable_variables
        g_variables = self.generator.trainable_variables if with_generator else []
        with tf.GradientTape() as tape:
            cost, metric, mode = self._regularizer_costs(real, discriminator, reconstruction_weight, mode_weight)
            scaled = cost * self._loss_scale("mean")
        gradients = tape.gradient(scaled, g_variables + e_variables)
        g_gradients, e_gradients = gradients[: len(g_variables)], gradients[len(g_variables):]
        logs = {
            "e_loss": distribute.replica_mean(cost),
            "reconstruction_distance": distribute.replica_mean(metric),
            "mode_regularizer": distribute.replica_mean(mode),
            "e_grad_norm": distribute.global_norm(e_gradients),
        }
        if with_generator:
            logs["g_manifold_grad_norm"] = distribute.global_norm(g_gradients)
            self._apply_generator(g_gradients, logs)
        self._apply(self.e_optimizer, e_gradients, e_variables, "e", logs)
        return logs

    def train_step(self, data):
        logs = super().train_step(data)
        if not self.regularized:
            return logs
        real, _ = self._unpack(data)
        g_batch = _split(real, 1 if self.share_real_batch else self.n_dis)[-1]  # the batch G's step saw
        e_logs = self._regularizer_step(g_batch, self.discriminator, self.reconstruction_weight, self.mode_weight,
                                        with_generator=False)
        return {**logs, **distribute.step_logs(e_logs)}
