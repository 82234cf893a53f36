"""000 figures (saturation, benchmarks, gradients) drawn from results files alone: synthetic results of the
shape a run writes, then each experiment module's figure function."""

import numpy as np

from paper_runs.results import atomic_write_json
from paper_runs.sample_weighting import benchmarks, gradients, saturation


def _series(values):
    return [[10 * i, float(v)] for i, v in enumerate(values)]


def _write_runs(root, variants, metrics):
    run_dirs = []
    for variant in variants:
        run_dir = root / f"quick-{variant}-seed0"
        atomic_write_json(run_dir / "results.json", {"experiment": root.name, "profile": "quick", "variant": variant, "seed": 0,
                                                     "status": "completed",
                                                     "config": {}, "metrics": metrics})
        run_dirs.append(run_dir)
    return run_dirs


def test_000_figures_draw_from_results_files(tmp_path):
    decay = np.geomspace(10.0, 1e-3, 40)
    metrics = {"g_grad_norm": _series(decay), "g_update_norm": _series(decay), "d_update_norm": _series(decay),
               "real_logit": _series(np.linspace(0, 3, 40)), "fake_logit": _series(np.linspace(0, -3, 40)),
               "grad_cosine": _series(np.ones(40)), "grad_norm_ratio": _series(np.full(40, 2.0)),
               "eval_djscd": _series([0.5, 0.3]), "eval_classifier_fd": _series([50.0, 20.0]),
               "eval_dp_histogram": [[0, [0.05] * 20], [10, [0.05] * 20]],
               "eval_mm_weight_share": [[0, [0.05] * 20], [10, [0.05] * 20]],
               "eval_ns_weight_share": [[0, [0.05] * 20], [10, [0.05] * 20]],
               "final_class_frequencies": [0.1] * 10, "g_parameters": 100, "steps_per_epoch": 468}
    run_dirs = _write_runs(tmp_path / "costs", ["ns", "mm"], metrics)
    compared = _write_runs(tmp_path / "gradients", ["mm_vs_mm_nsat"], metrics)
    drawn = (saturation.saturation_figures(tmp_path, run_dirs) + benchmarks.benchmark_figures(tmp_path, run_dirs)
             + gradients.gradients_figures(tmp_path, compared))
    assert drawn and all(path.is_file() for path in drawn)
