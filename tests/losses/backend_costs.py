"""Every registered cost's value and gradients on fixed logits, on whichever Keras backend is active.

Run as a script under another backend (the cross-backend test does this in a subprocess):
    KERAS_BACKEND=jax python tests/losses/backend_costs.py   -> JSON on stdout
and imported by the test under TensorFlow for the reference values.
"""

from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from tfgan_repro import losses  # noqa: E402

# Saturated logits on both sides (|l| up to 60), where the stable formulations matter.
FAKE_LOGITS = np.array([[-30.0], [-5.0], [-0.5], [0.0], [0.7], [4.0], [25.0], [60.0]], np.float32)
REAL_LOGITS = np.array([[2.0], [-1.0], [0.3], [8.0], [-40.0], [0.0], [1.5], [-3.0]], np.float32)
PARAMS = {"ns_mm": {"a": 0.3}, "ns_mm_nsat": {"a": 0.3}, "ns_add": {"a": 0.3}, "mm_nsat_add": {"a": 0.3}}


def _value_and_gradients(cost, fake: np.ndarray, real: np.ndarray) -> tuple[float, list, list]:
    """cost(fake, real) and its gradients with respect to both, with the active backend's autodiff."""
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        fake_t, real_t = tf.constant(fake), tf.constant(real)
        with tf.GradientTape(persistent=True) as tape:
            tape.watch([fake_t, real_t])
            value = cost(fake_t, real_t)
        gradients = [tape.gradient(value, t) for t in (fake_t, real_t)]
    elif backend == "jax":
        import jax

        value, gradients = jax.value_and_grad(cost, argnums=(0, 1))(fake, real)
    elif backend == "torch":
        import torch

        fake_t = torch.tensor(fake, requires_grad=True)
        real_t = torch.tensor(real, requires_grad=True)
        value = cost(fake_t, real_t)
        value.backward()
        gradients = [fake_t.grad, real_t.grad]
    else:
        raise SystemExit(f"unsupported backend {backend}")
    as_list = [np.zeros_like(fake) if g is None else keras.ops.convert_to_numpy(g) for g in gradients]
    return float(keras.ops.convert_to_numpy(value)), as_list[0].ravel().tolist(), as_list[1].ravel().tolist()


def costs_on_this_backend() -> dict:
    """{"generator/<name>/<reduction>": [value, d/d fake, d/d real], "discriminator/...": ..., ...}."""
    out = {}
    for reduction in ("mean", "sum"):
        for name in sorted(losses.GENERATOR_LOSSES):
            cost = losses.get_generator_loss(name, reduction=reduction, **PARAMS.get(name, {}))
            out[f"generator/{name}/{reduction}"] = _value_and_gradients(
                lambda fake, real: cost(fake, real_logits=real), FAKE_LOGITS, REAL_LOGITS)
        for name in sorted(losses.DISCRIMINATOR_LOSSES):
            cost = losses.get_discriminator_loss(name, reduction=reduction)
            out[f"discriminator/{name}/{reduction}"] = _value_and_gradients(
                lambda fake, real: cost(real, fake), FAKE_LOGITS, REAL_LOGITS)
    out["mean_dp"] = _value_and_gradients(lambda fake, real: losses.mean_dp(fake), FAKE_LOGITS, REAL_LOGITS)
    rescaled, factor = losses.unit_rescale([keras.ops.convert_to_tensor(FAKE_LOGITS), None])
    out["unit_rescale"] = [float(keras.ops.convert_to_numpy(factor)),
                           keras.ops.convert_to_numpy(rescaled[0]).ravel().tolist(), rescaled[1]]
    try:
        losses.get_penalty("wgan_gp")
        out["penalty_error"] = None
    except NotImplementedError as error:
        out["penalty_error"] = str(error)
    return out


if __name__ == "__main__":
    print(json.dumps({"backend": keras.backend.backend(), "costs": costs_on_this_backend()}))
