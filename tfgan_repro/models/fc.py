"""FC-n networks of the sample-weighting paper (000 Sec 4): n - 1 hidden ReLU layers, linear D output,
tanh G output, MNIST padded to 32x32 in [-1, 1]."""

from __future__ import annotations

from typing import Sequence

import keras


def fc_generator(
    latent_dim: int = 128, hidden: Sequence[int] = (512, 512, 512), image_shape=(32, 32, 1), name: str = "generator"
) -> keras.Model:
    """z -> hidden ReLU layers -> tanh image. FC-4 of the benchmark: 128-512-512-512-1024 (32x32x1)."""
    inputs = keras.Input((latent_dim,))
    x = inputs
    for i, width in enumerate(hidden):
        x = keras.layers.Dense(width, activation="relu", name=f"hidden_{i}")(x)
    pixels = int(image_shape[0] * image_shape[1] * image_shape[2])
    x = keras.layers.Dense(pixels, activation="tanh", name="output")(x)
    return keras.Model(inputs, keras.layers.Reshape(image_shape)(x), name=name)


def fc_discriminator(
    hidden: Sequence[int] = (512, 512, 512), image_shape=(32, 32, 1), name: str = "discriminator"
) -> keras.Model:
    """Image -> hidden ReLU layers -> one logit (mirror of `fc_generator`)."""
    inputs = keras.Input(image_shape)
    x = keras.layers.Flatten()(inputs)
    for i, width in enumerate(hidden):
        x = keras.layers.Dense(width, activation="relu", name=f"hidden_{i}")(x)
    return keras.Model(inputs, keras.layers.Dense(1, name="logit")(x), name=name)
