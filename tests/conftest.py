"""Shared test set-up: quiet TensorFlow, make the repo importable, deterministic seeds."""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import pytest  # noqa: E402

from tfgan_repro import xla_runtime  # noqa: E402

# The same XLA CPU runtime as the paper runner's processes (set there at import), so numbers computed here and
# in a subprocess of the runner agree.
xla_runtime.use_classic_cpu_runtime()

SHARED_MNIST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "data", "mnist")


@pytest.fixture
def rng():
    import numpy as np

    return np.random.default_rng(1234)
