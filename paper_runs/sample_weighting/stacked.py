"""000 Stacked MNIST (MNIST-1K) Conv-4, (1-a) NS + a MM-nsat: modes of 1000, KL and JS to uniform over 26,000
samples (Fig 20). Settings here; the measurement is tfgan_repro.metrics.modes.stacked_mnist_modes."""

from __future__ import annotations

from paper_runs.runner import Experiment
from paper_runs.sample_weighting.benchmarks import with_a
from paper_runs.sample_weighting.images import IMAGE_COMMON, IMAGE_NOTES, MNIST_EPOCH_STEPS, build

STACKED_MNIST = Experiment(
    name="stacked_mnist",
    description="Stacked MNIST (MNIST-1K) Conv-4, (1-a) NS + a MM-nsat: modes of 1000, KL and JS to uniform over "
                "26,000 samples (Fig 20)",
    profiles={
        "quick": {**IMAGE_COMMON, "dataset": "stacked_mnist", "architecture": "conv", "layers": 4, "width": 32,
                  "steps": 1000, "eval_every": 0, "final_samples": 26_000},
        "full": {**IMAGE_COMMON, "dataset": "stacked_mnist", "architecture": "conv", "layers": 4, "width": 32,
                 "steps": 200 * MNIST_EPOCH_STEPS, "eval_every": 9350, "eval_samples": 26_000,
                 "final_samples": 26_000, "checkpoint_every": 20_000},
    },
    variants={"ns": {"generator_loss": "ns"}, "ns_mm_nsat_a033": with_a(1 / 3, "ns_mm_nsat"),
              "ns_mm_nsat_a067": with_a(2 / 3, "ns_mm_nsat"), "mm_nsat": {"generator_loss": "mm_nsat"}},
    build=build,
    headline=lambda r: ", ".join(f"{k[6:]} {r['metrics'][k]:.4g}" for k in
                                 ("final_modes_covered", "final_kl_to_uniform", "final_js_to_uniform") if k in r["metrics"]),
    notes=IMAGE_NOTES + ("26,000 samples per measurement (PacGAN / VEEGAN protocol); the paper reports base-2 JS "
                         "to uniform, KL (nats) beside it",),
    seeds={"quick": (0,), "full": tuple(range(20))},
)
