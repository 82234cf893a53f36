"""001 Sec 5 (Fig 8, 9, 12, 13): DCGAN with batch norm on Color MNIST, CelebA 64x64 and CIFAR-10; NS, GAN-GP,
DRAGAN-NS, WGAN-GP (5 critic steps) and WGAN-GP-1 (one critic step) over the 27 settings D lr x G lr x latent
size. Settings, the paper's numbers, the run, claims; box plots in many_paths.figures.

Metrics at the end of a run (Sec 5.1):
    ms_ssim_difference     mean pairwise MS-SSIM of 5 batches of 64 samples minus the same of the test set
                           (0: as diverse as the data; > 0 less diverse, e.g. collapse) - CelebA and Color MNIST
    negative_wasserstein   -W of a fresh WGAN-GP critic trained on half of held-out test images vs half of the
                           samples, evaluated on the other halves (higher is better)
    inception_score        CIFAR-10 only (TF-GAN's Inception; needs its weights)
    modes_covered          Color MNIST: of the 1000 colour modes (each channel's digit, read by the committed MNIST
                           classifier); the classifier-based measure reported instead of an Inception score
CelebA and CIFAR-10 come from tfds under --data-dir (they cannot be downloaded here: one-line error otherwise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from paper_runs import builders
from paper_runs import claims as claim_shapes
from paper_runs.experiments import DATA_NOT_HERE
from paper_runs.figures import image_grid_figure
from paper_runs.many_paths import figures
from paper_runs.many_paths.grid import Axis, grid_variants, loss_of
from paper_runs.many_paths.line import LOSSES as LINE_LOSSES
from paper_runs.results import Claim
from paper_runs.runner import Experiment
from paper_runs.summaries import runs_by_variant
from paper_runs.training import GANSetup, RunOutcome

LOSSES = {**{name: {**settings, "n_dis": 1} for name, settings in LINE_LOSSES.items()},
          "wgan_gp": {**LINE_LOSSES["wgan_gp"], "n_dis": 5}, "wgan_gp_1": {**LINE_LOSSES["wgan_gp"], "n_dis": 1}}
LEARNING_RATES = (1e-4, 2e-4, 3e-4)
LATENT_SIZES = {"color_mnist": (10, 50, 75), "celeba": (100, 128, 150), "cifar10": (100, 128, 150)}

# The paper's test-set references (Fig 9, 12).
PAPER_VALUES = {"cifar10_inception_score_test": 11.25, "cifar10_vgg_score_test": 9.18, "celeba_ms_ssim_test": 0.621}

IMAGES = {
    "architecture": "dcgan",
    "latent_dim": 50,
    **LOSSES["ns"],
    "penalty_weight": 10.0,
    "batch_size": 64,
    "d_lr": 2e-4,
    "g_lr": 2e-4,
    "adam_beta1": 0.5,
    "adam_beta2": 0.999,
    "steps": 100_000,
    "steps_per_execution": 100,
    "log_every": 1000,
    "eval_every": 0,
    "checkpoint_every": 5000,
    "ms_ssim": True,
    "ms_ssim_batches": 5,
    "critic_steps": 2000,
    "critic_images": 10_000,
    "is_samples": 0,
    "mode_samples": 10_000,
}
QUICK = {"is_samples": 0, "steps": 300, "steps_per_execution": 50, "log_every": 50, "checkpoint_every": 300, "critic_steps": 200,
         "critic_images": 1000, "mode_samples": 1000}
DATASETS = {
    "color_mnist": {"dataset": "color_mnist", "image_size": 28, "latent_dim": 50},
    "celeba": {"dataset": "celeba", "image_size": 64, "latent_dim": 128, "steps": 200_000},
    "cifar10": {"dataset": "cifar10", "image_size": 32, "latent_dim": 128, "steps": 200_000, "ms_ssim": False,
                "is_samples": 50_000},
}
QUICK_SETTING = "dlr2e-4_glr2e-4"  # the quick profile's subset: every loss at D lr = G lr = 2e-4, middle latent
TFDS_FOLDERS = {"celeba": "celeb_a", "cifar10": "cifar10"}

NOTES = (
    "paper-silent choices (001 Sec 5): Adam beta1 0.5, beta2 0.999 (DCGAN's); NS / GAN-GP / DRAGAN-NS take one D "
    "step per G step, WGAN-GP 5 critic steps, WGAN-GP-1 one; lambda = 10; batch 64; DCGAN 5x5 kernels",
    "Color MNIST (Metz et al. 2016 construction, tfgan_repro.data.derived.color_mnist): 28x28x3, each channel an "
    "MNIST digit drawn independently from the local MNIST training set; the test reference from the test set",
    "MS-SSIM diversity: 5 batches of 64; independent critic: WGAN-GP critic (lambda 10, Adam 1e-4, beta 0, 0.9) "
    "on half of min(critic_images, test set) test images vs as many samples, scored on the other halves",
    "Color MNIST reports modes_covered (1000 colour modes, committed MNIST classifier per channel) instead of an "
    "Inception score: no Color MNIST classifier is given by the paper",
    "every D / critic keeps DCGAN's batch norm, WGAN-GP's too (the paper: 'DCGAN architecture with batch norm' "
    "for all models); the CIFAR-trained classifier's IS (paper 9.18 on test) is not reported: none is shipped",
    "quick profile: only the variants at D lr = G lr = 2e-4 with the middle latent size (5 runs a seed), 300 "
    "steps, a 200-step critic on 1000 images; full: all 27 settings per loss, 100k (Color MNIST) / 200k steps",
)


def load_images(config: dict, context, split: str, seed: int):
    """A shuffled (by `seed`) tf.data.Dataset of the images [H, W, 3] in [-1, 1] (tests replace this)."""
    from tfgan_repro.data import derived, images

    data_dir = str(context.data_dir) if context.data_dir else None
    if config["dataset"] == "color_mnist":
        return derived.color_mnist(split, seed=seed, data_dir=data_dir, draw_seed=0 if split == "train" else 1)
    folder = TFDS_FOLDERS[config["dataset"]]
    if data_dir is None or not (Path(data_dir) / folder).is_dir():
        where = "no --data-dir given" if data_dir is None else f"no {folder}/ under {data_dir}"
        raise FileNotFoundError(f"{config['dataset']} is not available ({where}); prepare it where downloads work "
                                f"with `tfds build {folder} --data_dir DIR` and pass --data-dir DIR")
    if config["dataset"] == "celeba":
        return images.celeba(split, size=int(config["image_size"]), data_dir=data_dir, seed=seed)
    return images.cifar10(split, data_dir=data_dir, seed=seed)


def first_images(dataset, count: int) -> np.ndarray:
    """The first `count` images of a dataset as float32 [count, H, W, C]."""
    return np.concatenate([np.asarray(batch) for batch in dataset.batch(256).take(-(-count // 256))])[:count]


def inception_logits(config: dict):
    """TF-GAN's Inception logits function when the run reports an Inception score (is_samples > 0), else None;
    FileNotFoundError (the runner's one-line exit) when its weights cannot be loaded."""
    if not int(config["is_samples"]):
        return None
    from tfgan_repro.metrics.networks import INCEPTION_LOGITS, inception_network

    try:
        return inception_network(output=INCEPTION_LOGITS)
    except RuntimeError as error:
        raise FileNotFoundError(str(error)) from None


def image_metrics(config: dict, model, test: np.ndarray, seed: int, logits_fn=None) -> dict:
    """Sec 5.1's measures of the generator against test images (see the module docstring)."""
    from tfgan_repro import metrics as metrics_lib
    from tfgan_repro.metrics.critics import independent_wasserstein_critic

    result = {}
    count = min(len(test), int(config["critic_images"]))
    fake = model.generate(max(count, 64 * int(config["ms_ssim_batches"])))
    critic = independent_wasserstein_critic(test[:count], fake[:count], steps=int(config["critic_steps"]), seed=seed)
    result["negative_wasserstein"] = critic["negative_wasserstein"]
    if config["ms_ssim"]:
        batches = int(config["ms_ssim_batches"])
        diversity = metrics_lib.relative_ms_ssim_diversity(fake, test, num_batches=batches, batch_size=64, seed=seed)
        result.update(ms_ssim=diversity["generated"], ms_ssim_test=diversity["reference"],
                      ms_ssim_difference=diversity["difference"], abs_ms_ssim_difference=abs(diversity["difference"]))
    if config["dataset"] == "color_mnist":
        from tfgan_repro.classifiers.loading import load_classifier
        from tfgan_repro.metrics.modes import stacked_mnist_mode_ids

        ids = stacked_mnist_mode_ids(model.generate(int(config["mode_samples"])), load_classifier(num_classes=10))
        result["modes_covered"] = int(len(np.unique(ids)))
        result["channel_digit_frequencies"] = [np.bincount((ids // 10**c) % 10, minlength=10).tolist() for c in range(3)]
    if logits_fn is not None:
        score = metrics_lib.inception_score(model.generate(int(config["is_samples"])), logits_fn=logits_fn)
        result["inception_score"] = score["mean"]
    return result


def build(config: dict, context) -> GANSetup:
    """DCGAN (batch norm) on the dataset's training split; finish: image_metrics against the test split."""
    import tensorflow as tf

    test = load_images(config, context, "test", context.seed)
    logits_fn = inception_logits(config)
    size = int(config["image_size"])
    generator, discriminator = builders.image_players(config, (size, size, 3))
    gan = builders.build_gan(config, generator, discriminator)
    batch = int(config["batch_size"]) * int(config["n_dis"])

    def dataset() -> tf.data.Dataset:
        train = load_images(config, context, "train", builders.stream_seed(context.seed))
        return train.repeat().batch(batch, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

    def finish(model, series: dict) -> RunOutcome:
        needed = max(int(config["critic_images"]), 64 * int(config["ms_ssim_batches"]))
        test_images = first_images(test, needed)
        return RunOutcome(metrics=image_metrics(config, model, test_images, context.seed, logits_fn),
                          samples=np.asarray(model.generate(64)))

    return GANSetup(gan, builders.adam(config, "d"), builders.adam(config, "g"), dataset, finish)


def learned(metrics: dict) -> bool:
    """A Color MNIST run learned the digits when every channel reads as >= LEARNED_CLASSES digits (noise reads
    as one); runs without a classifier measure count as learned."""
    frequencies = metrics.get("channel_digit_frequencies")
    if frequencies is None:
        return True
    return all(claim_shapes.classes_learned([count / max(1, sum(f)) for count in f]) for f in frequencies)


# A run "collapsed" relative to another when it covers at most half as many colour modes (fixed before runs).
COLLAPSE_RATIO = 0.5


def metrics_detect_collapse(runs: Sequence[dict]) -> list:
    """Fig 13: the run covering the fewest colour modes (collapsed) has a larger |MS-SSIM difference| and a lower
    -W than the run covering the most (healthy); undecided unless collapsed <= COLLAPSE_RATIO x healthy modes."""
    done = [r for r in runs if r.get("status") == "completed" and "modes_covered" in r["metrics"]]
    claims = []
    for metric, worse in (("ms_ssim_difference", lambda c, h: abs(c) > abs(h)), ("negative_wasserstein", lambda c, h: c < h)):
        description = f"Fig 13: {metric} ranks the most collapsed run (fewest colour modes) worse than the healthiest"
        present = [r for r in done if r["metrics"].get(metric) is not None]
        if len(present) < 2:
            claims.append(Claim(f"{metric}_detects_collapse", description, "collapsed ranked worse",
                                claim_shapes.undecided_value(None, "fewer than 2 completed runs"), None))
            continue
        collapsed = min(present, key=lambda r: r["metrics"]["modes_covered"])
        healthy = max(present, key=lambda r: r["metrics"]["modes_covered"])
        measured = {"collapsed": [collapsed["variant"], collapsed["metrics"]["modes_covered"], collapsed["metrics"][metric]],
                    "healthy": [healthy["variant"], healthy["metrics"]["modes_covered"], healthy["metrics"][metric]]}
        if collapsed["metrics"]["modes_covered"] > COLLAPSE_RATIO * healthy["metrics"]["modes_covered"]:
            claims.append(Claim(f"{metric}_detects_collapse", description, "collapsed ranked worse",
                                claim_shapes.undecided_value(measured, "no run covers <= half the modes of another"), None))
        else:
            claims.append(Claim(f"{metric}_detects_collapse", description, "collapsed ranked worse", measured,
                                bool(worse(collapsed["metrics"][metric], healthy["metrics"][metric]))))
    return claims


def penalties_match_ns(runs: Sequence[dict]) -> list:
    """Fig 8, 9: GAN-GP and DRAGAN-NS at least as good as NS over the grid (medians over settings and seeds):
    -W at least NS's, |MS-SSIM difference| at most NS's; gated on the runs having learned the digits."""
    by_loss: dict = {}
    for variant, entries in runs_by_variant(runs).items():
        by_loss.setdefault(loss_of(variant, list(LOSSES)), []).extend(entries)
    claims = []
    for penalty in ("gan_gp", "dragan_ns"):
        sides = {penalty: by_loss.get(penalty, []), "ns": by_loss.get("ns", [])}
        claims.append(claim_shapes.compare_medians(
            f"{penalty}_critic_at_least_ns", f"Fig 8: {penalty} median -W over the grid >= NS's (medians {penalty}, ns)",
            "at least as good as NS", sides, "negative_wasserstein", lambda a, b: a >= b, learned=learned))
        if any("ms_ssim_difference" in r["metrics"] for r in sides["ns"]):
            claims.append(claim_shapes.compare_medians(
                f"{penalty}_diversity_at_least_ns", f"Fig 9: {penalty} median |MS-SSIM - test| over the grid <= NS's",
                "at least as good as NS", sides, "abs_ms_ssim_difference", lambda a, b: a <= b, learned=learned))
    return claims


def real_images_claims(runs: Sequence[dict]) -> list:
    return metrics_detect_collapse(runs) + penalties_match_ns(runs)


def real_images_headline(results: dict) -> str:
    metrics = results["metrics"]
    parts = [f"-W {metrics['negative_wasserstein']:.3f}"]
    if metrics.get("ms_ssim_difference") is not None:
        parts.append(f"MS-SSIM - test {metrics['ms_ssim_difference']:+.3f}")
    if metrics.get("modes_covered") is not None:
        parts.append(f"{metrics['modes_covered']} colour modes")
    return ", ".join(parts)


def _real_images_experiment(name: str, description: str, outside_battery: str = DATA_NOT_HERE) -> Experiment:
    full = {**IMAGES, **DATASETS[name]}
    latents = LATENT_SIZES[name]
    variants = grid_variants(LOSSES, [Axis("dlr", ("d_lr",), LEARNING_RATES), Axis("glr", ("g_lr",), LEARNING_RATES),
                                      Axis("z", ("latent_dim",), latents)])
    quick_setting = f"{QUICK_SETTING}_z{latents[1]}"
    metric_names = ["negative_wasserstein", "ms_ssim_difference", "inception_score", "modes_covered"]
    return Experiment(
        name=name, description=description, profiles={"quick": {**full, **QUICK}, "full": full},
        variants=variants, build=build, sweep_claims=real_images_claims,
        run_figures=image_grid_figure,
        figures=lambda experiment_dir, run_dirs: figures.box_figure(experiment_dir, run_dirs, list(LOSSES), metric_names),
        seeds={"quick": (0,), "full": (0,)}, headline=real_images_headline, notes=NOTES,
        profile_variants={"quick": [v for v in variants if v.endswith(quick_setting)]},
        outside_battery=outside_battery)


COLOR_MNIST_EXPERIMENT = _real_images_experiment(
    "color_mnist", "Color MNIST (local MNIST): NS, GAN-GP, DRAGAN-NS, WGAN-GP(-1) over 27 settings (Fig 8, 13, 17)",
    outside_battery="too dear for a 2-core CPU: Fig 8's point is the spread over all 27 settings of 5 models, 135 "
    "runs of 100,000 DCGAN steps; one quick 300-step run with its metrics took 56 CPU s here (results/checks/"
    "color_mnist_quick_300), so at that rate the runs are hundreds of CPU hours")
CELEBA_EXPERIMENT = _real_images_experiment(
    "celeba", "CelebA 64x64 (tfds, --data-dir): MS-SSIM diversity and independent critic over 27 settings (Fig 8, 9)")
CIFAR10_EXPERIMENT = _real_images_experiment(
    "cifar10", "CIFAR-10 (tfds, --data-dir): Inception score and independent critic over 27 settings (Fig 8, 9, 12)")
