"""How the FC-4 GAN train step's cost grows with batch size and width (to size runs), as a markdown table.

    python -m benchmarks.fc4_scaling [--batches 64,128,256,512] [--widths 256,512,1024] [--steps 50]

The FC-4 nets of benchmarks.train_step (G 128-w-w-w-1024, D 1024-w-w-w-1; MM-nsat, logistic D, Adam), one D and
one G step per train step, compiled as the runner does (`steps_per_execution` 10, `jit_compile="auto"`),
timed as whole `fit` calls on synthetic data after a warm-up fit; median of `--repeats`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from benchmarks.train_step import ADAM_EPS, BETA_1, BETA_2, IMAGE_SHAPE, LATENT_DIM, LR  # noqa: E402

STEPS_PER_EXECUTION = 10


def step_ms(batch: int, width: int, steps: int, repeats: int) -> tuple[float, bool]:
    """(median ms per train step, whether the loop was XLA-compiled)."""
    import keras

    from tfgan_repro.gan import GAN
    from tfgan_repro.models.fc import fc_discriminator, fc_generator

    keras.utils.set_random_seed(0)
    hidden = (width,) * 3
    gan = GAN(fc_generator(LATENT_DIM, hidden, IMAGE_SHAPE), fc_discriminator(hidden, IMAGE_SHAPE),
              generator_loss="mm_nsat", discriminator_loss="logistic")
    gan.compile(d_optimizer=keras.optimizers.Adam(LR, BETA_1, BETA_2, ADAM_EPS),
                g_optimizer=keras.optimizers.Adam(LR, BETA_1, BETA_2, ADAM_EPS),
                steps_per_execution=STEPS_PER_EXECUTION)
    pool = np.random.default_rng(0).uniform(-1, 1, (8, batch, *IMAGE_SHAPE)).astype(np.float32)
    dataset = tf.data.Dataset.from_tensor_slices(pool).repeat()
    gan.fit(dataset, steps_per_epoch=STEPS_PER_EXECUTION, verbose=0)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        gan.fit(dataset, steps_per_epoch=steps, verbose=0)
        times.append((time.perf_counter() - start) / steps)
    return 1e3 * statistics.median(times), gan.fused_jit


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", default="64,128,256,512")
    parser.add_argument("--widths", default="256,512,1024")
    parser.add_argument("--steps", type=int, default=50, help="train steps per timed fit (multiple of 10)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    batches = [int(b) for b in args.batches.split(",")]
    widths = [int(w) for w in args.widths.split(",")]
    steps = max(STEPS_PER_EXECUTION, args.steps // STEPS_PER_EXECUTION * STEPS_PER_EXECUTION)
    print("| width (rows) by batch (columns) | " + " | ".join(str(b) for b in batches) + " |")
    print("|---" * (len(batches) + 1) + "|")
    for width in widths:
        cells = []
        for batch in batches:
            ms, xla = step_ms(batch, width, steps, args.repeats)
            cells.append(f"{ms:.1f}" + ("" if not xla else " (XLA)"))
        print(f"| {width} | " + " | ".join(cells) + " |", flush=True)
    print("ms per train step (one D + one G Adam step), median of", args.repeats, "fits of", steps, "steps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
