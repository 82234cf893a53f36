"""The GAN as a `keras.Model`: two players, two optimizers, any registered cost, trained by `fit`.

One `train_step` = `n_dis` discriminator steps and `n_gen` generator steps (G first if `g_first`), e.g.

    gan = GAN(generator, discriminator, generator_loss="mm_nsat", discriminator_loss="logistic")
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-4, 0.5), g_optimizer=keras.optimizers.Adam(1e-4, 0.5))
    gan.fit(real_dataset, epochs=10)
    samples = gan.generate(2500)

Data: a batch is a tensor of real samples, an `(x, labels)` tuple, or a dict `{"real": x, "latents": z}` when
the latents are fixed by the experiment (004's two-cluster data fixes z per point). With `n_dis > 1` each D
step gets its own slice of the batch (the batch holds `n_dis` minibatches) unless `share_real_batch`.

Under a `tf.distribute` strategy, losses that depend on mean Dp receive the *global*-batch mean, gradient
norms are of the all-reduced gradient, and the logged values are global (see `distribute`).
"""

from __future__ import annotations

from typing import Optional

import keras
import numpy as np
import tensorflow as tf

from tfgan_repro import distribute, fused, losses, saving
from tfgan_repro.losses import gradient_scaling

GRADIENT_RESCALING = (None, "unit")


def _latent_dim(generator: keras.Model) -> int:
    shape = generator.input_shape
    if isinstance(shape, list) or len(shape) != 2 or shape[1] is None:
        raise ValueError(f"generator must take a flat latent vector [batch, dim]; its input shape is {shape}")
    return int(shape[1])


def _split(batch: Optional[tf.Tensor], parts: int) -> list:
    if batch is None:
        return [None] * parts
    size = batch.shape[0]
    if size is not None and size % parts:
        raise ValueError(f"a batch of {size} cannot be split into n_dis={parts} equal discriminator minibatches")
    return tf.split(batch, parts, axis=0) if parts > 1 else [batch]


@keras.saving.register_keras_serializable(package=saving.PACKAGE)
class GAN(keras.Model):
    """A generator and a discriminator (logit-valued) trained with registered costs.

    Args:
      generator, discriminator: built Keras models; D returns one logit per sample.
      generator_loss, discriminator_loss: registry names (`losses.GENERATOR_LOSSES`, `DISCRIMINATOR_LOSSES`).
      generator_loss_params, discriminator_loss_params: e.g. {"a": 0.5}, {"reduction": "sum"}.
      penalty, penalty_weight: registry name in `losses.PENALTIES` and its lambda; added to D's cost only.
      n_dis, n_gen: D and G steps per train_step. g_first: G steps before D steps.
      simultaneous: compute D's and G's gradients from the same parameters (and latents) before applying
        either, as 000's toy code does; needs n_dis = n_gen = 1.
      share_real_batch: every D step sees the whole real batch (full-batch experiments).
      gradient_rescaling: None or "unit" (MM-unit / NS-unit, 000 Algorithm 2).
      ema_decay: keep an exponential moving average of G's weights; `generate` samples from it.
      latent_distribution: "normal" N(0, I) or "uniform" U[-1, 1) (overridden by latents in the data).
      compare_generator_loss: also compute this cost's G gradient each step; log norm ratio and cosine
        (000 Fig 9, 10) without training on it.
      log_update_norms: log ||delta theta|| of each player's update (000 Fig 12).
      seed: key of the training noise stream (`noise_seed`); None: drawn from numpy's (seeded) global RNG.

    `save("x.keras")` / `keras.models.load_model` keep all but the optimizers: compile again to train on (`saving`).

    Logs per step: d_loss, g_loss, d_grad_norm, g_grad_norm (of the applied G gradient), real_dp, fake_dp,
    real_logit, fake_logit, nsat_R (MM-nsat's R at this step's mean Dp, whatever the trained cost), and where
    configured penalty, unit_factor (Algorithm 2's factor), grad_norm_ratio / grad_cosine, d/g_update_norm.
    """

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        *,
        generator_loss: str = "ns",
        discriminator_loss: str = "logistic",
        generator_loss_params: Optional[dict] = None,
        discriminator_loss_params: Optional[dict] = None,
        penalty: Optional[str] = None,
        penalty_weight: float = 10.0,
        n_dis: int = 1,
        n_gen: int = 1,
        g_first: bool = False,
        simultaneous: bool = False,
        share_real_batch: bool = False,
        gradient_rescaling: Optional[str] = None,
        ema_decay: Optional[float] = None,
        latent_distribution: str = "normal",
        compare_generator_loss: Optional[str] = None,
        log_update_norms: bool = False,
        seed: Optional[int] = None,
        name: str = "gan",
    ):
        super().__init__(name=name)
        if n_dis < 1 or n_gen < 1:
            raise ValueError(f"n_dis and n_gen must be >= 1, got n_dis={n_dis}, n_gen={n_gen}")
        if gradient_rescaling not in GRADIENT_RESCALING:
            raise ValueError(f"unknown gradient_rescaling {gradient_rescaling!r}; valid: None, 'unit'")
        if latent_distribution not in ("normal", "uniform"):
            raise ValueError(f"unknown latent_distribution {latent_distribution!r}; valid: normal, uniform")
        if ema_decay is not None and not 0.0 < ema_decay < 1.0:
            raise ValueError(f"ema_decay must be in (0, 1), got {ema_decay}")
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = _latent_dim(generator)
        self.generator_loss_name, self.discriminator_loss_name = generator_loss, discriminator_loss
        self.generator_loss_params = generator_loss_params = dict(generator_loss_params or {})
        self.discriminator_loss_params = discriminator_loss_params = dict(discriminator_loss_params or {})
        self.compare_generator_loss_name = compare_generator_loss
        self.g_loss_fn = losses.get_generator_loss(generator_loss, **generator_loss_params)
        self.d_loss_fn = losses.get_discriminator_loss(discriminator_loss, **discriminator_loss_params)
        # The compared cost is reduced over the batch as the trained one is, or its norm is off by the batch size.
        self.compare_loss_fn = (
            losses.get_generator_loss(compare_generator_loss, reduction=generator_loss_params.get("reduction", "mean"))
            if compare_generator_loss
            else None
        )
        self.penalty_name, self.penalty_fn = penalty, (losses.get_penalty(penalty) if penalty else None)
        self.penalty_weight = float(penalty_weight)
        self.g_reduction = generator_loss_params.get("reduction", "mean")
        self.d_reduction = discriminator_loss_params.get("reduction", "mean")
        self.needs_real_logits = generator_loss in losses.PAIRED_GENERATOR_LOSSES or (
            compare_generator_loss in losses.PAIRED_GENERATOR_LOSSES
        )
        self.n_dis, self.n_gen = int(n_dis), int(n_gen)
        self.g_first = bool(g_first)
        if simultaneous and (n_dis != 1 or n_gen != 1):
            raise ValueError(f"simultaneous updates need n_dis = n_gen = 1, got n_dis={n_dis}, n_gen={n_gen}")
        self.simultaneous = bool(simultaneous)
        self.share_real_batch = bool(share_real_batch)
        self.gradient_rescaling = gradient_rescaling
        self.ema_decay = ema_decay
        self.latent_distribution = latent_distribution
        self.log_update_norms = bool(log_update_norms)
        self.ema_generator: Optional[keras.Model] = None
        self._ema_weights: list = []
        self._latent_draws = None  # created by compile: the counter of `sample_latents`
        # None: one from numpy's seeded global RNG (keras.utils.set_random_seed), so the noise follows the run's seed.
        self.seed = int(seed) if seed is not None else int(np.random.randint(0, 2**31 - 1))

    # ---------------------------------------------------------------- set-up

    def compile(
        self,
        d_optimizer: keras.optimizers.Optimizer,
        g_optimizer: keras.optimizers.Optimizer,
        *,
        jit_compile: fused.JitOption = "auto",
        record_every: int = 0,
        probe_latents: Optional[np.ndarray] = None,
        **kwargs,
    ):
        """Call inside `strategy.scope()`. Builds both optimizers' slots now: Keras 3 cannot create them
        lazily inside a replicated step.

        `steps_per_execution` steps run as one compiled loop (see `fused`); `jit_compile` ("auto": XLA for small
        nets on one replica; True / False) decides whether that loop is XLA-compiled. `record_every` k (a
        divisor of steps_per_execution; 0: off) keeps the logs of every k-th step, and with `probe_latents` G's
        output for them, as `execution_records` (`fused.Records`): measurements finer than an execution."""
        # Keras' own jit_compile would only wrap single steps (and is switched off under op determinism);
        # the fused train function below applies it to the whole execution instead.
        super().compile(optimizer=None, jit_compile=False, **kwargs)  # the players' optimizers are ours
        self.record_every, self.probe_latents = fused.record_settings(record_every, self.steps_per_execution, probe_latents)
        self.fused_jit = fused.resolve_jit(jit_compile, self.distribute_strategy, [self.generator, self.discriminator])
        for player in (self.generator, self.discriminator):
            if not player.built:
                raise ValueError(f"{player.name} is not built: give it a keras.Input before GAN.compile")
        self.built = True  # both players are built; stops fit() from tracing `call` on a data batch
        if d_optimizer is g_optimizer:
            raise ValueError("each player needs its own optimizer instance")
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.d_optimizer.build(self.discriminator.trainable_variables)
        self.g_optimizer.build(self.generator.trainable_variables)
        saving.build_training_state(self)  # the noise counter and EMA (once; loading makes the same)

    PLAYERS = ("generator", "discriminator")  # the models `get_config` serializes, in __init__'s order

    def get_config(self) -> dict:
        return saving.model_config(self, saving.gan_settings(self))

    @classmethod
    def from_config(cls, config: dict, custom_objects: Optional[dict] = None) -> "GAN":
        return saving.model_from_config(cls, config)

    def get_build_config(self) -> Optional[dict]:
        return saving.build_config(self)

    def build_from_config(self, config: Optional[dict]) -> None:
        saving.build_from_config(self, config)

    def get_compile_config(self) -> None:
        return None  # the optimizers are not saved: compile again after loading

    def make_train_function(self, force=False):
        if self.train_function is None or force:
            self.train_function = fused.make_train_function(self, self.steps_per_execution, self.fused_jit)
        return self.train_function

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        # Both players are built before compile, so there is nothing to trace. Keras 3's version would
        # all-reduce a data batch, which fails for dict batches under MultiWorkerMirroredStrategy.
        return

    def noise_seed(self) -> tf.Tensor:
        """The next key of the run's own noise stream (latents, penalty draws): (draw count, seed, replica)
        keys a stateless draw.

        XLA's stateful random ops draw from a process-wide stream, so a run's numbers would depend on what the
        process ran before it; the counter is a model weight, so the stream is the run's own, the same whether
        an execution runs one step or many, and resumed from a checkpoint. Replicas draw different numbers.
        (XLA's Philox and TensorFlow's kernels give different numbers for the same key.)"""
        replica = tf.distribute.get_replica_context()
        replica_id = tf.cast(replica.replica_id_in_sync_group if replica is not None else 0, tf.int64)
        draw = self._latent_draws.assign_add(1)
        return tf.stack([draw, self._latent_key * 4096 + replica_id])

    def sample_latents(self, batch_size, *, stream: bool = True) -> tf.Tensor:
        """A batch of latents: from the run's noise stream (`noise_seed`) once compiled, else (before compile,
        or `stream=False` for sampling outside training, which must not move the training stream) from TF's
        global random state."""
        shape = [batch_size, self.latent_dim]
        if not stream or self._latent_draws is None:
            return tf.random.uniform(shape, -1.0, 1.0) if self.latent_distribution == "uniform" else tf.random.normal(shape)
        seed = self.noise_seed()
        if self.latent_distribution == "uniform":
            return tf.random.stateless_uniform(shape, seed, -1.0, 1.0, alg="philox")
        return tf.random.stateless_normal(shape, seed, alg="philox")

    # ---------------------------------------------------------------- training

    def _unpack(self, data) -> tuple[tf.Tensor, Optional[tf.Tensor]]:
        if isinstance(data, dict):
            if "real" not in data:
                raise ValueError(f"a dict batch needs the key 'real'; got keys {sorted(data)}")
            return tf.cast(data["real"], tf.float32), data.get("latents")
        if isinstance(data, (tuple, list)):
            data = data[0]
        return tf.cast(data, tf.float32), None

    def _check_fake_shape(self, fake: tf.Tensor, real: tf.Tensor) -> None:
        if fake.shape[1:] != real.shape[1:]:
            raise ValueError(
                f"generator output shape {tuple(fake.shape[1:])} does not match the data's {tuple(real.shape[1:])}"
            )

    def _loss_scale(self, reduction: str) -> float:
        # The optimizer sums gradients over replicas: a per-replica *mean* must be divided by the replica
        # count to give the global-batch mean; a per-replica sum already adds up to the global sum.
        return 1.0 / distribute.num_replicas() if reduction == "mean" else 1.0

    def _apply(self, optimizer, gradients, variables, prefix: str, logs: dict) -> None:
        if self.log_update_norms:
            before = [tf.identity(v) for v in variables]
        optimizer.apply(gradients, variables)
        if self.log_update_norms:
            logs[f"{prefix}_update_norm"] = tf.linalg.global_norm([v - b for v, b in zip(variables, before)])

    def _latents_for(self, real: tf.Tensor, latents: Optional[tf.Tensor]) -> tf.Tensor:
        if latents is not None:
            return tf.cast(latents, tf.float32)
        return self.sample_latents(tf.shape(real)[0])

    def _discriminator_step(self, real: tf.Tensor, latents: Optional[tf.Tensor]) -> dict:
        gradients, logs = self._discriminator_gradients(real, latents)
        self._apply(self.d_optimizer, gradients, self.discriminator.trainable_variables, "d", logs)
        return logs

    def _discriminator_gradients(self, real: tf.Tensor, latents: Optional[tf.Tensor]) -> tuple[list, dict]:
        fake = self.generator(self._latents_for(real, latents), training=True)
        self._check_fake_shape(fake, real)
        scale = self._loss_scale(self.d_reduction)
        with tf.GradientTape() as tape:
            real_logits = self.discriminator(real, training=True)
            fake_logits = self.discriminator(fake, training=True)
            adversarial = self.d_loss_fn(real_logits, fake_logits)
            loss = adversarial * scale
            logs = {}
            if self.penalty_fn is not None:
                penalty = self.penalty_fn(
                    lambda x: self.discriminator(x, training=True), real, fake, stateless_seed=self.noise_seed())
                # penalties are batch means whatever the adversarial reduction
                loss += self.penalty_weight * penalty / distribute.num_replicas()
                logs["penalty"] = distribute.replica_mean(penalty)
        variables = self.discriminator.trainable_variables
        gradients = tape.gradient(loss, variables)
        logs["d_loss"] = distribute.all_reduce_sum(adversarial * scale)
        logs.update(fused.when_logged(self, lambda: dict(
            d_grad_norm=distribute.global_norm(gradients),
            real_dp=distribute.global_mean(tf.sigmoid(real_logits)),
            fake_dp=distribute.global_mean(tf.sigmoid(fake_logits)),
            real_logit=distribute.global_mean(real_logits),
            fake_logit=distribute.global_mean(fake_logits),
        )))
        return gradients, logs

    def _generator_step(self, real: tf.Tensor, latents: Optional[tf.Tensor]) -> dict:
        gradients, logs = self._generator_gradients(real, latents)
        self._apply_generator(gradients, logs)
        return logs

    def _apply_generator(self, gradients: list, logs: dict) -> None:
        self._apply(self.g_optimizer, gradients, self.generator.trainable_variables, "g", logs)
        if self._ema_weights:
            self._update_ema()

    def _generator_gradients(self, real: tf.Tensor, latents: Optional[tf.Tensor]) -> tuple[list, dict]:
        """G's gradient of its cost, transformed as configured, and the step's G logs."""
        latents = self._latents_for(real, latents)
        real_logits = self.discriminator(real, training=True) if self.needs_real_logits else None
        variables = self.generator.trainable_variables
        with tf.GradientTape(persistent=self.compare_loss_fn is not None) as tape:
            loss, compare_loss, mean_dp = self._generator_costs(real, latents, real_logits)
        gradients = tape.gradient(loss, variables)
        # nsat_R: MM-nsat's R = (1 - mean Dp) / mean Dp at this step, logged whatever the trained cost.
        logs = {"g_loss": distribute.all_reduce_sum(loss), "nsat_R": losses.nsat_factor(mean_dp)}
        # The gradient the optimizer will apply, summed over replicas once (identity on one replica); the
        # comparison, Algorithm 2's factor and the logged norm all read it.
        global_gradients = distribute.all_reduce_sum(gradients)
        if compare_loss is not None:
            # A second backward pass through D and G: taken on logged steps only (x0.82 CPU on 000's gradients runs).
            logs.update(fused.when_logged(self, lambda: gradient_scaling.gradient_comparison(
                global_gradients, distribute.all_reduce_sum(tape.gradient(compare_loss, variables)))))
        gradients, logs["g_grad_norm"], transform_logs = self._transform_generator_gradients(gradients, global_gradients)
        logs.update(transform_logs)
        return gradients, logs

    def _generator_costs(self, real: tf.Tensor, latents: tf.Tensor, real_logits: Optional[tf.Tensor]) -> tuple:
        """(trained cost, compared cost or None, global mean Dp) of one G batch, each cost scaled for the
        replica count. Call inside the gradient tape."""
        scale = self._loss_scale(self.g_reduction)
        fake = self.generator(latents, training=True)
        self._check_fake_shape(fake, real)
        fake_logits = self.discriminator(fake, training=True)
        # R uses the global batch's mean Dp (000 App. H); never differentiated.
        mean_dp = distribute.global_mean(tf.sigmoid(tf.stop_gradient(fake_logits)))
        loss = self.g_loss_fn(fake_logits, real_logits=real_logits, mean_dp=mean_dp) * scale
        compare_loss = None
        if self.compare_loss_fn is not None:
            compare_loss = self.compare_loss_fn(fake_logits, real_logits=real_logits, mean_dp=mean_dp) * scale
        return loss, compare_loss, mean_dp

    def _transform_generator_gradients(self, gradients: list, global_gradients: list) -> tuple[list, tf.Tensor, dict]:
        """(gradients to apply, their global norm, logs). "unit" is 000's Algorithm 2 (MM-unit / NS-unit): the
        global gradient rescaled to norm N_theta; each replica scales its share by the same factor."""
        if self.gradient_rescaling != "unit":  # the norm is only logged: computed when read (fused.when_logged)
            logged = fused.when_logged(self, lambda: {"norm": tf.linalg.global_norm(global_gradients)})
            return gradients, logged["norm"], {}
        gradient_norm = tf.linalg.global_norm(global_gradients)
        num_parameters = sum(v.shape.num_elements() for v in self.generator.trainable_variables)
        factor = gradient_scaling.unit_factor(num_parameters, gradient_norm)
        return [g * factor for g in gradients], gradient_norm * factor, {"unit_factor": factor}

    def _update_ema(self) -> None:
        decay = self.ema_decay
        for average, weight in zip(self._ema_weights, self.generator.weights):
            average.assign(decay * average + (1.0 - decay) * tf.cast(weight, average.dtype))

    def train_step(self, data):
        real, latents = self._unpack(data)
        d_parts = 1 if self.share_real_batch else self.n_dis
        real_slices = _split(real, d_parts) * (self.n_dis // d_parts)
        latent_slices = _split(latents, d_parts) * (self.n_dis // d_parts)
        if self.simultaneous:
            # Both gradients from the same parameters and the same latents, then both updates.
            latents = self._latents_for(real, latents)
            d_gradients, logs = self._discriminator_gradients(real, latents)
            g_gradients, g_logs = self._generator_gradients(real, latents)
            self._apply(self.d_optimizer, d_gradients, self.discriminator.trainable_variables, "d", logs)
            self._apply_generator(g_gradients, g_logs)
            return distribute.step_logs({**logs, **g_logs})
        g_slices = [real_slices[-1]] * self.n_gen, [latent_slices[-1]] * self.n_gen
        logs: dict = {}
        if self.g_first:
            logs.update(fused.repeat(self._generator_step, *g_slices))
        logs.update(fused.repeat(self._discriminator_step, real_slices, latent_slices))
        if not self.g_first:
            logs.update(fused.repeat(self._generator_step, *g_slices))
        return distribute.step_logs(logs)

    # ---------------------------------------------------------------- sampling

    def generate(self, n: int, *, use_ema: bool = True, batch_size: int = 1024, latents=None) -> np.ndarray:
        """n samples from G (from its EMA when kept and `use_ema`), as a numpy array."""
        model = saving.sampling_generator(self, use_ema=use_ema)
        if latents is None:
            latents = self.sample_latents(n, stream=False)
        latents = tf.convert_to_tensor(latents, tf.float32)
        forwards = self.__dict__.setdefault("_forward_functions", {})  # one graph function per model
        forward = forwards.get(id(model)) or forwards.setdefault(id(model), fused.inference_function(model))
        outputs = [forward(latents[i : i + batch_size]) for i in range(0, len(latents), batch_size)]
        return np.concatenate([np.asarray(o) for o in outputs], axis=0)

    def call(self, latents, training=False):
        return self.generator(latents, training=training)
