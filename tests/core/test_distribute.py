"""Under a strategy, R uses the global batch's mean Dp and the update equals single-device training."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tfgan_repro import distribute

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "distributed_run.py")
CONFIGS = ["mm_nsat_mean", "mm_nsat_sum", "ns_unit_ema", "mm_nsat_fused"]


def _run(mode, config, tmp_path, env=None, wait=True):
    out = tmp_path / f"{mode}_{config}_{(env or {}).get('WORKER', '0')}.json"
    process = subprocess.Popen([sys.executable, SCRIPT, mode, str(out), config], env={**os.environ, **(env or {})},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not wait:
        return process, out
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output[-3000:]
    return json.loads(out.read_text())


def _assert_same_training(single, distributed):
    assert distributed["nsat_R"] == pytest.approx(single["nsat_R"], rel=1e-5)
    assert distributed["g_loss"] == pytest.approx(single["g_loss"], rel=1e-5)
    assert distributed["d_loss"] == pytest.approx(single["d_loss"], rel=1e-5)
    for player in ("generator", "discriminator", "ema"):
        for a, b in zip(single[player], distributed[player]):
            np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-5, atol=1e-6)


@pytest.fixture(scope="module")
def single_results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("single")
    return {config: _run("single", config, tmp) for config in CONFIGS}


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.slow
def test_mirrored_two_devices_match_single_device(config, single_results, tmp_path):
    mirrored = _run("mirrored", config, tmp_path)
    assert mirrored["replicas"] == 2
    _assert_same_training(single_results[config], mirrored)


def test_per_replica_mean_dp_would_differ():
    """Guards the test above: with this batch a replica-local R would differ from the global R."""
    sys.path.insert(0, os.path.dirname(SCRIPT))
    import keras
    import tensorflow as tf

    from distributed_run import LATENT_DIM, DATA_DIM, global_batch
    from tfgan_repro.losses import nsat_factor
    from tfgan_repro.models import mlp

    keras.utils.set_random_seed(0)
    generator, discriminator = mlp(LATENT_DIM, (8,), DATA_DIM), mlp(DATA_DIM, (8,), 1)
    _, latents = global_batch()
    dp = tf.sigmoid(discriminator(generator(latents))).numpy().ravel()
    local = [float(nsat_factor(dp[:8].mean())), float(nsat_factor(dp[8:].mean()))]
    assert abs(local[0] - local[1]) > 0.01 * abs(float(nsat_factor(dp.mean())))


@pytest.mark.slow
def test_multiworker_two_processes_match_single_device(single_results, tmp_path):
    """Several steps per execution (the runner's setting): once failed in Keras' own multi-step loop."""
    runs = []
    for index, tf_config in enumerate(distribute.local_cluster(2)):
        runs.append(_run("multiworker", "mm_nsat_fused", tmp_path, env={"TF_CONFIG": tf_config, "WORKER": str(index)},
                         wait=False))
    for process, _ in runs:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output[-3000:]
    for _, out in runs:
        result = json.loads(out.read_text())
        assert result["replicas"] == 2
        _assert_same_training(single_results["mm_nsat_fused"], result)


def test_strategy_names():
    assert distribute.get_strategy("default").num_replicas_in_sync == 1
    with pytest.raises(ValueError, match="unknown strategy 'tpu'"):
        distribute.get_strategy("tpu")
    if "TF_CONFIG" not in os.environ:
        with pytest.raises(ValueError, match="TF_CONFIG"):
            distribute.get_strategy("multiworker")
