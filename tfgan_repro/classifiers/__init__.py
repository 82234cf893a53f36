"""Evaluation classifiers: an MNIST CNN (99.12% test accuracy, committed) and a CIFAR-10 ResNet-20 (to train).

    from tfgan_repro.classifiers import load_classifier
    classifier = load_classifier()                     # the committed MNIST CNN (weights/mnist_cnn.keras)
    classifier = load_classifier(path, num_classes=10) # any saved one, checked to output 10 logits

Both take images in [-1, 1], output logits from a layer named "logits", and expose penultimate features in a
layer named "features" (used by metrics.classifier_frechet_distance). Train with
`python -m tfgan_repro.classifiers.train {mnist,cifar10} --out DIR`.
"""

from tfgan_repro.classifiers.loading import (
    FEATURES_LAYER,
    LOGITS_LAYER,
    MNIST_CLASSIFIER,
    check_num_classes,
    load_classifier,
    num_outputs,
    read_record,
)

__all__ = [
    "FEATURES_LAYER",
    "LOGITS_LAYER",
    "MNIST_CLASSIFIER",
    "check_num_classes",
    "load_classifier",
    "num_outputs",
    "read_record",
]
