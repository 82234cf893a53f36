"""Conv-n networks of the sample-weighting paper (000 Sec 4; REPRODUCTION.md; reference code's Conv32Disc /
Conv32Gen).

D: 3x3 stride-2 convs with m, 2m, 4m, 8m channels (m = 32), ReLU (32 -> 2), extra stride-1 3x3 layers for
n > 4, then a 2x2 stride-2 conv to one logit. G: dense to 4x4x4m, stride-2 transposed convs with 8m, 4m, 2m
channels (4 -> 32), extra stride-1 layers for n > 4, a 1x1 conv to the image channels, tanh.
Conv-4-sn: spectral normalisation on D only.
"""

from __future__ import annotations

import keras


def _maybe_sn(layer: keras.layers.Layer, spectral_norm: bool) -> keras.layers.Layer:
    return keras.layers.SpectralNormalization(layer) if spectral_norm else layer


def _check(image_shape, n: int) -> None:
    if n < 4:
        raise ValueError(f"Conv-n needs n >= 4, got {n}")
    if tuple(image_shape[:2]) != (32, 32):
        raise ValueError(f"Conv-n is defined for 32x32 images, got {tuple(image_shape[:2])}")


def conv_discriminator(
    image_shape=(32, 32, 1), n: int = 4, base_channels: int = 32, spectral_norm: bool = False,
    name: str = "discriminator",
) -> keras.Model:
    """32x32 image -> four stride-2 convs (m, 2m, 4m, 8m) -> [n - 4 stride-1 convs] -> 2x2 stride-2 conv -> logit."""
    _check(image_shape, n)
    inputs = keras.Input(image_shape)
    x = inputs
    for i, channels in enumerate((base_channels, 2 * base_channels, 4 * base_channels, 8 * base_channels)):
        x = _maybe_sn(keras.layers.Conv2D(channels, 3, strides=2, padding="same", name=f"conv_{i}"), spectral_norm)(x)
        x = keras.layers.ReLU()(x)
    for i in range(n - 4):
        x = _maybe_sn(keras.layers.Conv2D(8 * base_channels, 3, padding="same", name=f"extra_{i}"), spectral_norm)(x)
        x = keras.layers.ReLU()(x)
    x = _maybe_sn(keras.layers.Conv2D(1, 2, strides=2, name="logit_conv"), spectral_norm)(x)
    return keras.Model(inputs, keras.layers.Flatten()(x), name=name)


def conv_generator(
    latent_dim: int = 128, image_shape=(32, 32, 1), n: int = 4, base_channels: int = 32, name: str = "generator"
) -> keras.Model:
    """z -> 4x4x4m -> stride-2 transposed convs (8m, 4m, 2m) -> [n - 4 stride-1 layers] -> 1x1 conv, tanh."""
    _check(image_shape, n)
    inputs = keras.Input((latent_dim,))
    x = keras.layers.Dense(4 * 4 * 4 * base_channels, activation="relu", name="project")(inputs)
    x = keras.layers.Reshape((4, 4, 4 * base_channels))(x)
    for i, channels in enumerate((8 * base_channels, 4 * base_channels, 2 * base_channels)):
        x = keras.layers.Conv2DTranspose(channels, 3, strides=2, padding="same", activation="relu", name=f"up_{i}")(x)
    for i in range(n - 4):
        x = keras.layers.Conv2DTranspose(2 * base_channels, 3, padding="same", activation="relu", name=f"extra_{i}")(x)
    outputs = keras.layers.Conv2D(image_shape[-1], 1, activation="tanh", name="image")(x)
    return keras.Model(inputs, outputs, name=name)
