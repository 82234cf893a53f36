"""Time the project's toy training path against a minimal plain-TF XLA loop of the same nets (issue #12).

    python -m benchmarks.toy_step [--repeats 5] [--configs two_cluster,ring] [--xla-cpu-runtime classic|thunk]
        [--threads 1] [--set steps_per_execution=10 --set record_every=0]   # the project side, other settings

Project side: the experiment's own build (`paper_runs.runner.build_gan`, what every run trains), then whole
`gan.fit(dataset, steps_per_epoch=N)` calls with the experiment's `steps_per_execution` and `jit_compile`
defaults (no callbacks: the runner's callbacks time the experiment, not the training loop).
Floor side: the same nets (weights copied) as raw matmuls in one `tf.function(jit_compile=True)` while loop
over steps, hand-written SGD-momentum / Adam, no logged diagnostics:

* two_cluster (004 Sec 5): D 1-10-10-1 (sigmoid), G 1-5-5-1 (tanh), 100 points full batch with fixed latents,
  10 D then 10 G SGD(momentum 0.9) steps per iteration, JS costs.
* ring (000 Fig 4): G 128-128-128-2, D 2-128-128-1 (ReLU), batch 128 drawn in-graph from the 8-mode ring,
  simultaneous NS updates with Adam.

Both sides run on the XLA CPU runtime the runner chooses (`tfgan_repro.xla_runtime`: classic);
`--xla-cpu-runtime thunk` runs both on XLA's default thunk runtime instead, for the before/after comparison.

Both sides run TensorFlow on `--threads` intra- and inter-op threads (default 1, as the main job's processes
do: `paper_runs.toy_claims --jobs 2` gives each of its two processes one thread); `--threads 0` keeps TF's own
pools.

Interleaved: each repetition times both sides, order alternating; warm-up (tracing, XLA) excluded; medians.
One line per config: `ratio project/floor <config>: X.XX` (time per step, project over floor).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Sequence

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from benchmarks import toy_floor  # noqa: E402

# config -> (paper module, experiment, variant, timed train steps per repetition)
CONFIGS = {
    "two_cluster": ("landscape", "two_cluster", "js", 2000),
    "ring": ("sample_weighting", "ring", "ns", 2000),
}


def project_setup(paper_name: str, experiment_name: str, variant: str, seed: int = 0, overrides: Sequence[str] = ()):
    """(GANSetup, config) exactly as the runner builds and compiles the run; `overrides` as the runner's
    key=value arguments."""
    import importlib

    import keras

    from paper_runs import config as config_lib
    from paper_runs import runner

    experiment = importlib.import_module(f"paper_runs.{paper_name}").PAPER.get(experiment_name)
    defaults = experiment.defaults("quick")
    config = {**defaults, **experiment.variants[variant], "variant": variant,
              **config_lib.parse_overrides(list(overrides), defaults)}
    context = runner.RunContext(paper_name, experiment_name, variant, "quick", seed, run_dir=None, data_dir=None,
                                strategy=tf.distribute.get_strategy())
    keras.utils.set_random_seed(seed)
    return runner.build_gan(experiment.build, config, context), config


def _seconds(function, steps: int) -> tuple[float, float]:
    """(wall, process CPU) seconds of `function(steps)`."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(steps)
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(name: str, repeats: int, steps: int, overrides: Sequence[str] = ()) -> float:
    """Median seconds per step of the project and of the floor, interleaved; returns project / floor."""
    paper_name, experiment_name, variant, default_steps = CONFIGS[name]
    steps = steps or default_steps
    setup, config = project_setup(paper_name, experiment_name, variant, overrides=overrides)
    spe = int(config["steps_per_execution"])
    steps = max(spe, steps // spe * spe)
    dataset = setup.dataset()

    def project(n):
        setup.gan.fit(dataset, steps_per_epoch=n, epochs=1, verbose=0, shuffle=False)

    floor = toy_floor.FLOORS[name](setup, config)
    project(spe)
    floor(spe)  # warm-up: tracing and XLA compilation on both sides
    times: dict = {"project": [], "floor": []}
    for repeat in range(repeats):
        order = [("project", project), ("floor", floor)]
        for side, function in order if repeat % 2 == 0 else order[::-1]:
            times[side].append(_seconds(function, steps))
    # ms per step: median wall time (the result) and median process CPU time (steadier on a loaded machine)
    project_ms, floor_ms = (1e3 * statistics.median(w for w, _ in times[side]) / steps for side in ("project", "floor"))
    project_cpu, floor_cpu = (1e3 * statistics.median(c for _, c in times[side]) / steps for side in ("project", "floor"))
    optimizer_steps = 1 if config.get("simultaneous") else int(config.get("n_dis", 1)) + int(config.get("n_gen", 1))
    print(f"{name}: project {project_ms:.3f} ms/step, floor {floor_ms:.3f} ms/step; CPU time ratio "
          f"{project_cpu / floor_cpu:.2f} ({optimizer_steps} optimizer updates per train step, steps_per_execution "
          f"{spe}, record_every {config.get('record_every', 0)}; median of {repeats} x {steps} steps)", flush=True)
    return project_ms / floor_ms


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated: " + ", ".join(CONFIGS))
    parser.add_argument("--repeats", type=int, default=5, help="timed repetitions per side (default 5)")
    parser.add_argument("--steps", type=int, default=0, help="train steps per repetition (default: per config)")
    parser.add_argument("--xla-cpu-runtime", choices=("classic", "thunk"), default="classic",
                        help="XLA CPU runtime of both sides (default: classic, as the runner sets it)")
    parser.add_argument("--threads", type=int, default=1,
                        help="TF intra- and inter-op threads of both sides (default 1, as in the main job; 0: TF's)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a runner setting of the project side (repeatable), e.g. steps_per_execution=10")
    args = parser.parse_args(argv)
    # Before the first XLA compilation of the process (XLA reads the flags then); importing paper_runs keeps it.
    os.environ["XLA_FLAGS"] = f"--xla_cpu_use_thunk_runtime={'false' if args.xla_cpu_runtime == 'classic' else 'true'}"
    if args.threads < 0:
        parser.error(f"--threads must be >= 0, got {args.threads}")
    if args.threads:
        from paper_runs import processes

        processes.limit_threads(args.threads)
    names = [n for n in args.configs.split(",") if n]
    unknown = sorted(set(names) - set(CONFIGS))
    if unknown:
        parser.error(f"unknown config(s) {unknown}; valid: {', '.join(CONFIGS)}")
    ratios = {name: compare(name, args.repeats, args.steps, args.set) for name in names}
    for name, ratio in ratios.items():
        print(f"ratio project/floor {name}: {ratio:.2f}  (XLA CPU runtime: {args.xla_cpu_runtime}, TF threads: "
              f"{args.threads or 'default'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
