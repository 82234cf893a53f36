"""Evaluation classifiers: architectures, training on mock / synthetic data, saving and checked loading."""

import json
import os

import numpy as np
import pytest
import tensorflow_datasets as tfds

from tfgan_repro import classifiers
from tfgan_repro.classifiers import train
from tfgan_repro.classifiers.cifar_resnet import build_cifar_resnet
from tfgan_repro.classifiers.mnist_cnn import build_mnist_cnn
from tfgan_repro.data import mnist_files


def test_mnist_cnn_architecture():
    model = build_mnist_cnn()
    assert model.input_shape == (None, 32, 32, 1) and model.output_shape == (None, 10)
    assert model.get_layer("features").output.shape == (None, 128)
    assert model.count_params() < 200_000  # small enough to commit and to label 10k samples in ~1 s


def test_cifar_resnet_architecture():
    model = build_cifar_resnet()
    assert model.name == "cifar_resnet20" and model.output_shape == (None, 10)
    assert model.get_layer("features").output.shape == (None, 64)
    assert 250_000 < model.count_params() < 300_000  # ResNet-20: 0.27M


def synthetic_digits(num, seed):
    """Learnable stand-in for MNIST: class k is a bright bar at row 2k."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, num)
    images = rng.integers(0, 40, (num, 28, 28)).astype(np.uint8)
    for i, label in enumerate(labels):
        images[i, 2 * label + 4 : 2 * label + 6, 4:24] = 255
    return images, labels


@pytest.mark.slow
def test_train_mnist_writes_model_and_record(tmp_path):
    arrays = {"train": synthetic_digits(512, 0), "test": synthetic_digits(128, 1)}
    record = train.train_mnist(str(tmp_path), arrays=arrays, epochs=2, batch_size=64, verbose=0)
    assert record["test_accuracy"] > 0.5  # learns the toy task (chance: 0.1); BN statistics are still settling
    with open(tmp_path / "mnist_cnn.json") as handle:
        saved = json.load(handle)
    assert saved["test_accuracy"] == record["test_accuracy"] and saved["num_classes"] == 10
    assert saved["input_shape"] == [32, 32, 1] and "train_seconds" in saved
    model = classifiers.load_classifier(str(tmp_path / "mnist_cnn.keras"), num_classes=10)
    assert classifiers.read_record(str(tmp_path / "mnist_cnn.keras"))["epochs"] == 2
    assert os.path.getsize(tmp_path / "mnist_cnn.keras") < 1_000_000  # no optimizer state saved
    with pytest.raises(ValueError) as error:
        classifiers.load_classifier(str(tmp_path / "mnist_cnn.keras"), num_classes=1000)
    assert "\n" not in str(error.value) and "outputs 10 classes" in str(error.value)
    assert model.output_shape == (None, 10)


@pytest.mark.slow
def test_train_cifar10_on_mock_data(tmp_path):
    with tfds.testing.mock_data(num_examples=32):
        arrays = train._cifar_arrays(None)
    assert arrays["train"][0].shape == (32, 32, 32, 3)
    record = train.train_cifar10(
        str(tmp_path), arrays=arrays, epochs=1, batch_size=16, blocks_per_stage=1, width=4, verbose=0
    )
    assert 0.0 <= record["test_accuracy"] <= 1.0 and record["depth"] == 8
    model = classifiers.load_classifier(str(tmp_path / "cifar_resnet20.keras"), num_classes=10)
    assert model.input_shape == (None, 32, 32, 3)


def test_load_errors_are_one_line(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        classifiers.load_classifier(str(tmp_path / "missing.keras"))
    assert "\n" not in str(error.value) and "classifiers.train" in str(error.value)
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"not a keras archive")
    with pytest.raises(ValueError) as error:
        classifiers.load_classifier(str(broken))
    assert "\n" not in str(error.value) and "cannot load classifier" in str(error.value)


def test_cli_rejects_unknown_dataset():
    with pytest.raises(SystemExit):
        train.main(["svhn", "--out", "x"])


@pytest.mark.skipif(not os.path.isfile(classifiers.MNIST_CLASSIFIER), reason="no committed MNIST classifier")
def test_committed_mnist_classifier():
    record = classifiers.read_record(classifiers.MNIST_CLASSIFIER)
    assert record["test_accuracy"] >= 0.99 and record["num_test"] == 10_000
    model = classifiers.load_classifier(num_classes=10)
    if os.path.isdir(mnist_files.SHARED_MNIST_DIR):
        images, labels = mnist_files.load_mnist_arrays(mnist_files.SHARED_MNIST_DIR, "test")
        padded = (np.pad(images[:2000], ((0, 0), (2, 2), (2, 2))).astype(np.float32) / 127.5 - 1)[..., None]
        accuracy = np.mean(np.argmax(model.predict(padded, batch_size=1000, verbose=0), 1) == labels[:2000])
        assert accuracy >= 0.985
