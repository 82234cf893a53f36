"""DCGAN (001, 003), 003's encoders and MNIST grid MLPs: shapes, widths, parameter counts, bad input."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_repro.models import (
    conv_encoder,
    dcgan_discriminator,
    dcgan_generator,
    mlp_encoder,
    mnist_grid_discriminator,
    mnist_grid_generator,
)
from tfgan_repro.models.encoder import MNIST_GRID

BATCH = 2


def trainable_count(model: keras.Model) -> int:
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def conv_kernels(model: keras.Model) -> dict:
    return {layer.name: tuple(layer.kernel.shape) for layer in model.layers if isinstance(layer, keras.layers.Conv2D)}


# ---------------------------------------------------------------- DCGAN


@pytest.mark.parametrize("image_shape", [(28, 28, 1), (28, 28, 3), (32, 32, 3), (64, 64, 3), (64, 64, 1)])
def test_dcgan_shapes(image_shape):
    generator = dcgan_generator(latent_dim=10, image_shape=image_shape, base_channels=8)
    discriminator = dcgan_discriminator(image_shape=image_shape, base_channels=8)
    images = np.asarray(generator(tf.random.normal((BATCH, 10), seed=0), training=True))
    assert images.shape == (BATCH, *image_shape)
    assert np.all(np.abs(images) <= 1.0)
    assert tuple(discriminator(images, training=True).shape) == (BATCH, 1)
    assert discriminator.layers[-1].activation is keras.activations.linear  # a logit, no sigmoid


def test_dcgan_64_layout_is_radford():
    g = dcgan_generator()
    assert g.get_layer("project").output.shape[-1] == 4 * 4 * 512
    shapes = [g.get_layer(f"deconv_{i}").output.shape[1:] for i in (1, 2, 3)]
    assert shapes == [(8, 8, 256), (16, 16, 128), (32, 32, 64)]
    assert conv_kernels(dcgan_discriminator()) == {
        "conv_0": (5, 5, 3, 64), "conv_1": (5, 5, 64, 128), "conv_2": (5, 5, 128, 256), "conv_3": (5, 5, 256, 512),
    }
    d32 = dcgan_discriminator(image_shape=(32, 32, 3), kernel_size=4)
    assert [k[-1] for k in conv_kernels(d32).values()] == [64, 128, 256]


def test_dcgan_base_width_scales_inner_kernels_by_a_quarter():
    full = conv_kernels(dcgan_discriminator(base_channels=64))
    half = conv_kernels(dcgan_discriminator(base_channels=32))
    for name in ("conv_1", "conv_2", "conv_3"):
        assert np.prod(half[name]) * 4 == np.prod(full[name])


@pytest.mark.parametrize(
    "build, kwargs, message",
    [
        (dcgan_generator, dict(image_shape=(48, 48, 3)), "supports image sizes"),
        (dcgan_discriminator, dict(image_shape=(64, 32, 3)), "square"),
        (dcgan_generator, dict(base_channels=0), "base_channels"),
        (conv_encoder, dict(image_shape=(16, 16, 1)), "supports image sizes"),
        (conv_encoder, dict(activation="tanh"), "unknown activation"),
    ],
)
def test_dcgan_bad_input(build, kwargs, message):
    with pytest.raises(ValueError, match=message) as error:
        build(**kwargs)
    assert "\n" not in str(error.value)


# ---------------------------------------------------------------- encoders


@pytest.mark.parametrize("image_shape, latent_dim", [((28, 28, 1), 10), ((64, 64, 1), 100), ((64, 64, 3), 100)])
def test_conv_encoder_inverts_the_generator_shapes(image_shape, latent_dim):
    encoder = conv_encoder(image_shape=image_shape, latent_dim=latent_dim, base_channels=8)
    generator = dcgan_generator(latent_dim=latent_dim, image_shape=image_shape, base_channels=8)
    x = tf.random.uniform((BATCH, *image_shape), -1.0, 1.0, seed=0)
    z = encoder(x, training=True)
    assert tuple(z.shape) == (BATCH, latent_dim) and encoder.name == "encoder"
    assert tuple(generator(z, training=True).shape) == (BATCH, *image_shape)
    # the reversed generator: its convs output the generator's deconv input widths, in reverse order
    widths = [k[-1] for k in conv_kernels(encoder).values()]
    # Conv2DTranspose kernels are (k, k, out, in)
    g_widths = [layer.kernel.shape[-1] for layer in generator.layers if isinstance(layer, keras.layers.Conv2DTranspose)]
    assert widths == g_widths[::-1]


def test_mlp_encoder_for_the_six_gaussian_toy():
    encoder = mlp_encoder()
    assert encoder.input_shape == (None, 2) and encoder.output_shape == (None, 3)
    assert [layer.units for layer in encoder.layers[1:]] == [128, 128, 3]
    assert encoder.layers[1].activation is keras.activations.relu
    assert tuple(encoder(np.zeros((BATCH, 2), "float32")).shape) == (BATCH, 3)
    with pytest.raises(ValueError, match="dimensions must be >= 1"):
        mlp_encoder(latent_dim=0)


# ---------------------------------------------------------------- MNIST grid (003 Table 1)


def mlp_count(sizes) -> int:
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


@pytest.mark.parametrize("n_layers", MNIST_GRID["n_layers"])
def test_grid_nets_have_the_requested_depth_and_width(n_layers):
    g = mnist_grid_generator(latent_dim=100, n_layers=n_layers, width=400)
    assert trainable_count(g) == mlp_count([100] + [400] * (n_layers - 1) + [784])
    for dropout in MNIST_GRID["d_dropout"]:
        d = mnist_grid_discriminator(n_layers=n_layers, width=256, dropout=dropout)
        assert trainable_count(d) == mlp_count([784] + [256] * (n_layers - 1) + [1])
        assert sum(isinstance(layer, keras.layers.Dropout) for layer in d.layers) == (n_layers - 1) * dropout
    images = np.asarray(g(tf.random.normal((BATCH, 100), seed=0)))
    assert images.shape == (BATCH, 28, 28, 1) and np.all(np.abs(images) <= 1.0)
    assert tuple(d(images).shape) == (BATCH, 1)


def test_grid_widths_cover_table_1():
    for width in MNIST_GRID["g_width"]:
        assert mnist_grid_generator(n_layers=2, width=width).get_layer("hidden_0").units == width
    for width in MNIST_GRID["d_width"]:
        assert mnist_grid_discriminator(n_layers=2, width=width).get_layer("hidden_0").units == width


def test_grid_discriminator_dropout_is_active_only_in_training():
    keras.utils.set_random_seed(0)
    d = mnist_grid_discriminator(n_layers=3, width=256, dropout=True)
    x = np.random.default_rng(0).uniform(-1, 1, size=(4, 28, 28, 1)).astype("float32")
    assert not np.allclose(d(x, training=True), d(x, training=True))
    np.testing.assert_allclose(d(x, training=False), d(x, training=False))


@pytest.mark.parametrize(
    "build, kwargs, message",
    [
        (mnist_grid_generator, dict(n_layers=1), "n_layers"),
        (mnist_grid_discriminator, dict(width=0), "width"),
        (mnist_grid_discriminator, dict(dropout=True, dropout_rate=1.0), "dropout_rate"),
    ],
)
def test_grid_bad_input(build, kwargs, message):
    with pytest.raises(ValueError, match=message) as error:
        build(**kwargs)
    assert "\n" not in str(error.value)
