"""tiny_paper's experiment on one fixed global batch with fixed latents, for the multi-worker command-line test.

    python tests/paper_runs/multiworker_paper.py fixed --out DIR [--strategy multiworker] steps=40

Every step sees the same 32 points and latents (two different halves), so a multi-worker run must log the same
R (from the global batch's mean Dp) and losses as one process does.
"""

from __future__ import annotations

import dataclasses
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import numpy as np  # noqa: E402

import tiny_paper  # noqa: E402
from paper_runs.runner import Paper, main  # noqa: E402

GLOBAL_BATCH = 32


def build(config: dict, context):
    import tensorflow as tf

    setup = tiny_paper.build(config, context)
    rng = np.random.default_rng(7)
    half = GLOBAL_BATCH // 2
    real = np.concatenate([rng.normal(-1.0, 0.3, (half, 2)), rng.normal(2.0, 0.3, (half, 2))]).astype(np.float32)
    latents = np.concatenate([rng.normal(-1.0, 1.0, (half, 2)), rng.normal(1.0, 1.0, (half, 2))]).astype(np.float32)

    def dataset():
        batches = tf.data.Dataset.from_tensor_slices({"real": real, "latents": latents}).batch(GLOBAL_BATCH)
        options = tf.data.Options()
        # DATA: each worker takes its half of every global batch (no files to shard).
        options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
        return batches.repeat().with_options(options)

    return dataclasses.replace(setup, dataset=dataset)


PAPER = Paper("multiworker_paper", "998", "tiny_paper on a fixed batch", [
    dataclasses.replace(tiny_paper.TINY, name="fixed", build=build, variants={"mm_nsat": {"generator_loss": "mm_nsat"}}),
])

if __name__ == "__main__":
    raise SystemExit(main(PAPER))
