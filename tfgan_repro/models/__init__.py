"""Generator and discriminator architectures, by paper name.

    mlp   toy MLPs for 2-D mixtures, 1-D clusters, moons (000, 002, 003, 004)
    fc    FC-n for MNIST (000)
    conv  Conv-n and Conv-n-sn (000)
    sngan SN-CNN and SN-ResNet of Miyato et al. as used by 004 (also 000 App. M)
    dcgan DCGAN with batch norm (001, 003)
    encoder  003's encoders and MNIST grid-search MLPs
"""

from tfgan_repro.models.conv import conv_discriminator, conv_generator
from tfgan_repro.models.fc import fc_discriminator, fc_generator
from tfgan_repro.models.mlp import mlp
from tfgan_repro.models.dcgan import dcgan_discriminator, dcgan_generator
from tfgan_repro.models.encoder import conv_encoder, mlp_encoder, mnist_grid_discriminator, mnist_grid_generator
from tfgan_repro.models.sngan import (
    sn_cnn_discriminator,
    sn_cnn_generator,
    sn_resnet_discriminator,
    sn_resnet_generator,
)

__all__ = ["mlp", "fc_generator", "fc_discriminator", "conv_generator", "conv_discriminator"]
__all__ += [
    "sn_cnn_generator", "sn_cnn_discriminator", "sn_resnet_generator", "sn_resnet_discriminator",
    "dcgan_generator", "dcgan_discriminator",
    "conv_encoder", "mlp_encoder", "mnist_grid_generator", "mnist_grid_discriminator",
]
