"""DCGAN with batch norm (Radford et al., 2016) for papers 001 and 003.

001 (Many Paths, Sec. 4.2): "DCGAN architecture with batch norm" on Color MNIST, CelebA 64x64 and CIFAR-10,
latent sizes {100, 128, 150} ({10, 50, 75} for Color MNIST). 003 (Reg-GAN, App. B): DCGAN G and D for
Compositional MNIST (64x64) and CelebA (64x64), plus an encoder that inverts G (`encoder.conv_encoder`).

    G: z -> dense M x M x (2^(n-1) base), BN, ReLU -> n - 1 stride-2 deconvs halving the channels down to
       `base`, each BN, ReLU -> stride-2 deconv to the image channels, tanh
    D: n stride-2 convs with base, 2 base, ..., 2^(n-1) base channels, LeakyReLU 0.2, BN on all but the
       first -> flatten -> dense to one logit (no sigmoid)

n = number of doublings from the bottom size M: 64x64 -> M 4, n 4 (the 64x64 DCGAN: 512-256-128-64 with
base 64, as in the reference TensorFlow DCGAN); 32x32 -> M 4, n 3; 28x28 -> M 7, n 2. Kernels 5x5 (Radford
et al.); `kernel_size=4` gives the PyTorch/WGAN variant. Batch norm: momentum 0.9, epsilon 1e-5.
"""

from __future__ import annotations

from typing import Sequence

import keras

DCGAN_BOTTOM = {28: 7, 32: 4, 64: 4}
BN_MOMENTUM, BN_EPSILON = 0.9, 1e-5


def dcgan_stages(image_shape: Sequence[int]) -> tuple[int, int]:
    """(bottom size M, number of stride-2 layers n) for a supported square image; ValueError otherwise."""
    if len(image_shape) != 3 or image_shape[0] != image_shape[1] or int(image_shape[2]) < 1:
        raise ValueError(f"DCGAN needs a square image shape (H, W, C), got {tuple(image_shape)}")
    size = int(image_shape[0])
    if size not in DCGAN_BOTTOM:
        raise ValueError(f"DCGAN supports image sizes {sorted(DCGAN_BOTTOM)}, got {size}x{size}")
    bottom = DCGAN_BOTTOM[size]
    return bottom, (size // bottom).bit_length() - 1


def _check_base(base_channels: int) -> None:
    if base_channels < 1:
        raise ValueError(f"base_channels must be >= 1, got {base_channels}")


def _batch_norm(name: str) -> keras.layers.Layer:
    return keras.layers.BatchNormalization(momentum=BN_MOMENTUM, epsilon=BN_EPSILON, name=name)


def dcgan_generator(
    latent_dim: int = 100,
    image_shape: Sequence[int] = (64, 64, 3),
    base_channels: int = 64,
    kernel_size: int = 5,
    name: str = "generator",
) -> keras.Model:
    """z -> dense M x M x 2^(n-1) base (BN, ReLU) -> deconvs (BN, ReLU) -> tanh image (module docstring)."""
    _check_base(base_channels)
    bottom, n = dcgan_stages(image_shape)
    top = base_channels * 2 ** (n - 1)
    inputs = keras.Input((latent_dim,))
    x = keras.layers.Dense(bottom * bottom * top, use_bias=False, name="project")(inputs)
    x = _batch_norm("project_bn")(x)
    x = keras.layers.ReLU(name="project_relu")(x)
    x = keras.layers.Reshape((bottom, bottom, top))(x)
    for i in range(1, n):
        x = keras.layers.Conv2DTranspose(
            top // 2**i, kernel_size, strides=2, padding="same", use_bias=False, name=f"deconv_{i}"
        )(x)
        x = _batch_norm(f"deconv_{i}_bn")(x)
        x = keras.layers.ReLU(name=f"deconv_{i}_relu")(x)
    x = keras.layers.Conv2DTranspose(int(image_shape[-1]), kernel_size, strides=2, padding="same", name="to_image")(x)
    outputs = keras.layers.Activation("tanh", name="tanh")(x)
    return keras.Model(inputs, outputs, name=name)


def dcgan_trunk(
    inputs, image_shape: Sequence[int], base_channels: int, kernel_size: int, activation: str, prefix: str = "conv"
):
    """The stride-2 conv stack shared by the DCGAN discriminator and the encoder; returns flat features."""
    _, n = dcgan_stages(image_shape)
    x = inputs
    for i in range(n):
        x = keras.layers.Conv2D(
            base_channels * 2**i, kernel_size, strides=2, padding="same", use_bias=i == 0, name=f"{prefix}_{i}"
        )(x)
        if i > 0:
            x = _batch_norm(f"{prefix}_{i}_bn")(x)
        if activation == "leaky_relu":
            x = keras.layers.LeakyReLU(negative_slope=0.2, name=f"{prefix}_{i}_lrelu")(x)
        else:
            x = keras.layers.ReLU(name=f"{prefix}_{i}_relu")(x)
    return keras.layers.Flatten(name=f"{prefix}_flatten")(x)


def dcgan_discriminator(
    image_shape: Sequence[int] = (64, 64, 3),
    base_channels: int = 64,
    kernel_size: int = 5,
    name: str = "discriminator",
) -> keras.Model:
    """Stride-2 convs (LeakyReLU 0.2, BN after the first) -> dense to one logit (module docstring)."""
    _check_base(base_channels)
    inputs = keras.Input(tuple(image_shape))
    x = dcgan_trunk(inputs, image_shape, base_channels, kernel_size, "leaky_relu")
    outputs = keras.layers.Dense(1, name="logit")(x)
    return keras.Model(inputs, outputs, name=name)
