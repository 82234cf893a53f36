"""Paper 003 (Mode-regularized GANs): the encoder E: x -> z and the MNIST grid-search MLPs.

- `conv_encoder`: 003 App. B builds E as "the inverse of the generator, by reversing the order of layers and
  replacing the de-convolutional layers with convolutional layers" of DCGAN. Here: the DCGAN stride-2 conv
  stack (`dcgan.dcgan_trunk`: base, 2 base, ... channels, BN after the first, G's ReLU by default) with a
  linear `latent_dim` head. 28x28 / 64x64 MNIST (Compositional MNIST is 64x64) and 64x64 CelebA.
  003 keeps separate batch statistics in G for z and E(x) batches: call G once per kind of batch (Keras BN
  in training mode normalises each call with that call's statistics).
- `mlp_encoder`: the 6-Gaussian toy (003 App. C): G is 3 -> 128 -> 128 -> 2 (ReLU, z ~ U[0, 1]^3), so E is
  2 -> 128 -> 128 -> 3 (ReLU, linear output). The toy G and D themselves are `models.mlp`.
- `mnist_grid_generator` / `mnist_grid_discriminator`: 003 Sec. 4.1.1 Table 1 grid (after Zhao et al., 2016):
  layers {2, 3, 4}, G width {400, 800, 1600, 3200}, D width {256, 512, 1024}, D dropout {on, off}. A net of
  `n_layers` has `n_layers` dense layers (n_layers - 1 hidden ReLU layers of `width`, then the output layer);
  the paper does not give activations, dropout rate or latent size: ReLU, 0.5 and 100 here (record them).
"""

from __future__ import annotations

from typing import Optional, Sequence

import keras

from tfgan_repro.models.dcgan import dcgan_trunk
from tfgan_repro.models.mlp import mlp

MNIST_GRID = {
    "n_layers": (2, 3, 4),
    "g_width": (400, 800, 1600, 3200),
    "d_width": (256, 512, 1024),
    "d_dropout": (True, False),
}
ACTIVATIONS = ("relu", "leaky_relu")


def conv_encoder(
    image_shape: Sequence[int] = (64, 64, 3),
    latent_dim: int = 100,
    base_channels: int = 64,
    kernel_size: int = 5,
    activation: str = "relu",
    name: str = "encoder",
) -> keras.Model:
    """003 App. B encoder: DCGAN conv stack (the generator's layers reversed) -> linear latent_dim head."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; valid: {', '.join(ACTIVATIONS)}")
    if base_channels < 1 or latent_dim < 1:
        raise ValueError(f"base_channels and latent_dim must be >= 1, got {base_channels}, {latent_dim}")
    inputs = keras.Input(tuple(image_shape))
    x = dcgan_trunk(inputs, image_shape, base_channels, kernel_size, activation, prefix="enc")
    outputs = keras.layers.Dense(latent_dim, name="latent")(x)
    return keras.Model(inputs, outputs, name=name)


def mlp_encoder(
    input_dim: int = 2,
    latent_dim: int = 3,
    hidden: Sequence[int] = (128, 128),
    output_activation: Optional[str] = None,
    name: str = "encoder",
) -> keras.Model:
    """003 App. C toy encoder: 2-D sample -> ReLU hidden layers -> latent_dim (3 for the 6-Gaussian ring).
    `output_activation="sigmoid"` keeps E(x) in the U[0, 1] prior's range (the paper does not say)."""
    if input_dim < 1 or latent_dim < 1 or any(w < 1 for w in hidden):
        raise ValueError(f"dimensions must be >= 1, got input {input_dim}, latent {latent_dim}, hidden {tuple(hidden)}")
    return mlp(input_dim, hidden, latent_dim, output_activation=output_activation, name=name)


def _check_grid_net(n_layers: int, width: int) -> None:
    if n_layers < 2:
        raise ValueError(f"n_layers counts dense layers including the output and must be >= 2, got {n_layers}")
    if width < 1:
        raise ValueError(f"width must be >= 1, got {width}")


def mnist_grid_generator(
    latent_dim: int = 100,
    n_layers: int = 3,
    width: int = 800,
    image_shape: Sequence[int] = (28, 28, 1),
    name: str = "generator",
) -> keras.Model:
    """003 Table 1 generator: z -> (n_layers - 1) x [dense width, ReLU] -> dense to the pixels, tanh."""
    _check_grid_net(n_layers, width)
    pixels = 1
    for d in image_shape:
        pixels *= int(d)
    inputs = keras.Input((latent_dim,))
    x = inputs
    for i in range(n_layers - 1):
        x = keras.layers.Dense(width, activation="relu", name=f"hidden_{i}")(x)
    x = keras.layers.Dense(pixels, activation="tanh", name="output")(x)
    outputs = keras.layers.Reshape(tuple(image_shape), name="image")(x)
    return keras.Model(inputs, outputs, name=name)


def mnist_grid_discriminator(
    n_layers: int = 3,
    width: int = 512,
    dropout: bool = False,
    dropout_rate: float = 0.5,
    image_shape: Sequence[int] = (28, 28, 1),
    name: str = "discriminator",
) -> keras.Model:
    """003 Table 1 discriminator: flatten -> (n_layers - 1) x [dense width, ReLU, optional dropout] -> logit."""
    _check_grid_net(n_layers, width)
    if not 0.0 <= dropout_rate < 1.0:
        raise ValueError(f"dropout_rate must be in [0, 1), got {dropout_rate}")
    inputs = keras.Input(tuple(image_shape))
    x = keras.layers.Flatten(name="flatten")(inputs)
    for i in range(n_layers - 1):
        x = keras.layers.Dense(width, activation="relu", name=f"hidden_{i}")(x)
        if dropout:
            x = keras.layers.Dropout(dropout_rate, name=f"dropout_{i}")(x)
    outputs = keras.layers.Dense(1, name="logit")(x)
    return keras.Model(inputs, outputs, name=name)
