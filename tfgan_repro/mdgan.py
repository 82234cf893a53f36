"""003's manifold-diffusion GAN, MDGAN (Che et al. 2017, Sec 3.3, App. A), on `RegGAN`'s machinery.

One train_step on a real batch x:

  manifold step
    1. D1 (the manifold discriminator) ascends  log D1(x) + log(1 - D1(G(E(x))))     (logistic cost)
    2. G and E ascend  lambda log D1(G(E(x))) - ||x - G(E(x))||^2, i.e. minimise
       lambda (-log D1(G(E(x)))) + d(x, G(E(x)))  = `reg_gan_regularizer` with lambda1 = 1, lambda2 = lambda
       (App. A updates G; that E moves with it on the same cost is our reading: E has no other cost)
  diffusion step
    3. D2 (the GAN's `discriminator`) ascends  log D2(G(E(x))) + log(1 - D2(G(z)))   (x's reconstruction real)
    4. G ascends  log D2(G(z))                                                         (GAN's "ns" cost)

Steps 3-4 are `GAN.train_step` on the batch G(E(x)) (after step 2's update), so n_dis, costs, EMA and logs are
GAN's. Logs: GAN's (d_* for D2), d1_loss, d1_real_dp, d1_fake_dp, and the manifold step's e_loss,
reconstruction_distance, mode_regularizer (of D1), e_grad_norm, g_manifold_grad_norm.
"""

from __future__ import annotations

from typing import Optional

import keras
import tensorflow as tf

from tfgan_repro import distribute, losses, saving
from tfgan_repro.reg_gan import RegGAN


@keras.saving.register_keras_serializable(package=saving.PACKAGE)
class MDGAN(RegGAN):
    """G, E, the manifold discriminator D1 and the diffusion discriminator D2 (= `discriminator`).

    Args beyond RegGAN's (whose lambda1, lambda2 stay 0: G's diffusion cost is GAN's alone):
      manifold_discriminator: D1, a built logit-valued model.
      manifold_d_optimizer: D1's optimizer. encoder_optimizer: E's.
      manifold_weight: App. A's lambda on log D1(G(E(x))).

    Saved and loaded as `RegGAN` (D1 too); compile a loaded MDGAN with `encoder_optimizer=` and
    `manifold_d_optimizer=`.
    """

    PLAYERS = ("generator", "discriminator", "manifold_discriminator", "encoder")

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        manifold_discriminator: keras.Model,
        encoder: keras.Model,
        *,
        manifold_d_optimizer: Optional[keras.optimizers.Optimizer] = None,
        encoder_optimizer: Optional[keras.optimizers.Optimizer] = None,
        manifold_weight: float = 1.0,
        name: str = "mdgan",
        **settings,
    ):
        super().__init__(generator, discriminator, encoder, encoder_optimizer=encoder_optimizer, name=name, **settings)
        if manifold_weight < 0:
            raise ValueError(f"manifold_weight must be >= 0, got {manifold_weight}")
        self.manifold_discriminator = manifold_discriminator
        self.manifold_d_optimizer = manifold_d_optimizer
        self.manifold_weight = float(manifold_weight)
        self.manifold_d_loss_fn = losses.get_discriminator_loss("logistic")

    def get_config(self) -> dict:
        return {**super().get_config(), "manifold_weight": self.manifold_weight}  # D1 is one of PLAYERS

    @property
    def trains_encoder(self) -> bool:
        return True

    def compile(
        self, d_optimizer: keras.optimizers.Optimizer, g_optimizer: keras.optimizers.Optimizer, *,
        manifold_d_optimizer: Optional[keras.optimizers.Optimizer] = None, **kwargs,
    ):
        """RegGAN.compile, and D1's optimizer (`manifold_d_optimizer` when given, else the constructor's) built
        on D1's variables (call inside `strategy.scope()`)."""
        if manifold_d_optimizer is not None:
            self.manifold_d_optimizer = manifold_d_optimizer
        super().compile(d_optimizer=d_optimizer, g_optimizer=g_optimizer, **kwargs)
        if not self.manifold_discriminator.built:
            raise ValueError("the manifold discriminator is not built: give it a keras.Input before compile")
        others = (d_optimizer, g_optimizer, self.e_optimizer)
        if self.manifold_d_optimizer is None or any(self.manifold_d_optimizer is other for other in others):
            raise ValueError("the manifold discriminator needs its own optimizer instance (manifold_d_optimizer)")
        self.manifold_d_optimizer.build(self.manifold_discriminator.trainable_variables)

    def _manifold_discriminator_step(self, real: tf.Tensor) -> dict:
        """Step 1: D1 on x (real) vs G(E(x)) (fake)."""
        reconstruction = tf.stop_gradient(self.reconstruct(real))
        variables = self.manifold_discriminator.trainable_variables
        with tf.GradientTape() as tape:
            real_logits = self.manifold_discriminator(real, training=True)
            fake_logits = self.manifold_discriminator(reconstruction, training=True)
            loss = self.manifold_d_loss_fn(real_logits, fake_logits) * self._loss_scale("mean")
        gradients = tape.gradient(loss, variables)
        logs = {
            "d1_loss": distribute.all_reduce_sum(loss),
            "d1_real_dp": distribute.global_mean(tf.sigmoid(real_logits)),
            "d1_fake_dp": distribute.global_mean(tf.sigmoid(fake_logits)),
        }
        self._apply(self.manifold_d_optimizer, gradients, variables, "d1", logs)
        return logs

    def train_step(self, data):
        real, latents = self._unpack(data)
        logs = self._manifold_discriminator_step(real)
        logs.update(self._regularizer_step(real, self.manifold_discriminator, 1.0, self.manifold_weight,
                                           with_generator=True))
        logs = distribute.step_logs(logs)
        # Diffusion: GAN's step with the reconstructions G(E(x)) as D2's real side (RegGAN adds nothing: lambdas 0).
        targets = tf.stop_gradient(self.reconstruct(real))
        diffusion_logs = super().train_step(targets if latents is None else {"real": targets, "latents": latents})
        return {**logs, **diffusion_logs}
