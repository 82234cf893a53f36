"""XLA's classic CPU runtime flag: set without overriding a user's choice, and accepted by the pinned XLA
(an unknown flag in XLA_FLAGS aborts the process at its first compilation)."""

import os
import subprocess
import sys

from tfgan_repro import xla_runtime

PROBE = """
import numpy as np, tensorflow as tf
from tfgan_repro import xla_runtime
print(xla_runtime.use_classic_cpu_runtime())
step = tf.function(lambda x: tf.nn.softplus(x) @ tf.transpose(x), jit_compile=True)
x = np.arange(6, dtype=np.float32).reshape(2, 3) / 10
np.testing.assert_allclose(step(x).numpy(), np.log1p(np.exp(x)) @ x.T, rtol=1e-5)
print("compiled")
"""


def test_the_flag_is_added_once_and_a_users_setting_wins(monkeypatch):
    monkeypatch.setenv("XLA_FLAGS", "--xla_cpu_enable_fast_math=false")
    assert xla_runtime.use_classic_cpu_runtime()
    assert xla_runtime.use_classic_cpu_runtime()
    assert os.environ["XLA_FLAGS"] == "--xla_cpu_enable_fast_math=false --xla_cpu_use_thunk_runtime=false"
    monkeypatch.setenv("XLA_FLAGS", "--xla_cpu_use_thunk_runtime=true")
    assert not xla_runtime.use_classic_cpu_runtime()
    assert os.environ["XLA_FLAGS"] == "--xla_cpu_use_thunk_runtime=true"
    monkeypatch.delenv("XLA_FLAGS")
    assert xla_runtime.use_classic_cpu_runtime()
    assert os.environ["XLA_FLAGS"] == xla_runtime.CLASSIC_CPU_RUNTIME


def test_the_pinned_xla_accepts_the_flag_and_computes_correctly():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", "PYTHONPATH": root}
    env.pop("XLA_FLAGS", None)
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "compiled"]
