"""RegGAN and MDGAN under MirroredStrategy (two logical CPU devices) give the single-device step."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reg_gan_distributed_run.py")


def _run(mode, model, tmp_path):
    out = tmp_path / f"{mode}_{model}.json"
    completed = subprocess.run([sys.executable, SCRIPT, mode, str(out), model], capture_output=True, text=True,
                               timeout=300)
    assert completed.returncode == 0, (completed.stdout + completed.stderr)[-3000:]
    return json.loads(out.read_text())


@pytest.mark.slow
@pytest.mark.parametrize("model", ["reg_gan", "mdgan"])
def test_mirrored_two_devices_match_single_device(model, tmp_path):
    single, mirrored = _run("single", model, tmp_path), _run("mirrored", model, tmp_path)
    assert mirrored["replicas"] == 2
    for name in ("d_loss", "g_loss", "e_loss", "reconstruction_distance", "mode_regularizer"):
        assert mirrored["logs"][name] == pytest.approx(single["logs"][name], rel=1e-5), name
    for player, weights in single["weights"].items():
        for a, b in zip(weights, mirrored["weights"][player]):
            np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-5, atol=1e-6, err_msg=player)
