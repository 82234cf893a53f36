"""The CIFAR-10 evaluation classifier (000's DJSCD on CIFAR-10; a CIFAR-trained Inception-score network for 001).

A CIFAR ResNet (He et al. 2016, section 4.2): a 3x3 conv, then three stages of `blocks_per_stage` basic
residual blocks with width, 2 width, 4 width channels (stride 2 between stages, 1x1 projection shortcuts),
batch norm, global average pooling into the penultimate layer named "features", and a linear layer named
"logits". depth = 6 blocks_per_stage + 2: the default is ResNet-20 (0.27M parameters; He et al. report 91.25%
test accuracy, 000 needs about 89%). Not yet trained in this project: CIFAR-10 is not on the development
machine, so `train.py`'s schedule is untested beyond mock data; check the JSON's test_accuracy >= 0.89.
Inputs: [N, 32, 32, 3] in [-1, 1].
"""

from __future__ import annotations

import keras

INPUT_SHAPE = (32, 32, 3)
NUM_CLASSES = 10


def _conv_bn(x, channels: int, stride: int, name: str, relu: bool = True, kernel: int = 3):
    x = keras.layers.Conv2D(
        channels,
        kernel,
        strides=stride,
        padding="same",
        use_bias=False,
        kernel_regularizer=keras.regularizers.l2(1e-4),
        name=f"{name}_conv",
    )(x)
    x = keras.layers.BatchNormalization(name=f"{name}_bn")(x)
    return keras.layers.ReLU(name=f"{name}_relu")(x) if relu else x


def _basic_block(x, channels: int, stride: int, name: str):
    shortcut = x
    if stride != 1 or x.shape[-1] != channels:
        shortcut = _conv_bn(x, channels, stride, f"{name}_proj", relu=False, kernel=1)
    y = _conv_bn(x, channels, stride, f"{name}_a")
    y = _conv_bn(y, channels, 1, f"{name}_b", relu=False)
    return keras.layers.ReLU(name=f"{name}_out")(keras.layers.Add(name=f"{name}_add")([shortcut, y]))


def build_cifar_resnet(
    num_classes: int = NUM_CLASSES, blocks_per_stage: int = 3, width: int = 16, input_shape=INPUT_SHAPE
) -> keras.Model:
    """Functional keras model: images [N, 32, 32, 3] in [-1, 1] -> logits [N, num_classes] (ResNet-6n+2)."""
    inputs = keras.Input(input_shape, name="images")
    x = _conv_bn(inputs, width, 1, "stem")
    for stage in range(3):
        for block in range(blocks_per_stage):
            stride = 2 if stage > 0 and block == 0 else 1
            x = _basic_block(x, width * 2**stage, stride, f"stage{stage}_block{block}")
    features = keras.layers.GlobalAveragePooling2D(name="features")(x)
    logits = keras.layers.Dense(num_classes, name="logits")(features)
    return keras.Model(inputs, logits, name=f"cifar_resnet{6 * blocks_per_stage + 2}")
