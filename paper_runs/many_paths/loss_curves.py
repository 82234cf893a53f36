"""001 Fig 2: the minimax (MM) and non-saturating (NS) generator costs and their gradients as functions of the
generator's output, for two separated 1-D Gaussians and the optimal discriminator. Closed form, no training
(tfgan_repro.optimal_discriminator: l*(x) = (mu_r - mu_g)(2x - mu_r - mu_g) / 2 s^2, MM = log(1 - D*),
NS = -log D*, their x-derivatives by TensorFlow).

Paper statement (Fig 2 right, Sec 2): far from the data (where D* -> 0) MM's gradient vanishes while NS's is
strong; NS's gradient vanishes only on the data (D* -> 1). The Gaussians are our choice (Fig 2 gives none):
real N(0, 0.5^2), generated N(4, 0.5^2), x on [-3, 7].
"""

from __future__ import annotations

import numpy as np

from paper_runs.many_paths import figures
from paper_runs.results import Claim
from paper_runs.runner import Experiment
from paper_runs.training import RunOutcome

LOSS_CURVES = {
    "real_mean": 0.0,
    "fake_mean": 4.0,
    "std": 0.5,
    "x_min": -3.0,
    "x_max": 7.0,
    "num_points": 201,
    # Keys every experiment declares; nothing is trained here.
    "generator_loss": "ns",
    "discriminator_loss": "logistic",
    "steps": 0,
}
# "Vanishing" and "strong" (Fig 2): |gradient| below VANISHING at the generator's mean for MM, above STRONG for NS;
# fixed from the figure's reading before computing.
VANISHING, STRONG = 1e-3, 1.0


def loss_curves_run(config: dict, context) -> RunOutcome:
    """The curves along x in [x_min, x_max] and their values at the two means."""
    from tfgan_repro.optimal_discriminator import generator_cost_curves

    real, fake, std = float(config["real_mean"]), float(config["fake_mean"]), float(config["std"])
    x = np.linspace(float(config["x_min"]), float(config["x_max"]), int(config["num_points"]))
    curves = generator_cost_curves(x, real, fake, std)
    at_means = generator_cost_curves(np.array([real, fake]), real, fake, std)
    metrics = {"x": x.tolist(), "real_mean": real, "fake_mean": fake, "std": std,
               **{name: values.tolist() for name, values in curves.items()},
               **{f"{name}_at_fake_mean": float(values[1]) for name, values in at_means.items()},
               **{f"{name}_at_real_mean": float(values[0]) for name, values in at_means.items()}}
    return RunOutcome(metrics=metrics, step=0)


def loss_curves_run_claims(metrics: dict, config: dict) -> list:
    """Fig 2: at the generator's mean MM's gradient vanishes and NS's is strong; on the data NS's vanishes."""
    mm, ns = metrics["mm_gradient_at_fake_mean"], metrics["ns_gradient_at_fake_mean"]
    ns_on_data = metrics["ns_gradient_at_real_mean"]
    return [
        Claim("mm_vanishes_far_from_data", f"Fig 2: MM's gradient at the generated mean is below {VANISHING} in size",
              f"|gradient| < {VANISHING}", mm, abs(mm) < VANISHING),
        Claim("ns_strong_far_from_data", f"Fig 2: NS's gradient at the generated mean is above {STRONG} in size",
              f"|gradient| > {STRONG}", ns, abs(ns) > STRONG),
        Claim("ns_vanishes_on_data", f"Fig 2: NS's gradient on the data mean is below {VANISHING} in size",
              f"|gradient| < {VANISHING}", ns_on_data, abs(ns_on_data) < VANISHING),
    ]


LOSS_CURVES_EXPERIMENT = Experiment(
    name="loss_curves",
    description="Fig 2: MM and NS generator costs and gradients under the optimal D of two Gaussians (closed form)",
    profiles={"quick": dict(LOSS_CURVES), "claims": dict(LOSS_CURVES), "full": dict(LOSS_CURVES)},
    run=loss_curves_run,
    run_claims=loss_curves_run_claims,
    figures=figures.loss_curves_figure,
    seeds={"quick": (0,), "claims": (0,), "full": (0,)},  # closed form: nothing random
    headline=lambda r: (f"at the generated mean: MM gradient {r['metrics']['mm_gradient_at_fake_mean']:.3g}, "
                        f"NS gradient {r['metrics']['ns_gradient_at_fake_mean']:.3g}"),
    notes=("Fig 2 Gaussians (our choice): real N(0, 0.5^2), generated N(4, 0.5^2); curves on [-3, 7]",),
)
