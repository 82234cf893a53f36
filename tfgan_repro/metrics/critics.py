"""Metrics that train a fresh network to tell real from generated: independent Wasserstein critic (001),
noisy third-party discriminator's missing-mode count (003) and the classifier two-sample test.

- Independent Wasserstein critic (001, after Danihelka et al. 2017): a new WGAN-GP critic f (Gulrajani et al.
  2017: loss mean f(fake) - mean f(real) + 10 mean((||grad f(x_hat)|| - 1)^2), x_hat = real + u (fake - real),
  Adam 1e-4, betas (0, 0.9)) is trained on one half of held-out real data vs samples; its Wasserstein
  estimate W = mean f(real) - mean f(fake) on the other half is reported as -W (higher = better; 0 = the
  critic cannot tell them apart).
- Noisy third-party discriminator (003, sec 4.2.1): a new discriminator with Gaussian input noise of std
  `noise_std` (applied in training only; 003 used 3.5 and 4.0, in units it does not state, so the noise is in
  the units of the arrays passed in) is trained with the logistic loss, real = 1, generated = 0, then applied
  to the real test set; a test image whose D(t) > `threshold` lies on a mode the generator misses.
  Threshold (003: "close to 1", value UNKNOWN): 0.9, recorded in the result.
- Classifier two-sample test (Lopez-Paz & Oquab 2017): a binary classifier trained on half of each set,
  tested on the other half; under "same distribution" its accuracy is ~ N(1/2, 1/(4 n_test)), giving a
  one-sided p-value.

Default networks (built on call, seeded): for images a two-layer strided conv net, for vectors a two-layer
MLP, both with LeakyReLU(0.2) and no normalisation; any keras model mapping a batch to [batch, 1] can be given.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Optional

import numpy as np

from tfgan_repro.metrics.inputs import SampleSource, check_range, collect

if TYPE_CHECKING:  # annotations only: keras is imported when a network is built
    import keras


def default_network(input_shape: tuple, *, noise_std: float = 0.0, seed: int = 0, width: int = 64):
    """A fresh real/fake scorer [N, *input_shape] -> [N, 1]: strided convs for images, an MLP for vectors."""
    import keras

    def init(k):
        return keras.initializers.GlorotUniform(seed=seed * 100 + k)

    inputs = keras.Input(input_shape)
    x = keras.layers.GaussianNoise(noise_std, seed=seed)(inputs) if noise_std > 0 else inputs
    if len(input_shape) == 3:
        for k, channels in enumerate((width, 2 * width)):
            x = keras.layers.Conv2D(channels, 4, strides=2, padding="same", kernel_initializer=init(k))(x)
            x = keras.layers.LeakyReLU(0.2)(x)
        x = keras.layers.Flatten()(x)
    else:
        x = keras.layers.Flatten()(x)
        for k in range(2):
            x = keras.layers.LeakyReLU(0.2)(keras.layers.Dense(2 * width, kernel_initializer=init(k))(x))
    outputs = keras.layers.Dense(1, kernel_initializer=init(9))(x)
    return keras.Model(inputs, outputs)


def _split(samples: np.ndarray, first_fraction: float, rng) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(samples))
    cut = int(round(first_fraction * len(samples)))
    if cut < 1 or cut >= len(samples):
        raise ValueError(f"cannot split {len(samples)} samples with fraction {first_fraction}")
    return samples[order[:cut]], samples[order[cut:]]


def _as_array(samples: SampleSource, name: str, limit: Optional[int], image_range: bool) -> np.ndarray:
    array = collect(samples, limit=limit).astype(np.float32)
    return check_range(array, name) if image_range else array


def _scores(network, samples: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    return np.concatenate(
        [
            np.asarray(network(samples[i : i + batch_size], training=False)).reshape(-1)
            for i in range(0, len(samples), batch_size)
        ]
    )


def _batches(rng, real: np.ndarray, fake: np.ndarray, batch_size: int):
    return real[rng.integers(0, len(real), batch_size)], fake[rng.integers(0, len(fake), batch_size)]


# --------------------------------------------------------------------------- independent W critic


def independent_wasserstein_critic(
    real: SampleSource,
    fake: SampleSource,
    *,
    critic: Optional["keras.Model"] = None,
    steps: int = 2000,
    batch_size: int = 64,
    gp_weight: float = 10.0,
    learning_rate: float = 1e-4,
    train_fraction: float = 0.5,
    limit: Optional[int] = None,
    image_range: bool = True,
    seed: int = 0,
) -> dict:
    """-W estimated by a fresh WGAN-GP critic trained on `train_fraction` of held-out real data vs samples and
    evaluated on the rest. `image_range=False` lifts the [-1, 1] check for toy vectors."""
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    real_all = _as_array(real, "real", limit, image_range)
    fake_all = _as_array(fake, "fake", limit, image_range)
    real_train, real_eval = _split(real_all, train_fraction, rng)
    fake_train, fake_eval = _split(fake_all, train_fraction, rng)
    critic = critic or default_network(real_all.shape[1:], seed=seed)
    optimizer = keras.optimizers.Adam(learning_rate, beta_1=0.0, beta_2=0.9)
    per_sample_axes = list(range(1, real_all.ndim))

    @tf.function
    def train_step(x_real, x_fake, u):
        with tf.GradientTape() as tape:
            x_hat = x_real + u * (x_fake - x_real)
            with tf.GradientTape() as inner:
                inner.watch(x_hat)
                f_hat = critic(x_hat, training=True)
            grad = inner.gradient(f_hat, x_hat)
            norm = tf.sqrt(tf.reduce_sum(tf.square(grad), axis=per_sample_axes) + 1e-12)
            penalty = tf.reduce_mean(tf.square(norm - 1.0))
            loss = tf.reduce_mean(critic(x_fake, training=True)) - tf.reduce_mean(critic(x_real, training=True))
            loss = loss + gp_weight * penalty
        optimizer.apply_gradients(zip(tape.gradient(loss, critic.trainable_variables), critic.trainable_variables))
        return loss

    u_shape = (batch_size,) + (1,) * (real_all.ndim - 1)
    for _ in range(steps):
        x_real, x_fake = _batches(rng, real_train, fake_train, batch_size)
        train_step(x_real, x_fake, rng.random(u_shape, dtype=np.float32))
    w_eval = _scores(critic, real_eval).mean() - _scores(critic, fake_eval).mean()
    w_train = _scores(critic, real_train).mean() - _scores(critic, fake_train).mean()
    return {
        "negative_wasserstein": float(-w_eval),
        "negative_wasserstein_train": float(-w_train),
        "num_eval": int(min(len(real_eval), len(fake_eval))),
        "steps": steps,
    }


# ----------------------------------------------------------------------------- binary real/fake nets


def _train_logistic(network, real: np.ndarray, fake: np.ndarray, *, steps, batch_size, learning_rate, rng):
    """Logistic loss, real = 1 and fake = 0, Adam(learning_rate, 0.5, 0.999); balanced batches."""
    import keras
    import tensorflow as tf

    optimizer = keras.optimizers.Adam(learning_rate, beta_1=0.5)

    @tf.function
    def train_step(x_real, x_fake):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.softplus(-network(x_real, training=True))) + tf.reduce_mean(
                tf.nn.softplus(network(x_fake, training=True))
            )
        optimizer.apply_gradients(zip(tape.gradient(loss, network.trainable_variables), network.trainable_variables))
        return loss

    for _ in range(steps):
        train_step(*_batches(rng, real, fake, batch_size))


def noisy_discriminator_missing_modes(
    train_real: SampleSource,
    generated: SampleSource,
    test_real: SampleSource,
    *,
    noise_std: float,
    threshold: float = 0.9,
    discriminator: Optional["keras.Model"] = None,
    steps: int = 2000,
    batch_size: int = 64,
    learning_rate: float = 2e-4,
    limit: Optional[int] = None,
    image_range: bool = True,
    seed: int = 0,
) -> dict:
    """003's missing-mode count: test images scored D(t) > threshold by a discriminator trained with input
    noise N(0, noise_std^2) on training data (1) vs generated samples (0). A given `discriminator` must add
    its own input noise (the default network does)."""
    rng = np.random.default_rng(seed)
    real = _as_array(train_real, "train_real", limit, image_range)
    fake = _as_array(generated, "generated", limit, image_range)
    test = _as_array(test_real, "test_real", None, image_range)
    network = discriminator or default_network(real.shape[1:], noise_std=noise_std, seed=seed)
    _train_logistic(network, real, fake, steps=steps, batch_size=batch_size, learning_rate=learning_rate, rng=rng)
    probabilities = 1.0 / (1.0 + np.exp(-_scores(network, test)))
    missing = int(np.count_nonzero(probabilities > threshold))
    return {
        "missing_count": missing,
        "missing_fraction": missing / len(test),
        "num_test": int(len(test)),
        "threshold": threshold,
        "noise_std": noise_std,
        "mean_test_output": float(probabilities.mean()),
    }


def classifier_two_sample_test(
    real: SampleSource,
    fake: SampleSource,
    *,
    classifier: Optional["keras.Model"] = None,
    train_fraction: float = 0.5,
    steps: int = 1000,
    batch_size: int = 64,
    learning_rate: float = 1e-3,
    limit: Optional[int] = None,
    image_range: bool = True,
    seed: int = 0,
) -> dict:
    """C2ST: held-out accuracy of a real-vs-fake classifier, and the one-sided p-value of "accuracy > 1/2"
    under the null N(1/2, 1/(4 n_test)). Both sides are cut to the same size so chance is exactly 1/2."""
    rng = np.random.default_rng(seed)
    real_all = _as_array(real, "real", limit, image_range)
    fake_all = _as_array(fake, "fake", limit, image_range)
    size = min(len(real_all), len(fake_all))
    real_train, real_test = _split(real_all[rng.permutation(len(real_all))[:size]], train_fraction, rng)
    fake_train, fake_test = _split(fake_all[rng.permutation(len(fake_all))[:size]], train_fraction, rng)
    network = classifier or default_network(real_all.shape[1:], seed=seed)
    _train_logistic(
        network, real_train, fake_train, steps=steps, batch_size=batch_size, learning_rate=learning_rate, rng=rng
    )
    correct = np.count_nonzero(_scores(network, real_test) > 0) + np.count_nonzero(_scores(network, fake_test) <= 0)
    num_test = len(real_test) + len(fake_test)
    accuracy = correct / num_test
    z = (accuracy - 0.5) * 2.0 * math.sqrt(num_test)
    return {
        "accuracy": float(accuracy),
        "p_value": float(0.5 * math.erfc(z / math.sqrt(2.0))),
        "num_test": int(num_test),
    }
