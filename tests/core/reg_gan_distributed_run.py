"""Subprocess body for the RegGAN / MDGAN distribution test (device set-up must precede TensorFlow's start).

    python reg_gan_distributed_run.py single|mirrored OUT.json reg_gan|mdgan

One step of a tiny Reg-GAN or MDGAN on distributed_run's fixed global batch of 16 with fixed latents, SGD;
writes the logs and every player's weights.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from distributed_run import DATA_DIM, LATENT_DIM, global_batch, strategy_for  # noqa: E402


def build_and_train(strategy, model):
    import keras

    from tfgan_repro.mdgan import MDGAN
    from tfgan_repro.models import mlp, mlp_encoder
    from tfgan_repro.reg_gan import RegGAN

    keras.utils.set_random_seed(0)
    with strategy.scope():
        players = (mlp(LATENT_DIM, (8,), DATA_DIM, name="generator"), mlp(DATA_DIM, (8,), 1, name="discriminator"))
        encoder = mlp_encoder(DATA_DIM, LATENT_DIM, (8,))
        if model == "reg_gan":
            gan = RegGAN(*players, encoder, encoder_optimizer=keras.optimizers.SGD(0.1), reconstruction_weight=0.3,
                         mode_weight=0.7)
        else:
            gan = MDGAN(*players, mlp(DATA_DIM, (8,), 1, name="d1"), encoder, manifold_weight=0.5,
                        manifold_d_optimizer=keras.optimizers.SGD(0.1), encoder_optimizer=keras.optimizers.SGD(0.1))
        gan.compile(d_optimizer=keras.optimizers.SGD(0.1), g_optimizer=keras.optimizers.SGD(0.1))
    real, latents = global_batch()
    dataset = tf.data.Dataset.from_tensors({"real": real, "latents": latents})
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    history = gan.fit(dataset.with_options(options), epochs=1, verbose=0)
    players = ["generator", "discriminator", "encoder"] + (["manifold_discriminator"] if model == "mdgan" else [])
    return {
        "logs": {name: values[-1] for name, values in history.history.items()},
        "weights": {name: [np.asarray(w).tolist() for w in getattr(gan, name).weights] for name in players},
        "replicas": strategy.num_replicas_in_sync,
    }


def main(mode, out_path, model):
    with open(out_path, "w") as f:
        json.dump(build_and_train(strategy_for(mode), model), f)


if __name__ == "__main__":
    main(*sys.argv[1:4])
