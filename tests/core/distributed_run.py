"""Subprocess body for the distribution tests (device set-up must precede TensorFlow's initialisation).

    python distributed_run.py single OUT.json CONFIG        one device
    python distributed_run.py mirrored OUT.json CONFIG      two logical CPU devices, MirroredStrategy
    python distributed_run.py multiworker OUT.json CONFIG   one worker of MultiWorkerMirroredStrategy (TF_CONFIG)

Trains one step (FUSED_STEPS steps in one execution for `*_fused`) of a tiny GAN on one fixed global batch of 16 with fixed latents, SGD (so that a wrong R
changes the update; Adam's first step would hide it), and writes R, the losses and the weights.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

GLOBAL_BATCH, LATENT_DIM, DATA_DIM = 16, 3, 2
CONFIGS = {
    "mm_nsat_mean": dict(generator_loss="mm_nsat"),
    "mm_nsat_sum": dict(generator_loss="mm_nsat", generator_loss_params={"reduction": "sum"},
                        discriminator_loss_params={"reduction": "sum"}),
    "ns_unit_ema": dict(generator_loss="ns", gradient_rescaling="unit", ema_decay=0.5),
    # FUSED_STEPS steps as one execution (steps_per_execution): XLA-fused on one device, a graph loop of
    # strategy.run on several replicas.
    "mm_nsat_fused": dict(generator_loss="mm_nsat", ema_decay=0.5),
}
FUSED_STEPS = 4


def global_batch():
    rng = np.random.default_rng(5)
    # Two different halves, so a per-replica mean Dp would differ from the global one.
    real = np.concatenate([rng.normal(-2.0, 0.5, (8, DATA_DIM)), rng.normal(2.0, 0.5, (8, DATA_DIM))])
    latents = np.concatenate([rng.normal(-1.0, 1.0, (8, LATENT_DIM)), rng.normal(1.0, 1.0, (8, LATENT_DIM))])
    return real.astype(np.float32), latents.astype(np.float32)


def build_and_train(strategy, config_name):
    import keras

    from tfgan_repro.gan import GAN
    from tfgan_repro.models import mlp

    keras.utils.set_random_seed(0)
    with strategy.scope():
        gan = GAN(mlp(LATENT_DIM, (8,), DATA_DIM, name="generator"), mlp(DATA_DIM, (8,), 1, name="discriminator"),
                  g_first=True, **CONFIGS[config_name])
        steps = FUSED_STEPS if config_name.endswith("_fused") else 1
        gan.compile(d_optimizer=keras.optimizers.SGD(0.1), g_optimizer=keras.optimizers.SGD(0.1),
                    steps_per_execution=steps)
    real, latents = global_batch()
    dataset = tf.data.Dataset.from_tensors({"real": real, "latents": latents}).repeat(steps)
    options = tf.data.Options()
    # DATA: the global batch is rebatched to per-replica halves and worker i takes half i.
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    history = gan.fit(dataset.with_options(options), epochs=1, verbose=0)
    return {
        "nsat_R": history.history["nsat_R"][-1],
        "g_loss": history.history["g_loss"][-1],
        "d_loss": history.history["d_loss"][-1],
        "generator": [np.asarray(w).tolist() for w in gan.generator.weights],
        "discriminator": [np.asarray(w).tolist() for w in gan.discriminator.weights],
        "ema": [np.asarray(w).tolist() for w in gan._ema_weights],
        "replicas": strategy.num_replicas_in_sync,
    }


def strategy_for(mode: str) -> tf.distribute.Strategy:
    """`single`: no distribution; `mirrored`: two logical CPU devices; `multiworker`: the TF_CONFIG cluster."""
    if mode == "mirrored":
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        return tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    if mode == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    return tf.distribute.get_strategy()


def main(mode, out_path, config_name):
    result = build_and_train(strategy_for(mode), config_name)
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:4])
