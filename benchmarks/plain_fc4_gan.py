"""An independent FC-4 MNIST GAN in plain TensorFlow (no tfgan_repro training code): a cross-check of the
suite's MNIST path when its runs look wrong.

    python -m benchmarks.plain_fc4_gan [--steps 3000] [--updates simultaneous|alternating] [--out DIR]

The reference settings of 000 (REPRODUCTION.md): G 128-512-512-512-1024 (tanh), D 1024-512-512-512-1 (ReLU,
linear logit), NS generator cost, costs summed over the batch of 128, Adam lr 1e-4, beta1 0.5, z ~ N(0, I),
MNIST padded to 32x32 in [-1, 1], reshuffled every epoch. Only the MNIST file reader and the committed MNIST
classifier (to read the final samples as digits, as the suite's DJSCD does) come from the package.

Writes OUT/results.json (config, seed, versions, git commit, D's mean Dp on real and fake batches every 500
steps, the final samples' class frequencies) and OUT/samples.png (32 samples).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--updates", choices=("simultaneous", "alternating"), default="simultaneous")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", default=None, help="folder of the four MNIST files (default: the suite's search)")
    parser.add_argument("--out", default="runs/plain_fc4_gan")
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import tensorflow as tf

    from paper_runs import results as results_io
    from tfgan_repro.classifiers import loading
    from tfgan_repro.data import mnist_files
    from tfgan_repro.metrics import networks

    images, _ = mnist_files.load_mnist_arrays(args.data_dir, "train")
    images = np.pad(images, ((0, 0), (2, 2), (2, 2))).reshape(len(images), -1).astype(np.float32) / 127.5 - 1.0
    tf.random.set_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    def mlp(inputs: int, outputs: int, activation) -> tf.keras.Model:
        layers = [tf.keras.layers.Dense(512, activation="relu") for _ in range(3)]
        return tf.keras.Sequential([tf.keras.Input((inputs,)), *layers, tf.keras.layers.Dense(outputs, activation=activation)])

    generator, discriminator = mlp(128, 1024, "tanh"), mlp(1024, 1, None)
    g_optimizer, d_optimizer = (tf.keras.optimizers.Adam(1e-4, beta_1=0.5, beta_2=0.999) for _ in range(2))
    simultaneous = args.updates == "simultaneous"

    @tf.function
    def step(real):
        latents = tf.random.normal([128, 128])
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            real_logits = discriminator(real)
            fake_logits = discriminator(generator(latents))
            d_cost = tf.reduce_sum(tf.nn.softplus(-real_logits)) + tf.reduce_sum(tf.nn.softplus(fake_logits))
            g_cost = tf.reduce_sum(tf.nn.softplus(-fake_logits))  # NS: -log D(G(z))
        d_gradients = d_tape.gradient(d_cost, discriminator.trainable_variables)
        g_gradients = g_tape.gradient(g_cost, generator.trainable_variables)
        d_optimizer.apply_gradients(zip(d_gradients, discriminator.trainable_variables))
        if not simultaneous:  # G's gradient against the updated D
            with tf.GradientTape() as g_tape:
                g_cost = tf.reduce_sum(tf.nn.softplus(-discriminator(generator(latents))))
            g_gradients = g_tape.gradient(g_cost, generator.trainable_variables)
        g_optimizer.apply_gradients(zip(g_gradients, generator.trainable_variables))
        return tf.reduce_mean(tf.sigmoid(real_logits)), tf.reduce_mean(tf.sigmoid(fake_logits))

    dp_series, order, position, start = [], rng.permutation(len(images)), 0, time.time()
    for index in range(args.steps):
        if position + 128 > len(images):
            order, position = rng.permutation(len(images)), 0
        real_dp, fake_dp = step(images[order[position : position + 128]])
        position += 128
        if index % 500 == 0 or index == args.steps - 1:
            dp_series.append([index + 1, round(float(real_dp), 4), round(float(fake_dp), 4)])
            print(f"step {index + 1}: mean Dp real {float(real_dp):.3f}, fake {float(fake_dp):.3f} "
                  f"({time.time() - start:.0f} s)", flush=True)

    samples = generator(tf.random.stateless_normal([10_000, 128], [args.seed, 1])).numpy().reshape(-1, 32, 32, 1)
    classifier = loading.load_classifier(loading.MNIST_CLASSIFIER, num_classes=10)
    classes = networks.classifier_outputs(classifier, samples, batch_size=1000)["logits"].argmax(axis=1)
    frequencies = (np.bincount(classes, minlength=10) / len(classes)).round(4).tolist()
    print("final class frequencies (%):", [round(100 * f) for f in frequencies])

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    figure, axes = plt.subplots(4, 8, figsize=(8, 4))
    for axis, image in zip(axes.flat, samples):
        axis.imshow(image[..., 0], cmap="gray", vmin=-1, vmax=1)
        axis.axis("off")
    figure.savefig(out / "samples.png", dpi=60)
    results = {"config": {**vars(args), "lr": 1e-4, "beta1": 0.5, "batch_size": 128, "cost": "ns", "reduction": "sum"},
               "seed": args.seed, "versions": results_io.library_versions(), "git_commit": results_io.git_commit(),
               "metrics": {"dp_real_fake": dp_series, "final_class_frequencies": frequencies},
               "wall_seconds": round(time.time() - start, 1)}
    results_io.atomic_write_json(out / "results.json", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
