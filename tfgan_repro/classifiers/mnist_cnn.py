"""The MNIST evaluation classifier (000's DJSCD, Stacked / compositional MNIST mode counts, MODE score).

A small CNN on 32x32x1 inputs in [-1, 1] (MNIST zero-padded 28 -> 32 with background -1, the layout of 000's
GANs): three conv-BN-ReLU-maxpool stages (16, 32, 64 channels), a 128-unit ReLU layer named "features" (the
penultimate features used by the classifier Frechet distance) and a linear layer named "logits".
About 0.15M parameters and 3 MFLOP per image: fast enough to label 10,000 samples in about a second on
2 CPU cores, and above 99% test accuracy after 3 epochs (the paper's classifier reports about 99%).
"""

from __future__ import annotations

import keras

INPUT_SHAPE = (32, 32, 1)
NUM_CLASSES = 10


def build_mnist_cnn(num_classes: int = NUM_CLASSES, dropout: float = 0.3) -> keras.Model:
    """Functional keras model: images [N, 32, 32, 1] in [-1, 1] -> logits [N, num_classes]."""
    inputs = keras.Input(INPUT_SHAPE, name="images")
    x = inputs
    for stage, channels in enumerate((16, 32, 64)):
        x = keras.layers.Conv2D(channels, 3, padding="same", use_bias=False, name=f"conv{stage}")(x)
        x = keras.layers.BatchNormalization(name=f"bn{stage}")(x)
        x = keras.layers.ReLU(name=f"relu{stage}")(x)
        x = keras.layers.MaxPooling2D(2, name=f"pool{stage}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(128, name="dense")(x)
    features = keras.layers.ReLU(name="features")(x)
    x = keras.layers.Dropout(dropout, name="dropout")(features)
    logits = keras.layers.Dense(num_classes, name="logits")(x)
    return keras.Model(inputs, logits, name="mnist_cnn")
