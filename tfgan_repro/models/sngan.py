"""SNGAN architectures (Miyato et al., 2018) as used by the RpGAN landscape paper (004, App. E.1).

Standard CNN, 004 Tab. 8 (= Miyato et al. Tab. 3; also 000 App. M, "SNGAN CNN setting"):

    G: z(128) -> dense M x M x 8nf (linear; M = image_size / 8) -> 3 x [4x4 stride-2 deconv (4nf, 2nf, nf),
       BN, ReLU] -> 3x3 conv to the image channels, tanh
    D: 3x3 nf, 4x4/2 nf, 3x3 2nf, 4x4/2 2nf, 3x3 4nf, 4x4/2 4nf, 3x3 8nf, each LeakyReLU 0.1,
       flatten -> dense to one logit (no bias); spectral normalisation on every D layer (optional)

  nf = 64. The widths of D follow the RS-GAN code (AilsaF/RS-GAN `networks.py`, SNDCDiscriminator32) and
  Miyato et al.; the text extraction of 004 Tab. 8 lists 64, 128, 128, 256, 256, 512, 512 instead.
  004's imbalanced-MNIST experiment (App. C) uses this CNN; give it `image_shape=(32, 32, 1)` (the RS-GAN
  code resizes MNIST to `image_size`, 32 by default).

ResNet, 004 Tab. 10 (CIFAR-10, 32x32) and Tab. 11 (STL-10, 48x48):

    CIFAR G: dense 4x4xnf -> 3 up-resblocks (nf) -> BN, ReLU, conv, tanh (nf = 256)
    CIFAR D: optimized down-resblock (nf) + 3 down-resblocks (nf) -> act, global sum pool, dense (nf = 128)
    STL G:   dense 6x6x8nf -> up-resblocks 4nf, 2nf, nf -> BN, ReLU, conv, tanh (nf = 64)
    STL D:   optimized down-resblock nf + down-resblocks 2nf, 4nf, 8nf, 16nf -> act, sum pool, dense (nf = 64)

  With `reference="rsgan"` (default) the facts follow the RS-GAN code: D activation LeakyReLU 0.1 (also 004
  Tab. 10/11), every D block downsamples (Tab. 10/11 "ResBlock down" throughout), bilinear upsampling in G,
  1x1 output conv in G. `reference="miyato"` gives Miyato et al. Tab. 4/5: ReLU in D, the last two CIFAR
  D blocks (the last STL block) keep their resolution, nearest-neighbour upsampling, 3x3 output conv.

Narrow nets (004 Sec. 6, Tab. 2): `width=0.5` ("channel/2") and `width=0.25` ("channel/4") scale every
convolution's channels. The "BottleNeck" nets (004 Tab. 12) are `width=0.5, bottleneck=True`: every
resblock's hidden 3x3 conv has half the channels (G: out/2, D: in/2, first D block: out/2), e.g. CIFAR
G "BRes up (128, 64, 128)" and D "BRes down (64, 32, 64)"; the pair has 16.8% of the regular pair's
parameters and the channel/2 pair 28% (004 Sec. 6), which the tests check. In the RS-GAN code the
bottleneck is two 3x3 convs with a halved hidden width (`gen_resblocks.py`, `disc_resblocks.py`), not
the 1x1-3x3-1x1 bottleneck of image-classification ResNets.

Spectral normalisation is `keras.layers.SpectralNormalization` (one power iteration per training call; it
rescales the stored kernel in place). Generators have no SN. D kernels use orthogonal initialisation as in
the RS-GAN code; G layers keep the Keras defaults (Glorot uniform, the CNN G's Xavier init in the code).
Batch norm uses PyTorch's defaults (momentum 0.1, i.e. Keras momentum 0.9; epsilon 1e-5).
"""

from __future__ import annotations

from typing import Optional, Sequence

import keras

REFERENCES = ("rsgan", "miyato")
BN_MOMENTUM, BN_EPSILON = 0.9, 1e-5
RESNET_IMAGE_SIZES = (32, 48)


# ---------------------------------------------------------------- shared helpers


def _square_size(image_shape: Sequence[int], model: str) -> int:
    if len(image_shape) != 3 or image_shape[0] != image_shape[1]:
        raise ValueError(f"{model} needs a square image shape (H, W, C), got {tuple(image_shape)}")
    if int(image_shape[2]) < 1:
        raise ValueError(f"{model} needs at least one image channel, got {tuple(image_shape)}")
    return int(image_shape[0])


def scaled_channels(channels: int, width: float) -> int:
    """`channels * width` rounded; ValueError if the width multiplier leaves no channel."""
    if not width > 0:
        raise ValueError(f"width multiplier must be positive, got {width}")
    scaled = int(round(channels * width))
    if scaled < 1:
        raise ValueError(f"width={width} leaves 0 channels of a {channels}-channel layer; use a larger nf or width")
    return scaled


def _check_reference(reference: str) -> None:
    if reference not in REFERENCES:
        raise ValueError(f"unknown reference {reference!r}; valid: {', '.join(REFERENCES)}")


def _batch_norm(name: str) -> keras.layers.Layer:
    return keras.layers.BatchNormalization(momentum=BN_MOMENTUM, epsilon=BN_EPSILON, name=name)


def _maybe_sn(layer: keras.layers.Layer, spectral_norm: bool) -> keras.layers.Layer:
    return keras.layers.SpectralNormalization(layer, name=f"sn_{layer.name}") if spectral_norm else layer


def _activation(kind: str, name: str) -> keras.layers.Layer:
    if kind == "leaky_relu":
        return keras.layers.LeakyReLU(negative_slope=0.1, name=name)
    return keras.layers.ReLU(name=name)


def _global_sum_pool(x, name: str):
    """Sum over the spatial positions (Miyato et al.'s global sum pooling)."""
    area = int(x.shape[1]) * int(x.shape[2])
    x = keras.layers.GlobalAveragePooling2D(name=f"{name}_mean")(x)
    return keras.layers.Rescaling(float(area), name=name)(x)


# ---------------------------------------------------------------- standard CNN (004 Tab. 8)


def _cnn_bottom(image_shape: Sequence[int]) -> int:
    size = _square_size(image_shape, "SN-CNN")
    if size % 8 or size < 8:
        raise ValueError(f"SN-CNN needs an image size divisible by 8 (32 CIFAR, 48 STL, 32 padded MNIST), got {size}")
    return size // 8


def sn_cnn_generator(
    latent_dim: int = 128,
    image_shape: Sequence[int] = (32, 32, 3),
    nf: int = 64,
    width: float = 1.0,
    name: str = "generator",
) -> keras.Model:
    """004 Tab. 8 (a) generator: z -> dense M x M x 8nf (linear) -> 4x4 stride-2 deconvs 4nf, 2nf, nf with BN
    and ReLU -> 3x3 conv to the image channels, tanh. M = image_size / 8 (4 for 32x32, 6 for 48x48)."""
    bottom = _cnn_bottom(image_shape)
    channels = [scaled_channels(c * nf, width) for c in (8, 4, 2, 1)]
    inputs = keras.Input((latent_dim,))
    x = keras.layers.Dense(bottom * bottom * channels[0], name="project")(inputs)
    x = keras.layers.Reshape((bottom, bottom, channels[0]))(x)
    for i, filters in enumerate(channels[1:], start=1):
        x = keras.layers.Conv2DTranspose(filters, 4, strides=2, padding="same", name=f"deconv_{i}")(x)
        x = _batch_norm(f"deconv_{i}_bn")(x)
        x = keras.layers.ReLU(name=f"deconv_{i}_relu")(x)
    x = keras.layers.Conv2D(int(image_shape[-1]), 3, padding="same", name="to_image")(x)
    outputs = keras.layers.Activation("tanh", name="tanh")(x)
    return keras.Model(inputs, outputs, name=name)


def sn_cnn_discriminator(
    image_shape: Sequence[int] = (32, 32, 3),
    nf: int = 64,
    width: float = 1.0,
    spectral_norm: bool = True,
    name: str = "discriminator",
) -> keras.Model:
    """004 Tab. 8 (b) / Miyato et al. Tab. 3 discriminator: seven convs (3x3 stride 1 and 4x4 stride 2
    alternating; nf, nf, 2nf, 2nf, 4nf, 4nf, 8nf), LeakyReLU 0.1, flatten, dense to one logit without bias.
    `spectral_norm=False` is 004 Table 2's "CNN (no normalization)" row."""
    _cnn_bottom(image_shape)
    layout = ((3, 1, 1), (4, 2, 1), (3, 1, 2), (4, 2, 2), (3, 1, 4), (4, 2, 4), (3, 1, 8))
    init = keras.initializers.Orthogonal()
    inputs = keras.Input(tuple(image_shape))
    x = inputs
    for i, (kernel, stride, mult) in enumerate(layout, start=1):
        conv = keras.layers.Conv2D(
            scaled_channels(mult * nf, width), kernel, strides=stride, padding="same", kernel_initializer=init,
            name=f"conv_{i}",
        )
        x = _maybe_sn(conv, spectral_norm)(x)
        x = keras.layers.LeakyReLU(negative_slope=0.1, name=f"conv_{i}_lrelu")(x)
    x = keras.layers.Flatten()(x)
    dense = keras.layers.Dense(1, use_bias=False, kernel_initializer=init, name="logit")
    outputs = _maybe_sn(dense, spectral_norm)(x)
    return keras.Model(inputs, outputs, name=name)


# ---------------------------------------------------------------- ResNet (004 Tab. 10-12)


def _resnet_size(image_shape: Sequence[int]) -> int:
    size = _square_size(image_shape, "SN-ResNet")
    if size not in RESNET_IMAGE_SIZES:
        raise ValueError(f"SN-ResNet supports 32x32 (CIFAR layout) and 48x48 (STL layout) images, got {size}x{size}")
    return size


def _generator_block(x, out_channels: int, bottleneck: bool, interpolation: str, name: str):
    """Up-resblock: BN, ReLU, upsample x2, 3x3 conv, BN, ReLU, 3x3 conv; shortcut upsample + 1x1 conv.
    Hidden width out/2 for the bottleneck (RS-GAN `gen_resblocks.py`)."""
    hidden = out_channels // 2 if bottleneck else out_channels
    if hidden < 1:
        raise ValueError(f"bottleneck leaves 0 hidden channels in {name} ({out_channels} output channels)")
    h = _batch_norm(f"{name}_bn1")(x)
    h = keras.layers.ReLU(name=f"{name}_relu1")(h)
    h = keras.layers.UpSampling2D(2, interpolation=interpolation, name=f"{name}_up")(h)
    h = keras.layers.Conv2D(hidden, 3, padding="same", name=f"{name}_conv1")(h)
    h = _batch_norm(f"{name}_bn2")(h)
    h = keras.layers.ReLU(name=f"{name}_relu2")(h)
    h = keras.layers.Conv2D(out_channels, 3, padding="same", name=f"{name}_conv2")(h)
    s = keras.layers.UpSampling2D(2, interpolation=interpolation, name=f"{name}_sc_up")(x)
    s = keras.layers.Conv2D(out_channels, 1, name=f"{name}_sc_conv")(s)
    return keras.layers.Add(name=name)([h, s])


def sn_resnet_generator(
    latent_dim: int = 128,
    image_shape: Sequence[int] = (32, 32, 3),
    nf: Optional[int] = None,
    width: float = 1.0,
    bottleneck: bool = False,
    reference: str = "rsgan",
    name: str = "generator",
) -> keras.Model:
    """004 Tab. 10 (a) / 11 (a) / 12 (a) generator.

    32x32: dense 4x4xnf, three up-resblocks of nf (nf = 256). 48x48: dense 6x6x8nf, up-resblocks 4nf, 2nf,
    nf (nf = 64). Then BN, ReLU, conv to the image channels, tanh. `width` scales every layer's channels;
    `bottleneck` halves each block's hidden conv. `reference` picks the upsampling and output conv (module
    docstring)."""
    _check_reference(reference)
    size = _resnet_size(image_shape)
    if size == 32:
        nf = 256 if nf is None else nf
        bottom, top, blocks = 4, nf, (nf, nf, nf)
    else:
        nf = 64 if nf is None else nf
        bottom, top, blocks = 6, 8 * nf, (4 * nf, 2 * nf, nf)
    interpolation = "bilinear" if reference == "rsgan" else "nearest"
    output_kernel = 1 if reference == "rsgan" else 3
    top = scaled_channels(top, width)
    inputs = keras.Input((latent_dim,))
    x = keras.layers.Dense(bottom * bottom * top, name="project")(inputs)
    x = keras.layers.Reshape((bottom, bottom, top))(x)
    for i, channels in enumerate(blocks, start=1):
        x = _generator_block(x, scaled_channels(channels, width), bottleneck, interpolation, f"block_{i}")
    x = _batch_norm("out_bn")(x)
    x = keras.layers.ReLU(name="out_relu")(x)
    x = keras.layers.Conv2D(int(image_shape[-1]), output_kernel, padding="same", name="to_image")(x)
    outputs = keras.layers.Activation("tanh", name="tanh")(x)
    return keras.Model(inputs, outputs, name=name)


def _discriminator_block(
    x, out_channels: int, downsample: bool, optimized: bool, bottleneck: bool, activation: str,
    spectral_norm: bool, name: str,
):
    """Down-resblock. Regular: act, 3x3 conv (hidden = in), act, 3x3 conv, avg-pool; shortcut 1x1 conv (when
    the shape changes) then avg-pool. Optimized first block: 3x3 conv (hidden = out), act, 3x3 conv,
    avg-pool; shortcut avg-pool then 1x1 conv. Bottleneck halves the hidden width (RS-GAN
    `disc_resblocks.py`)."""
    in_channels = int(x.shape[-1])
    hidden = out_channels if optimized else in_channels
    hidden = hidden // 2 if bottleneck else hidden
    if hidden < 1:
        raise ValueError(f"bottleneck leaves 0 hidden channels in {name} ({in_channels} input channels)")
    init = keras.initializers.Orthogonal()

    def conv(filters: int, kernel: int, suffix: str) -> keras.layers.Layer:
        layer = keras.layers.Conv2D(
            filters, kernel, padding="same", kernel_initializer=init, name=f"{name}_{suffix}"
        )
        return _maybe_sn(layer, spectral_norm)

    h = x if optimized else _activation(activation, f"{name}_act0")(x)
    h = conv(hidden, 3, "conv1")(h)
    h = _activation(activation, f"{name}_act1")(h)
    h = conv(out_channels, 3, "conv2")(h)
    if downsample:
        h = keras.layers.AveragePooling2D(2, name=f"{name}_pool")(h)
    if optimized:
        s = keras.layers.AveragePooling2D(2, name=f"{name}_sc_pool")(x)
        s = conv(out_channels, 1, "sc_conv")(s)
    else:
        s = x
        if in_channels != out_channels or downsample:
            s = conv(out_channels, 1, "sc_conv")(s)
        if downsample:
            s = keras.layers.AveragePooling2D(2, name=f"{name}_sc_pool")(s)
    return keras.layers.Add(name=name)([h, s])


def sn_resnet_discriminator(
    image_shape: Sequence[int] = (32, 32, 3),
    nf: Optional[int] = None,
    width: float = 1.0,
    bottleneck: bool = False,
    spectral_norm: bool = True,
    reference: str = "rsgan",
    name: str = "discriminator",
) -> keras.Model:
    """004 Tab. 10 (b) / 11 (b) / 12 (b) discriminator.

    32x32: optimized block + three resblocks, all nf (nf = 128). 48x48: optimized block nf, then 2nf, 4nf,
    8nf, 16nf (nf = 64). Then the activation, global sum pooling and a bias-free dense to one logit.
    `reference="rsgan"`: LeakyReLU 0.1 and every block halves the resolution (32 -> 2, 48 -> 1);
    `"miyato"`: ReLU, and the last two CIFAR blocks / the last STL block keep the resolution."""
    _check_reference(reference)
    size = _resnet_size(image_shape)
    if size == 32:
        nf = 128 if nf is None else nf
        blocks = (nf, nf, nf, nf)
        keep_resolution = 2 if reference == "miyato" else 0
    else:
        nf = 64 if nf is None else nf
        blocks = (nf, 2 * nf, 4 * nf, 8 * nf, 16 * nf)
        keep_resolution = 1 if reference == "miyato" else 0
    activation = "leaky_relu" if reference == "rsgan" else "relu"
    inputs = keras.Input(tuple(image_shape))
    x = inputs
    for i, channels in enumerate(blocks):
        x = _discriminator_block(
            x, scaled_channels(channels, width), downsample=i < len(blocks) - keep_resolution, optimized=i == 0,
            bottleneck=bottleneck, activation=activation, spectral_norm=spectral_norm, name=f"block_{i + 1}",
        )
    x = _activation(activation, "out_act")(x)
    x = _global_sum_pool(x, "sum_pool")
    dense = keras.layers.Dense(1, use_bias=False, kernel_initializer=keras.initializers.Orthogonal(), name="logit")
    outputs = _maybe_sn(dense, spectral_norm)(x)
    return keras.Model(inputs, outputs, name=name)
