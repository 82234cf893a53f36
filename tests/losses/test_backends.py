"""`from tfgan_repro import losses` on the JAX and PyTorch Keras backends: every registered cost gives the same
value and gradients as on TensorFlow; the TensorFlow-only penalties say so. Each backend runs in a subprocess
(KERAS_BACKEND is fixed when keras is first imported). Skipped where jax or torch is not installed
(requirements-test.txt installs both, CPU builds)."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import backend_costs

SCRIPT = Path(backend_costs.__file__)


@pytest.fixture(scope="module")
def tensorflow_costs():
    return backend_costs.costs_on_this_backend()


@pytest.mark.slow
@pytest.mark.parametrize("backend,module", [("jax", "jax"), ("torch", "torch")])
def test_every_cost_matches_tensorflow_on_another_backend(tensorflow_costs, backend, module):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -r requirements-test.txt)")
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    finished = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["backend"] == backend
    costs = report["costs"]
    assert set(costs) == set(tensorflow_costs)
    assert tensorflow_costs["penalty_error"] is None
    assert "runs on the TensorFlow backend only" in costs.pop("penalty_error")
    for key, (value, fake_gradient, real_gradient) in costs.items():
        expected_value, expected_fake, expected_real = tensorflow_costs[key]
        assert value == pytest.approx(expected_value, rel=1e-5, abs=1e-6), key
        np.testing.assert_allclose(fake_gradient, expected_fake, rtol=1e-5, atol=1e-6, err_msg=key)
        if real_gradient is not None:
            np.testing.assert_allclose(real_gradient, expected_real, rtol=1e-5, atol=1e-6, err_msg=key)
