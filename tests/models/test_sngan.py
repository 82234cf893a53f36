"""SN-CNN and SN-ResNet of 004 (Tab. 8, 10-12): shapes, width variants, parameter counts, spectral norm,
one GAN train step, bad input. Small nf keeps it fast; parameter counts use the paper's widths."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.gan import GAN
from tfgan_repro.models import sn_cnn_discriminator, sn_cnn_generator, sn_resnet_discriminator, sn_resnet_generator

BATCH = 2


def trainable_count(model: keras.Model) -> int:
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def kernels(model: keras.Model) -> dict:
    """Layer name -> kernel shape, looking inside SpectralNormalization wrappers."""
    out = {}
    for layer in model.layers:
        inner = layer.layer if isinstance(layer, keras.layers.SpectralNormalization) else layer
        if hasattr(inner, "kernel"):
            out[inner.name] = tuple(inner.kernel.shape)
    return out


def spectral_layers(model: keras.Model) -> list:
    return [layer for layer in model.layers if isinstance(layer, keras.layers.SpectralNormalization)]


def largest_singular_value(kernel) -> float:
    k = np.asarray(kernel)
    return float(np.linalg.svd(k.reshape(-1, k.shape[-1]), compute_uv=False)[0])


def check_pair(generator, discriminator, image_shape, latent_dim=128):
    z = tf.random.normal((BATCH, latent_dim), seed=1)
    images = np.asarray(generator(z, training=True))
    assert images.shape == (BATCH, *image_shape)
    assert np.all(np.abs(images) <= 1.0)
    assert generator.name == "generator" and discriminator.name == "discriminator"
    assert discriminator.output_shape == (None, 1)
    assert tuple(discriminator(images, training=True).shape) == (BATCH, 1)


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize(
    "image_shape, width",
    [((32, 32, 3), 1.0), ((32, 32, 3), 0.5), ((32, 32, 3), 0.25), ((48, 48, 3), 1.0), ((48, 48, 3), 0.25),
     ((32, 32, 1), 1.0), ((32, 32, 1), 0.5)],
)
def test_sn_cnn_shapes(image_shape, width):
    generator = sn_cnn_generator(image_shape=image_shape, nf=8, width=width)
    discriminator = sn_cnn_discriminator(image_shape=image_shape, nf=8, width=width)
    check_pair(generator, discriminator, image_shape)
    assert generator.get_layer("project").output.shape[-1] == (image_shape[0] // 8) ** 2 * int(64 * width)


@pytest.mark.parametrize(
    "image_shape, width, bottleneck, reference",
    [
        ((32, 32, 3), 1.0, False, "rsgan"),
        ((32, 32, 3), 0.5, False, "rsgan"),
        ((32, 32, 3), 0.25, False, "rsgan"),
        ((32, 32, 3), 0.5, True, "rsgan"),
        ((32, 32, 3), 1.0, False, "miyato"),
        ((48, 48, 3), 1.0, False, "rsgan"),
        ((48, 48, 3), 0.25, False, "rsgan"),
        ((48, 48, 3), 0.5, True, "miyato"),
    ],
)
def test_sn_resnet_shapes(image_shape, width, bottleneck, reference):
    kwargs = dict(image_shape=image_shape, nf=8, width=width, bottleneck=bottleneck, reference=reference)
    check_pair(sn_resnet_generator(**kwargs), sn_resnet_discriminator(**kwargs), image_shape)


@pytest.mark.parametrize(
    "size, reference, pooled", [(32, "rsgan", 2), (32, "miyato", 8), (48, "rsgan", 1), (48, "miyato", 3)]
)
def test_resnet_discriminator_resolution_before_sum_pool(size, reference, pooled):
    d = sn_resnet_discriminator(image_shape=(size, size, 3), nf=4, reference=reference)
    assert tuple(d.get_layer("out_act").output.shape[1:3]) == (pooled, pooled)


def test_resnet_layout_widths_follow_the_paper_tables():
    # 004 Tab. 10: G dense 4x4x256, blocks 256; D blocks 128. Tab. 11: G 6x6x512, 256, 128, 64; D 64..1024.
    cifar_g = sn_resnet_generator(image_shape=(32, 32, 3))
    assert [cifar_g.get_layer(f"block_{i}").output.shape[-1] for i in (1, 2, 3)] == [256, 256, 256]
    assert cifar_g.get_layer("project").output.shape[-1] == 4 * 4 * 256
    stl_g = sn_resnet_generator(image_shape=(48, 48, 3), width=0.25)
    assert stl_g.get_layer("project").output.shape[-1] == 6 * 6 * 128
    assert [stl_g.get_layer(f"block_{i}").output.shape[-1] for i in (1, 2, 3)] == [64, 32, 16]
    stl_d = sn_resnet_discriminator(image_shape=(48, 48, 3), width=0.25)
    assert [stl_d.get_layer(f"block_{i}").output.shape[-1] for i in range(1, 6)] == [16, 32, 64, 128, 256]


# ---------------------------------------------------------------- widths and parameter counts


def assert_channel_scaling(full: keras.Model, narrow: keras.Model, width: float, image_channels: int = 3):
    """Every conv kernel shrinks by width^2, except those touching the image (width); dense kernels by width."""
    full_k, narrow_k = kernels(full), kernels(narrow)
    assert full_k.keys() == narrow_k.keys()
    inner = 0
    for name, shape in full_k.items():
        if len(shape) == 4:
            touches_image = image_channels in (shape[2], shape[3])
            expected = width if touches_image else width**2
            inner += not touches_image
            assert narrow_k[name][:2] == shape[:2], name
        else:
            expected = width
        assert np.prod(narrow_k[name]) == pytest.approx(expected * np.prod(shape)), name
    assert inner >= 3


@pytest.mark.parametrize("width", [0.5, 0.25])
def test_narrow_variants_scale_conv_kernels(width):
    for build in (sn_cnn_generator, sn_cnn_discriminator):
        assert_channel_scaling(build(nf=16), build(nf=16, width=width), width)
    for shape in ((32, 32, 3), (48, 48, 3)):
        for build in (sn_resnet_generator, sn_resnet_discriminator):
            assert_channel_scaling(build(image_shape=shape, nf=16), build(image_shape=shape, nf=16, width=width), width)


def test_bottleneck_halves_the_hidden_convs():
    g = kernels(sn_resnet_generator(nf=16, bottleneck=True))
    d = kernels(sn_resnet_discriminator(nf=16, bottleneck=True))
    # Tab. 12 triples (in, hidden, out): G (16, 8, 16), D (16, 8, 16), first D block (3, 8, 16)
    assert g["block_1_conv1"] == (3, 3, 16, 8) and g["block_1_conv2"] == (3, 3, 8, 16)
    assert d["block_2_conv1"] == (3, 3, 16, 8) and d["block_2_conv2"] == (3, 3, 8, 16)
    assert d["block_1_conv1"] == (3, 3, 3, 8) and d["block_1_conv2"] == (3, 3, 8, 16)


def test_cifar_parameter_counts_match_the_literature():
    g, d = sn_resnet_generator(), sn_resnet_discriminator()
    full = trainable_count(g) + trainable_count(d)
    assert 4.2e6 < trainable_count(g) < 4.35e6  # SNGAN ResNet CIFAR G ~4.3M
    assert 1.0e6 < trainable_count(d) < 1.1e6  # D ~1.0M (1.05M in Miyato's layout, 1.09M with all blocks down)
    assert 1.0e6 < trainable_count(sn_resnet_discriminator(reference="miyato")) < 1.06e6
    half = trainable_count(sn_resnet_generator(width=0.5)) + trainable_count(sn_resnet_discriminator(width=0.5))
    bottle = trainable_count(sn_resnet_generator(width=0.5, bottleneck=True)) + trainable_count(
        sn_resnet_discriminator(width=0.5, bottleneck=True)
    )
    assert half / full == pytest.approx(0.28, abs=0.01)  # 004 Sec. 6: "28% parameters"
    assert bottle / full == pytest.approx(0.168, abs=0.002)  # 004 Sec. 6: "16.8% parameters"


def test_cnn_parameter_counts_and_width_ratios():
    g, d = sn_cnn_generator(), sn_cnn_discriminator()
    assert trainable_count(g) == 3_812_355 and trainable_count(d) == 2_935_872
    full = trainable_count(g) + trainable_count(d)
    for width, low, high in ((0.5, 0.25, 0.32), (0.25, 1 / 16, 0.1)):
        narrow = trainable_count(sn_cnn_generator(width=width)) + trainable_count(sn_cnn_discriminator(width=width))
        assert low < narrow / full < high


# ---------------------------------------------------------------- spectral normalisation


def test_spectral_norm_brings_sigma_to_one():
    keras.utils.set_random_seed(0)
    layer = keras.layers.SpectralNormalization(keras.layers.Conv2D(16, 3, padding="same"))
    x = np.random.default_rng(0).normal(size=(2, 8, 8, 8)).astype("float32")
    layer(x)
    layer.layer.kernel.assign(layer.layer.kernel * 10.0)
    assert largest_singular_value(layer.layer.kernel) > 5
    for _ in range(10):
        layer(x, training=True)
    assert 0.99 < largest_singular_value(layer.layer.kernel) < 1.02


@pytest.mark.parametrize("build", [sn_cnn_discriminator, sn_resnet_discriminator])
def test_discriminator_kernels_are_spectrally_normalised(build):
    keras.utils.set_random_seed(0)
    d = build(nf=8)
    wrapped = spectral_layers(d)
    assert len(wrapped) == len(kernels(d))  # every D layer with a kernel, the logit layer included
    x = np.random.default_rng(0).uniform(-1, 1, size=(BATCH, 32, 32, 3)).astype("float32")
    for _ in range(10):
        d(x, training=True)
    sigmas = [largest_singular_value(layer.layer.kernel) for layer in wrapped]
    assert max(sigmas) < 1.05
    assert not spectral_layers(build(nf=8, spectral_norm=False))


def test_generators_have_no_spectral_norm():
    assert not spectral_layers(sn_cnn_generator(nf=8)) and not spectral_layers(sn_resnet_generator(nf=8))


# ---------------------------------------------------------------- training


def test_one_gan_train_step_with_sn_cnn():
    keras.utils.set_random_seed(0)
    generator = sn_cnn_generator(nf=8)
    discriminator = sn_cnn_discriminator(nf=8)
    gan = GAN(generator, discriminator, generator_loss="ns", discriminator_loss="logistic")
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, 0.5), g_optimizer=keras.optimizers.Adam(5e-4, 0.5))
    before = [w.numpy().copy() for w in generator.trainable_weights + discriminator.trainable_weights]
    real = tf.random.uniform((4, 32, 32, 3), -1.0, 1.0, seed=2)
    logs = gan.train_step(real)
    assert all(np.isfinite(float(v)) for v in logs.values())
    after = [w.numpy() for w in generator.trainable_weights + discriminator.trainable_weights]
    assert all(not np.array_equal(a, b) for a, b in zip(after, before) if a.size > 1)
    assert gan.generate(3).shape == (3, 32, 32, 3)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "build, kwargs, message",
    [
        (sn_cnn_generator, dict(image_shape=(28, 28, 1)), "divisible by 8"),
        (sn_cnn_discriminator, dict(image_shape=(32, 30, 3)), "square"),
        (sn_resnet_generator, dict(image_shape=(64, 64, 3)), "32x32 .* and 48x48"),
        (sn_resnet_discriminator, dict(image_shape=(28, 28, 1)), "28x28"),
        (sn_cnn_generator, dict(width=1 / 128), "leaves 0 channels"),
        (sn_cnn_discriminator, dict(nf=2, width=0.25), "leaves 0 channels"),
        (sn_resnet_discriminator, dict(width=0.0), "must be positive"),
        (sn_resnet_generator, dict(nf=1, bottleneck=True), "0 hidden channels"),
        (sn_resnet_generator, dict(reference="biggan"), "unknown reference"),
    ],
)
def test_bad_input_raises_one_line_value_error(build, kwargs, message):
    with pytest.raises(ValueError, match=message) as error:
        build(**kwargs)
    assert "\n" not in str(error.value)
