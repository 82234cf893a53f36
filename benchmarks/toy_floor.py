"""The floor of benchmarks.toy_step: a toy GAN's training as a minimal plain-TF XLA loop.

Raw matmuls over copies of the project nets' weights, hand-written optimizers, one `tf.function(
jit_compile=True)` while loop over steps, and nothing else: no Keras, no logged diagnostics, no data pipeline.
`FLOORS[config](setup, config)` (a paper_runs GANSetup and its run config) returns `run(steps)`.
"""

from __future__ import annotations

from typing import Callable

import keras
import numpy as np
import tensorflow as tf


def _params(model: keras.Model) -> list:
    """[(kernel, bias)] of the model's Dense layers, as fresh variables holding the same values."""
    dense = [layer for layer in model.layers if hasattr(layer, "kernel")]
    return [(tf.Variable(np.asarray(layer.kernel)), tf.Variable(np.asarray(layer.bias))) for layer in dense]


def _flat(params: list) -> list:
    return [v for pair in params for v in pair]


def _forward(params: list, x: tf.Tensor, activation: Callable) -> tf.Tensor:
    for index, (kernel, bias) in enumerate(params):
        x = tf.matmul(x, kernel) + bias
        if index < len(params) - 1:
            x = activation(x)
    return x


def _activation(model: keras.Model) -> Callable:
    return [layer for layer in model.layers if hasattr(layer, "kernel")][0].activation


class _SGD:
    """Keras' SGD with momentum: m <- mu m - lr g; w <- w + m."""

    def __init__(self, variables: list, lr: float, momentum: float):
        self.variables, self.lr, self.momentum = variables, lr, momentum
        self.moments = [tf.Variable(tf.zeros_like(v)) for v in variables]

    def apply(self, gradients: list) -> None:
        for variable, moment, gradient in zip(self.variables, self.moments, gradients):
            moment.assign(self.momentum * moment - self.lr * gradient)
            variable.assign_add(moment)


class _Adam:
    """Keras' Adam (epsilon added to sqrt(v) after the bias correction)."""

    def __init__(self, variables: list, lr: float, beta_1: float, beta_2: float, epsilon: float):
        self.variables, self.lr, self.beta_1, self.beta_2, self.epsilon = variables, lr, beta_1, beta_2, epsilon
        self.m = [tf.Variable(tf.zeros_like(v)) for v in variables]
        self.v = [tf.Variable(tf.zeros_like(v)) for v in variables]
        self.t = tf.Variable(0.0)

    def apply(self, gradients: list) -> None:
        self.t.assign_add(1.0)
        rate = self.lr * tf.sqrt(1.0 - self.beta_2**self.t) / (1.0 - self.beta_1**self.t)
        for variable, m, v, gradient in zip(self.variables, self.m, self.v, gradients):
            m.assign(self.beta_1 * m + (1.0 - self.beta_1) * gradient)
            v.assign(self.beta_2 * v + (1.0 - self.beta_2) * tf.square(gradient))
            variable.assign_sub(rate * m / (tf.sqrt(v) + self.epsilon))


def _logistic_d_loss(real_logits, fake_logits):
    return tf.reduce_mean(tf.nn.softplus(-real_logits)) + tf.reduce_mean(tf.nn.softplus(fake_logits))


def _runner(loop_body: Callable) -> Callable[[int], None]:
    @tf.function(jit_compile=True)
    def run(steps):
        for _ in tf.range(steps):
            loop_body()

    def call(steps: int) -> None:
        run(tf.constant(int(steps)))

    return call


def two_cluster(setup, config: dict) -> Callable[[int], None]:
    """`run(iterations)`: n_dis D then n_gen G full-batch SGD steps per iteration, JS costs (D's halved via lr)."""
    batch = next(iter(setup.dataset()))
    real, latents = batch["real"], batch["latents"]
    gan = setup.gan
    g, d = _params(gan.generator), _params(gan.discriminator)
    g_act, d_act = _activation(gan.generator), _activation(gan.discriminator)
    lr, momentum = float(config["lr"]), float(config["momentum"])
    d_opt, g_opt = _SGD(_flat(d), lr / 2, momentum), _SGD(_flat(g), lr, momentum)

    def d_step():
        fake = _forward(g, latents, g_act)
        with tf.GradientTape() as tape:
            loss = _logistic_d_loss(_forward(d, real, d_act), _forward(d, fake, d_act))
        d_opt.apply(tape.gradient(loss, _flat(d)))

    def g_step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.softplus(-_forward(d, _forward(g, latents, g_act), d_act)))
        g_opt.apply(tape.gradient(loss, _flat(g)))

    def iteration():
        for _ in tf.range(int(config["n_dis"])):
            d_step()
        for _ in tf.range(int(config["n_gen"])):
            g_step()

    return _runner(iteration)


def ring(setup, config: dict) -> Callable[[int], None]:
    """`run(steps)`: a batch drawn in-graph from the mixture, NS G cost (reduction as configured), logistic D
    cost, Adam; simultaneous or alternating (D then G) as configured."""
    from tfgan_repro import data as toy_data

    gan = setup.gan
    mixture = toy_data.get_toy(config["dataset"], std=float(config["data_std"]))
    means, stds = tf.constant(mixture.means, tf.float32), tf.constant(mixture.stds, tf.float32)
    log_weights = tf.constant(np.log(mixture.weights / mixture.weights.sum())[None], tf.float32)
    batch, latent_dim = int(config["batch_size"]), int(config["latent_dim"])
    g, d = _params(gan.generator), _params(gan.discriminator)
    g_act, d_act = _activation(gan.generator), _activation(gan.discriminator)
    beta_1, epsilon = float(config["adam_beta1"]), float(config["adam_epsilon"])
    d_opt = _Adam(_flat(d), float(config["d_lr"]), beta_1, float(config["adam_beta2"]), epsilon)
    g_opt = _Adam(_flat(g), float(config["g_lr"]), beta_1, float(config["g_adam_beta2"]), epsilon)
    g_reduce = tf.reduce_sum if config["generator_reduction"] == "sum" else tf.reduce_mean

    def g_cost(fake_logits):
        return g_reduce(tf.nn.softplus(-fake_logits))

    def step():
        ids = tf.random.categorical(log_weights, batch)[0]
        real = tf.gather(means, ids) + tf.random.normal([batch, 2]) * tf.gather(stds, ids)[:, None]
        latents = tf.random.normal([batch, latent_dim])
        with tf.GradientTape(persistent=True) as tape:
            fake = _forward(g, latents, g_act)
            fake_logits = _forward(d, fake, d_act)
            d_loss = _logistic_d_loss(_forward(d, real, d_act), fake_logits)
            g_loss = g_cost(fake_logits)
        if config["simultaneous"]:
            d_opt.apply(tape.gradient(d_loss, _flat(d)))
            g_opt.apply(tape.gradient(g_loss, _flat(g)))
            return
        d_opt.apply(tape.gradient(d_loss, _flat(d)))
        with tf.GradientTape() as g_tape:
            g_loss = g_cost(_forward(d, _forward(g, tf.random.normal([batch, latent_dim]), g_act), d_act))
        g_opt.apply(g_tape.gradient(g_loss, _flat(g)))

    return _runner(step)


FLOORS = {"two_cluster": two_cluster, "ring": ring}
