"""Conv-n of 000 (reference Conv32Disc / Conv32Gen) and FC-n."""

import numpy as np
import pytest

from tfgan_repro.models import conv_discriminator, conv_generator, fc_discriminator, fc_generator


@pytest.mark.parametrize("n", [4, 5])
def test_conv_n_shapes(n):
    generator = conv_generator(16, (32, 32, 3), n=n, base_channels=4)
    discriminator = conv_discriminator((32, 32, 3), n=n, base_channels=4, spectral_norm=(n == 5))
    images = generator(np.random.default_rng(0).normal(size=(2, 16)).astype("float32"))
    assert images.shape == (2, 32, 32, 3) and float(np.abs(images).max()) <= 1.0
    assert discriminator(images).shape == (2, 1)
    # four stride-2 convs with m, 2m, 4m, 8m channels, then the 2x2 logit conv
    convs = [getattr(layer, "layer", layer) for layer in discriminator.layers]  # unwrap spectral norm
    widths = [conv.kernel.shape[-1] for conv in convs if conv.name.startswith("conv_")]
    assert widths == [4, 8, 16, 32]


def test_conv_n_rejects_bad_sizes():
    with pytest.raises(ValueError, match="n >= 4"):
        conv_discriminator(n=3)
    with pytest.raises(ValueError, match="32x32"):
        conv_generator(image_shape=(28, 28, 1))


def test_fc4_has_the_benchmark_widths():
    generator, discriminator = fc_generator(), fc_discriminator()
    assert [layer.units for layer in generator.layers if hasattr(layer, "units")] == [512, 512, 512, 1024]
    assert [layer.units for layer in discriminator.layers if hasattr(layer, "units")] == [512, 512, 512, 1]
