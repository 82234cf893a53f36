"""Loading a saved evaluation classifier (.keras) with its accuracy record, and checking what it outputs."""

from __future__ import annotations

import json
import os
from typing import Optional

WEIGHTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights")
MNIST_CLASSIFIER = os.path.join(WEIGHTS_DIR, "mnist_cnn.keras")

FEATURES_LAYER = "features"
LOGITS_LAYER = "logits"


def record_path(model_path: str) -> str:
    """The JSON written next to a model by `train`: mnist_cnn.keras -> mnist_cnn.json."""
    return os.path.splitext(model_path)[0] + ".json"


def read_record(model_path: str) -> Optional[dict]:
    """The training record (test accuracy, data, epochs, ...) saved next to a model, or None."""
    path = record_path(model_path)
    if not os.path.isfile(path):
        return None
    with open(path) as handle:
        return json.load(handle)


def num_outputs(classifier) -> int:
    """Number of classes a keras classifier outputs (the last dimension of its output)."""
    shape = classifier.output_shape
    if isinstance(shape, list):
        raise ValueError(f"classifier {classifier.name!r} has {len(shape)} outputs; expected one logits output")
    return int(shape[-1])


def check_num_classes(classifier, num_classes: int) -> None:
    """One-line ValueError when the classifier's output size differs from num_classes."""
    found = num_outputs(classifier)
    if found != num_classes:
        raise ValueError(f"classifier {classifier.name!r} outputs {found} classes; this metric needs {num_classes}")


def load_classifier(path: str = MNIST_CLASSIFIER, num_classes: Optional[int] = None):
    """The keras classifier saved at `path` (default: the committed MNIST CNN), checked to output `num_classes`
    logits when given. Raises FileNotFoundError / ValueError with a one-line message."""
    import keras  # deferred: importing this package must not import keras

    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"no classifier at {path}; train one with: python -m tfgan_repro.classifiers.train mnist --out DIR"
        )
    try:
        classifier = keras.saving.load_model(path, compile=False)
    except Exception as error:  # keras raises several types for a bad archive; one clear line is what helps
        raise ValueError(
            f"cannot load classifier {path}: {type(error).__name__}: {str(error).splitlines()[0]}"
        ) from None
    if num_classes is not None:
        check_num_classes(classifier, num_classes)
    return classifier
