"""000's image GAN run (MNIST, CIFAR-10, Stacked MNIST, image folders) with the reference code's settings
(src/gan.py, run.py): FC-n of 512 units or Conv-n (m = 32), z ~ N(0, I_128), batch 128, Adam 1e-4 (0.5,
0.999, eps 1e-8) for both players, glorot-uniform kernels and zero biases (TF1 tf.layers defaults = Keras
defaults), D's and G's per-sample costs both SUMMED over the batch (tf.gradients of non-scalar costs), and
D and G updated simultaneously from the same parameters (one session.run of both train ops).

Simultaneous updates matter: in a PyTorch port of this setting MM's G gradient fell >= 3 orders within 4
epochs in 3/3 seeds with simultaneous updates, but only in 1/3 seeds with alternating ones.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from paper_runs import builders
from paper_runs.training import GANSetup, RunOutcome

IMAGE_COMMON = {
    "dataset": "mnist",
    "architecture": "fc",  # see builders.image_players
    "layers": 4,
    "width": 512,  # FC units; Conv-n base channels m when architecture = conv
    "d_spectral_norm": False,
    "latent_dim": 128,
    "generator_loss": "ns",
    "generator_loss_a": None,  # the `a` of linear combinations / add-a costs
    "discriminator_loss": "logistic",
    "generator_reduction": "sum",
    "discriminator_reduction": "sum",
    "gradient_rescaling": None,
    "simultaneous": True,
    "penalty": None,
    "penalty_weight": 0.0,  # lambda of the penalty summed over the batch, as the D cost (builders.penalty_weight)
    "batch_size": 128,
    "g_lr": 1e-4,
    "d_lr": 1e-4,
    "adam_beta1": 0.5,
    "adam_beta2": 0.999,
    "g_adam_beta2": 0.999,
    "d_adam_beta2": 0.999,
    "adam_epsilon": 1e-8,
    "g_adam_reset": None,  # reset G's Adam every k steps
    "compare_generator_loss": None,
    "log_update_norms": False,
    "train_images": None,  # None: the whole training split
    "image_size": 32,
    "eval_samples": 10_000,  # generated images per evaluation (DJSCD / classifier FD / class frequencies)
    "final_samples": 10_000,
    "real_eval_images": 10_000,  # test-split images for the real side
    "fid": False,  # Inception FID as well (needs TF-Hub's Inception or $TFGAN_REPRO_INCEPTION)
    "weight_histogram_samples": 1024,
    "steps_per_execution": 50,
    "log_every": 50,
}

MNIST_EPOCH_STEPS = 60_000 // 128  # 468: the reference's batches per epoch (N / batch - 1 = 467 distinct)
MNIST_FC4 = {**IMAGE_COMMON, "dataset": "mnist", "architecture": "fc", "layers": 4, "width": 512}
CIFAR_CONV4 = {**IMAGE_COMMON, "dataset": "cifar10", "architecture": "conv", "layers": 4, "width": 32}
CIFAR_CONV4_SN = {**CIFAR_CONV4, "d_spectral_norm": True, "batch_size": 64}
EPOCHS_1000_MNIST = 1000 * MNIST_EPOCH_STEPS

IMAGE_NOTES = (
    "D and G costs summed over the batch and simultaneous updates, as the reference src/gan.py",
    "DJSCD / classifier FD: the committed MNIST CNN (99.12%) against the first real_eval_images test images; "
    "the paper used 50,000 generated samples, quick profiles fewer (eval_samples)",
)
CIFAR_NOTE = ("CIFAR-10 needs --data-dir with cifar-10-batches-py/; DJSCD needs a trained CIFAR-10 classifier "
              "(python -m tfgan_repro.classifiers.train cifar10), FID needs Inception: only FID is measured here",)


def with_quick(full: dict) -> dict:
    """A quick profile for the experiments that need downloaded data: the full settings, 1,000 steps, small
    evaluations, no Inception (runnable on a CPU in minutes once --data-dir is given)."""
    return {"quick": {**full, "steps": 1000, "eval_every": 500, "eval_samples": 2000, "final_samples": 2000,
                      "real_eval_images": 2000, "fid": False, "checkpoint_every": 1000}, "full": full}


def load_image_data(config: dict, context) -> dict:
    """{"train": uint8 NHWC, "train_labels", "test", "test_labels", "num_classes"} for `config["dataset"]`.
    Raises FileNotFoundError (one line) when the files are missing. Tests replace this function."""
    name = config["dataset"]
    data_dir = str(context.data_dir) if context.data_dir else None
    if name in ("mnist", "stacked_mnist"):
        from tfgan_repro.data import mnist_files

        train, train_labels = mnist_files.load_mnist_arrays(data_dir, "train")
        test, test_labels = mnist_files.load_mnist_arrays(data_dir, "test")
        pad = ((0, 0), (2, 2), (2, 2))
        train, test = np.pad(train, pad)[..., None], np.pad(test, pad)[..., None]
        if name == "stacked_mnist":
            from tfgan_repro.data.derived import stacked_mnist_arrays

            stacked, modes = stacked_mnist_arrays(train, train_labels, permutation_seed=0)
            return {"train": stacked, "train_labels": modes, "test": None, "test_labels": None,
                    "digits": test, "digit_labels": test_labels.astype(np.int64), "num_classes": 1000}
        return {"train": train, "train_labels": train_labels.astype(np.int64), "test": test,
                "test_labels": test_labels.astype(np.int64), "num_classes": 10}
    if name == "cifar10":
        from tfgan_repro.data.cifar_files import load_cifar10_train

        train, labels = load_cifar10_train(data_dir)
        return {"train": train, "train_labels": labels, "test": None, "test_labels": None, "num_classes": 10}
    if name in ("cat", "ffhq"):
        if context.data_dir is None:
            raise FileNotFoundError(f"{name.upper()} images not found: pass --data-dir DIR (a folder of .jpg/.png files)")
        return {"folder": str(context.data_dir), "num_classes": 0}
    raise ValueError(f"unknown image dataset {name!r}; valid: mnist, stacked_mnist, cifar10, cat, ffhq")


def weight_histogram_metrics(fake_logits) -> dict:
    """000 Sec 2.2: the implied MM (Dp) and NS (1 - Dp) sample weights of a G batch, as histogram shares."""
    from tfgan_repro.diagnostics import sample_weight_histogram

    histogram = sample_weight_histogram(fake_logits)
    dp = 1.0 / (1.0 + np.exp(-np.clip(np.asarray(fake_logits, np.float64).ravel(), -80, 80)))
    return {
        "eval_dp_histogram": [round(c / max(1, len(dp)), 5) for c in histogram["count"]],
        "eval_mm_weight_share": [round(float(v), 5) for v in histogram["mm_weight_share"]],
        "eval_ns_weight_share": [round(float(v), 5) for v in histogram["ns_weight_share"]],
        "eval_mean_fake_dp": float(dp.mean()),
    }


def _dataset_fn(config: dict, data: dict, seed: int) -> Callable:
    import tensorflow as tf

    batch_size, size = int(config["batch_size"]), int(config["image_size"])
    if "folder" in data:
        from tfgan_repro.data import images as image_sets

        def from_folder():
            stream = image_sets.image_folder(data["folder"], size=size, seed=builders.stream_seed(seed))
            return stream.repeat().batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

        return from_folder
    train = data["train"] if config["train_images"] is None else data["train"][: int(config["train_images"])]

    def from_memory():
        # Epoch-wise full reshuffle of the in-memory uint8 images, as the reference's np.random.shuffle.
        ds = tf.data.Dataset.from_tensor_slices(train).shuffle(
            len(train), seed=builders.stream_seed(seed), reshuffle_each_iteration=True)
        ds = ds.repeat().batch(batch_size, drop_remainder=True)
        ds = ds.map(lambda x: tf.cast(x, tf.float32) / 127.5 - 1.0, num_parallel_calls=tf.data.AUTOTUNE)
        return ds.prefetch(tf.data.AUTOTUNE)

    return from_memory


def build(config: dict, context) -> GANSetup:
    """The image GAN of `config` (keys: IMAGE_COMMON). Finish: DJSCD, classifier FD and class frequencies
    (MNIST), modes / KL / JS to uniform (Stacked MNIST), FID when asked; the vanishing-gradient summary of
    the logged norms (metrics.saturation); an 8x8 sample grid."""
    from tfgan_repro import callbacks as cb
    from tfgan_repro.metrics.saturation import vanishing_summary

    data = load_image_data(config, context)
    size, channels = int(config["image_size"]), 1 if config["dataset"] == "mnist" else 3
    generator, discriminator = builders.image_players(config, (size, size, channels))
    gan = builders.build_gan(config, generator, discriminator)
    dataset = _dataset_fn(config, data, context.seed)
    rng, latent_dim = builders.evaluation_rng(context.seed), int(config["latent_dim"])
    eval_latents = builders.draw_latents(rng, int(config["eval_samples"]), latent_dim)
    final_latents = builders.draw_latents(rng, int(config["final_samples"]), latent_dim)
    hist_latents = builders.draw_latents(rng, int(config["weight_histogram_samples"]), latent_dim)
    measure = _image_measurer(config, data)

    def evaluate(model, step: int) -> dict:
        values = {f"eval_{k}": v for k, v in measure(model.generate(len(eval_latents), latents=eval_latents)).items()}
        fake = model.generate(len(hist_latents), latents=hist_latents)
        values.update(weight_histogram_metrics(np.asarray(model.discriminator(fake, training=False))))
        return values

    def finish(model, series: dict) -> RunOutcome:
        metrics = {f"final_{k}": v for k, v in measure(model.generate(len(final_latents), latents=final_latents)).items()}
        metrics["g_parameters"] = int(sum(np.prod(w.shape) for w in model.generator.trainable_weights))
        metrics["d_parameters"] = int(sum(np.prod(w.shape) for w in model.discriminator.trainable_weights))
        metrics["steps_per_epoch"] = len(data["train"]) // int(config["batch_size"]) if "train" in data else None
        for name in ("g_grad_norm", "g_update_norm", "d_grad_norm"):
            summary = vanishing_summary(series.get(name, []), SATURATION_ORDERS)
            metrics.update({f"{name}_{key}": value for key, value in (summary or {}).items()})
        grid = model.generate(64, latents=final_latents[:64])
        return RunOutcome(metrics=metrics, samples=((grid + 1.0) * 127.5).round().clip(0, 255).astype(np.uint8))

    d_optimizer, g_optimizer = builders.adam(config, "d"), builders.adam(config, "g")

    def extra_callbacks(initial_step: int):
        every = config["g_adam_reset"]
        return [cb.ResetOptimizer(g_optimizer, int(every), initial_step=initial_step)] if every else []

    context.note(
        "image GANs: D and G costs summed over the batch, simultaneous D/G updates, glorot-uniform init "
        "(the reference src/gan.py); MNIST zero-padded to 32x32 in [-1, 1], reshuffled every epoch")
    return GANSetup(gan, d_optimizer, g_optimizer, dataset, finish,
                    evaluate=evaluate if int(config.get("eval_every", 0)) else None, extra_callbacks=extra_callbacks)


# Fig 5 / App. L: G's updates "drop by 3 to 4 orders of magnitude" within an epoch.
SATURATION_ORDERS = 3.0


def _image_measurer(config: dict, data: dict) -> Callable[[np.ndarray], dict]:
    """fake images -> metrics: DJSCD, classifier FD, class frequencies (MNIST), modes / KL / JS to uniform
    (Stacked MNIST), FID (when config["fid"])."""
    dataset = config["dataset"]
    classifier = None
    if dataset in ("mnist", "stacked_mnist"):
        from tfgan_repro.classifiers import loading

        classifier = loading.load_classifier(loading.MNIST_CLASSIFIER, num_classes=10)
    n_real = int(config["real_eval_images"])
    fid_real = None

    def measure(fake: np.ndarray) -> dict:
        nonlocal fid_real
        values: dict = {}
        if dataset == "mnist":
            from tfgan_repro.metrics import classifier_metrics

            real = data["test"][:n_real].astype(np.float32) / 127.5 - 1.0
            found = classifier_metrics(real, data["test_labels"][:n_real], fake, classifier)
            values.update(djscd=found["djscd"], classifier_fd=found["classifier_frechet_distance"],
                          class_frequencies=[round(f, 5) for f in found["fake_class_frequencies"]])
        elif dataset == "stacked_mnist":
            from tfgan_repro.metrics.modes import stacked_mnist_modes

            found = stacked_mnist_modes(fake, classifier)
            values.update(modes_covered=found["modes_covered"], kl_to_uniform=found["kl_to_uniform"],
                          js_to_uniform=found["js_to_uniform"], mode_samples=found["num_samples"])
        if config["fid"]:
            from tfgan_repro.metrics import networks
            from tfgan_repro.metrics.frechet import frechet_distance

            feature_fn = networks.inception_network()
            if fid_real is None:
                reference = data["test"] if data.get("test") is not None else data["train"]
                fid_real = networks.extract_features(feature_fn, reference[:n_real].astype(np.float32) / 127.5 - 1.0)
            values["fid"] = frechet_distance(fid_real, networks.extract_features(feature_fn, fake))
        return values

    return measure
