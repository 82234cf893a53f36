"""Generator and discriminator architectures, by paper name.

    mlp   toy MLPs for 2-D mixtures, 1-D clusters, moons (000, 002, 003, 004)
    fc    FC-n for MNIST (000)
    conv  Conv-n and Conv-n-sn (000)
"""

from tfgan_repro.models.conv import conv_discriminator, conv_generator
from tfgan_repro.models.fc import fc_discriminator, fc_generator
from tfgan_repro.models.mlp import mlp

__all__ = ["mlp", "fc_generator", "fc_discriminator", "conv_generator", "conv_discriminator"]
