"""Train an evaluation classifier and save it (.keras) with a JSON record of its test accuracy.

    python -m tfgan_repro.classifiers.train mnist --data-dir ../shared/data/mnist --out DIR
    python -m tfgan_repro.classifiers.train cifar10 --data-dir TFDS_DIR --out DIR

MNIST: the CNN of `mnist_cnn.py` on the 60,000 training digits (padded to 32x32, [-1, 1]); Adam 1e-3 with
cosine decay, batch 128, 3 epochs; evaluated on the 10,000 test digits. `--data-dir` is the folder of the
LeCun .gz files (search order in `data.mnist_files` when omitted; tfds as the last resort).
CIFAR-10: the ResNet-20 of `cifar_resnet.py`; SGD momentum 0.9, lr 0.1 with cosine decay, weight decay 1e-4,
batch 128, 160 epochs, random 4-pixel-shift crops and horizontal flips; `--data-dir` is the tfds data_dir.
Outputs: DIR/<name>.keras and DIR/<name>.json with test_accuracy, num_classes, input_shape, epochs,
train_seconds, seed and versions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Optional

import numpy as np

MNIST_NAME = "mnist_cnn"
CIFAR_NAME = "cifar_resnet20"


def _pad_mnist(images: np.ndarray) -> np.ndarray:
    """uint8 [N, 28, 28] -> float32 [N, 32, 32, 1] in [-1, 1] (zero pad = background -1)."""
    padded = np.pad(images, ((0, 0), (2, 2), (2, 2)), constant_values=0)
    return (padded.astype(np.float32) / 127.5 - 1.0)[..., None]


def _save(model, record: dict, out_dir: str, name: str) -> str:
    import keras

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}.keras")
    # Save an uncompiled copy: the optimizer's moments would triple the file and are useless for evaluation.
    # (clone_model would carry the compile state over; a model rebuilt from its config is uncompiled.)
    inference_copy = keras.Model.from_config(model.get_config())
    inference_copy.set_weights(model.get_weights())
    inference_copy.save(path)
    record = {
        **record,
        "model_file": os.path.basename(path),
        "num_parameters": int(model.count_params()),
        "keras_version": keras.__version__,
        "tensorflow_version": __import__("tensorflow").__version__,
    }
    with open(os.path.join(out_dir, f"{name}.json"), "w") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
    return path


def _fit_evaluate_save(model, optimizer, train_data, test_x, test_y, record: dict, out_dir: str, name: str,
                       *, batch_size: Optional[int], epochs: int, eval_batch_size: int, verbose: int) -> dict:
    """Compile with sparse cross-entropy, fit, measure test accuracy, save the model and its JSON record."""
    import keras

    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    if isinstance(train_data, tuple):
        model.fit(*train_data, batch_size=batch_size, epochs=epochs, shuffle=True, verbose=verbose)
    else:
        model.fit(train_data, epochs=epochs, verbose=verbose)
    train_seconds = time.perf_counter() - start
    _, test_accuracy = model.evaluate(test_x, test_y, batch_size=eval_batch_size, verbose=0)
    record = {
        **record,
        "test_accuracy": float(test_accuracy),
        "num_test": int(len(test_x)),
        "input_range": [-1.0, 1.0],
        "epochs": epochs,
        "train_seconds": round(train_seconds, 1),
    }
    _save(model, record, out_dir, name)
    return record


def train_mnist(
    out_dir: str,
    data_dir: Optional[str] = None,
    *,
    epochs: int = 3,
    batch_size: int = 128,
    learning_rate: float = 1e-3,
    seed: int = 0,
    arrays: Optional[dict] = None,
    verbose: int = 2,
) -> dict:
    """Trains and saves the MNIST CNN; returns the record written to JSON.

    `arrays`: {'train': (images uint8 [N, 28, 28], labels), 'test': (...)} instead of reading MNIST (tests).
    """
    import keras

    from tfgan_repro.classifiers.mnist_cnn import INPUT_SHAPE, NUM_CLASSES, build_mnist_cnn
    from tfgan_repro.data.images import mnist_arrays

    keras.utils.set_random_seed(seed)
    if arrays is None:
        arrays = {split: mnist_arrays(split, data_dir) for split in ("train", "test")}
    train_x, train_y = _pad_mnist(arrays["train"][0]), np.asarray(arrays["train"][1], np.int64)
    test_x, test_y = _pad_mnist(arrays["test"][0]), np.asarray(arrays["test"][1], np.int64)

    model = build_mnist_cnn()
    steps = epochs * int(np.ceil(len(train_x) / batch_size))
    optimizer = keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=steps))
    record = {
        "dataset": "mnist",
        "num_classes": NUM_CLASSES,
        "input_shape": list(INPUT_SHAPE),
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "seed": seed,
    }
    return _fit_evaluate_save(model, optimizer, (train_x, train_y), test_x, test_y, record, out_dir, MNIST_NAME,
                              batch_size=batch_size, epochs=epochs, eval_batch_size=1000, verbose=verbose)


def _cifar_arrays(data_dir: Optional[str]) -> dict:
    import tensorflow_datasets as tfds

    arrays = {}
    for split in ("train", "test"):
        ds = tfds.load("cifar10", split=split, data_dir=data_dir, shuffle_files=False)
        batches = list(ds.batch(10_000).as_numpy_iterator())
        arrays[split] = (np.concatenate([b["image"] for b in batches]), np.concatenate([b["label"] for b in batches]))
    return arrays


def _augment_cifar(images, seed):
    """Random crops after 4-pixel reflection padding, random horizontal flips (He et al. 2016)."""
    import tensorflow as tf

    padded = tf.pad(images, [[0, 0], [4, 4], [4, 4], [0, 0]], mode="REFLECT")
    crops = tf.image.random_crop(padded, tf.shape(images), seed=seed)
    return tf.image.random_flip_left_right(crops, seed=seed)


def train_cifar10(
    out_dir: str,
    data_dir: Optional[str] = None,
    *,
    epochs: int = 160,
    batch_size: int = 128,
    learning_rate: float = 0.1,
    blocks_per_stage: int = 3,
    width: int = 16,
    seed: int = 0,
    arrays: Optional[dict] = None,
    verbose: int = 2,
) -> dict:
    """Trains and saves the CIFAR-10 ResNet; returns the record written to JSON.

    `arrays`: {'train': (images uint8 [N, 32, 32, 3], labels), 'test': (...)} instead of tfds (tests).
    """
    import keras
    import tensorflow as tf

    from tfgan_repro.classifiers.cifar_resnet import INPUT_SHAPE, NUM_CLASSES, build_cifar_resnet

    keras.utils.set_random_seed(seed)
    if arrays is None:
        arrays = _cifar_arrays(data_dir)
    train_x = arrays["train"][0].astype(np.float32) / 127.5 - 1.0
    train_y = np.asarray(arrays["train"][1], np.int64)
    test_x = arrays["test"][0].astype(np.float32) / 127.5 - 1.0
    test_y = np.asarray(arrays["test"][1], np.int64)

    train_ds = (
        tf.data.Dataset.from_tensor_slices((train_x, train_y))
        .shuffle(len(train_x), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
        .map(lambda x, y: (_augment_cifar(x, seed), y), num_parallel_calls=tf.data.AUTOTUNE)
        .prefetch(tf.data.AUTOTUNE)
    )
    model = build_cifar_resnet(blocks_per_stage=blocks_per_stage, width=width)
    steps = epochs * int(np.ceil(len(train_x) / batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=steps)
    record = {
        "dataset": "cifar10",
        "num_classes": NUM_CLASSES,
        "input_shape": list(INPUT_SHAPE),
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "depth": 6 * blocks_per_stage + 2,
        "width": width,
        "seed": seed,
    }
    return _fit_evaluate_save(model, keras.optimizers.SGD(schedule, momentum=0.9, nesterov=True), train_ds,
                              test_x, test_y, record, out_dir, CIFAR_NAME,
                              batch_size=None, epochs=epochs, eval_batch_size=500, verbose=verbose)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tfgan_repro.classifiers.train", description=__doc__.split("\n")[0])
    parser.add_argument("dataset", choices=("mnist", "cifar10"))
    parser.add_argument("--out", required=True, help="folder for <name>.keras and <name>.json")
    parser.add_argument(
        "--data-dir", default=None, help="MNIST: folder of the LeCun .gz files; CIFAR-10: tfds data_dir"
    )
    parser.add_argument("--epochs", type=int, default=None, help="default: 3 (MNIST), 160 (CIFAR-10)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.dataset == "mnist":
        record = train_mnist(
            args.out, args.data_dir, epochs=args.epochs or 3, batch_size=args.batch_size, seed=args.seed
        )
    else:
        record = train_cifar10(
            args.out, args.data_dir, epochs=args.epochs or 160, batch_size=args.batch_size, seed=args.seed
        )
    print(json.dumps({k: record[k] for k in ("dataset", "test_accuracy", "epochs", "train_seconds")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
