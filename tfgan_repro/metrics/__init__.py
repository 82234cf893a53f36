"""Mode-collapse metrics, each a function of samples returning plain Python numbers or dicts.

| module             | metrics                                                                          |
|--------------------|----------------------------------------------------------------------------------|
| frechet            | frechet_distance, kernel_distance, frechet_inception_distance (FID),             |
|                    | kernel_inception_distance (KID), classifier_frechet_distance (TF-GAN eval code)   |
| classes            | inception_score(_from_logits), djs_class_divergence (DJSCD), mode_score          |
| classifier_metrics | classifier_metrics: DJSCD + classifier FD + MODE score in one pass               |
| modes              | mixture_coverage, mode_coverage, stacked / compositional MNIST mode counts        |
| diversity          | ms_ssim_diversity, relative_ms_ssim_diversity, birthday_paradox_test             |
| critics            | independent_wasserstein_critic, noisy_discriminator_missing_modes,               |
|                    | classifier_two_sample_test                                                       |
| manifold           | line_manifold_parameter_error, gaussian_parameter_error                          |
| networks / inputs  | running classifiers / Inception in batches; input checks (one-line ValueErrors)  |

Sample sources are arrays, tf.data.Datasets of batches or iterables of batches (see `inputs`); images are
float32 NHWC in [-1, 1]. Each docstring states its formula, paper and protocol (sample counts, splits).
"""

from tfgan_repro.metrics.classes import (
    djs_class_divergence,
    inception_score,
    inception_score_from_logits,
    mode_score,
)
from tfgan_repro.metrics.classifier_metrics import classifier_metrics
from tfgan_repro.metrics.critics import (
    classifier_two_sample_test,
    independent_wasserstein_critic,
    noisy_discriminator_missing_modes,
)
from tfgan_repro.metrics.divergences import js_divergence, kl_divergence
from tfgan_repro.metrics.diversity import (
    birthday_paradox_test,
    ms_ssim_diversity,
    relative_ms_ssim_diversity,
)
from tfgan_repro.metrics.frechet import (
    classifier_frechet_distance,
    frechet_distance,
    frechet_inception_distance,
    kernel_distance,
    kernel_inception_distance,
)
from tfgan_repro.metrics.manifold import gaussian_parameter_error, line_manifold_parameter_error
from tfgan_repro.metrics.modes import (
    compositional_mnist_modes,
    mixture_coverage,
    mode_coverage,
    stacked_mnist_modes,
)

__all__ = [
    "birthday_paradox_test",
    "classifier_frechet_distance",
    "classifier_metrics",
    "classifier_two_sample_test",
    "compositional_mnist_modes",
    "djs_class_divergence",
    "frechet_distance",
    "frechet_inception_distance",
    "gaussian_parameter_error",
    "inception_score",
    "inception_score_from_logits",
    "independent_wasserstein_critic",
    "js_divergence",
    "kernel_distance",
    "kernel_inception_distance",
    "kl_divergence",
    "line_manifold_parameter_error",
    "mixture_coverage",
    "mode_coverage",
    "mode_score",
    "ms_ssim_diversity",
    "noisy_discriminator_missing_modes",
    "relative_ms_ssim_diversity",
    "stacked_mnist_modes",
]
