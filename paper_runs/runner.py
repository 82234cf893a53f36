"""The experiment runner: the sweep over variants x seeds, one run (train, resume, results file), the command line.

Paper packages declare their experiments (`paper_runs.experiments`: Experiment, Paper) and hand the paper to
`main` from their `__main__.py`.

Command line (see `main`):

    python -m paper_runs.<paper> <experiment> [--profile quick|claims|full] [--seeds 0,1,2] [--out DIR] [--data-dir DIR]
        [--strategy default|mirrored|multiworker] [--logical-devices N] [--variants a,b] [key=value ...]
    python -m paper_runs.<paper> --list

One run = one variant x one seed, in OUT/<experiment>/<run-id>/ with run-id `<profile>-<variant>-seed<seed>`,
plus `-<hash>` of the overrides. A run whose results.json says completed (or diverged) with the same
configuration is skipped; one left `running` or `failed` resumes from its last checkpoint. A run's claims are
its experiment's `run_claims`, applied after the build's `finish`; the sweep's, `sweep_claims` over all its
finished runs on disk. Bad input ends with one `error:` line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from paper_runs import config as config_lib
from paper_runs import results as results_io
from paper_runs import reuse, workers
from paper_runs.config import COMMON_DEFAULTS, RUNTIME_KEYS  # noqa: F401 (part of the runner's interface)
from paper_runs.experiments import PROFILES, Experiment, Paper, RunContext, UsageError  # noqa: F401 (re-exported)
from paper_runs.results import Claim
from paper_runs.training import (  # noqa: F401 (RunOutcome: part of the runner's interface)
    RunOutcome, build_gan, call_user_setup, check_periods, finish_gan_run, train_gan,
)
from tfgan_repro.data.checks import NonFiniteDataError

STRATEGIES = ("default", "mirrored", "multiworker")
DEFAULT_OUT = "runs"



# ------------------------------------------------------------------------------------------------ sweep


@dataclasses.dataclass(frozen=True)
class RunSpec:
    """One run of a sweep: its id, variant, seed and full configuration."""

    run_id: str
    variant: str
    seed: int
    config: dict


@dataclasses.dataclass(frozen=True)
class Sweep:
    paper: Paper
    experiment: Experiment
    profile: str
    sweep_id: str
    runs: Sequence[RunSpec]
    out_dir: Path
    worker_dir: Optional[Path] = None  # a non-chief worker's own output root (see workers)

    @property
    def experiment_dir(self) -> Path:
        """Where the sweep's runs live in --out: the state every worker reads (the chief's files)."""
        return self.out_dir / self.experiment.name

    @property
    def output_dir(self) -> Path:
        """Where this process writes: the experiment folder in --out, or a non-chief worker's own folder."""
        return (self.worker_dir or self.out_dir) / self.experiment.name


def plan_sweep(
    paper: Paper,
    experiment_name: str,
    *,
    profile: str = "quick",
    seeds: Optional[Sequence[int]] = None,
    variants: Optional[Sequence[str]] = None,
    overrides: Sequence[str] = (),
    out_dir: Path = Path(DEFAULT_OUT),
    strategy: Optional[str] = None,
    data_dir: Optional[str] = None,
) -> Sweep:
    """Resolve an experiment, its profile, variants, seeds and typed overrides into a list of runs.
    Raises UsageError on anything the user got wrong."""
    experiment = paper.get(experiment_name)
    if not experiment.implemented:
        raise UsageError(f"experiment {experiment.name!r} of {paper.name} is {experiment.missing}")
    if profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r}; valid: {', '.join(PROFILES)}")
    defaults = experiment.defaults(profile)
    try:
        parsed = config_lib.parse_overrides(list(overrides), experiment.override_keys(profile))
    except config_lib.ConfigError as error:
        raise UsageError(str(error)) from None
    if strategy is not None:
        if strategy not in STRATEGIES:
            raise UsageError(f"unknown strategy {strategy!r}; valid: {', '.join(STRATEGIES)}")
        parsed["strategy"] = strategy
    if data_dir is not None:
        if not Path(data_dir).is_dir():
            raise UsageError(f"missing data: --data-dir {data_dir} is not a directory")
        parsed["data_dir"] = str(data_dir)
    chosen = experiment.default_variants(profile) if not variants else list(variants)
    unknown = [v for v in chosen if v not in experiment.variants]
    if unknown:
        raise UsageError(
            f"unknown variant(s) {', '.join(unknown)} for {experiment.name}; valid: {', '.join(experiment.variants)}"
        )
    seeds = list(experiment.seeds.get(profile, (0,)) if seeds is None else seeds)
    negative = [str(seed) for seed in seeds if int(seed) < 0]
    if negative:
        raise UsageError(f"seeds must be >= 0, got {', '.join(negative)}")
    identity_overrides = {k: v for k, v in parsed.items() if k not in RUNTIME_KEYS}
    suffix = f"-{config_lib.config_hash(identity_overrides)}" if identity_overrides else ""
    runs = []
    for variant in chosen:
        config = config_lib.normalise({**defaults, **experiment.variants[variant], **parsed, "variant": variant})
        problems = (check_periods(config) if experiment.build is not None else []) + config_lib.check_positive(config)
        if problems:
            raise UsageError(f"bad settings for {experiment.name}/{variant}: {'; '.join(problems)}")
        for seed in seeds:
            runs.append(RunSpec(f"{profile}-{variant}-seed{seed}{suffix}", variant, int(seed), config))
    return Sweep(paper, experiment, profile, f"{profile}{suffix}", runs, Path(out_dir))


# ------------------------------------------------------------------------------------------------ one run

_STRATEGY_CACHE: dict[str, Any] = {}


def _strategy(name: str):
    if name not in _STRATEGY_CACHE:
        from tfgan_repro import distribute

        try:
            _STRATEGY_CACHE[name] = distribute.get_strategy(name)
        except ValueError as error:
            raise UsageError(str(error)) from None
    return _STRATEGY_CACHE[name]


def enable_determinism() -> None:
    """TF op determinism (same seed, config and machine -> same numbers). Process-wide and irreversible."""
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()


def execute_run(sweep: Sweep, spec: RunSpec, *, progress: bool = True, log=print) -> dict:
    """Run (or skip, or resume) one run of a sweep; returns its results dict."""
    experiment = sweep.experiment
    # Every worker decides from the chief's files (shared_dir) and writes its own (run_dir; the same for the chief).
    shared_dir, run_dir = sweep.experiment_dir / spec.run_id, sweep.output_dir / spec.run_id
    existing, same_config = results_io.previous_state(shared_dir, spec.config, RUNTIME_KEYS)
    if existing is not None and same_config and existing.get("status") in results_io.FINISHED_STATUSES:
        log(f"[skip] {experiment.name}/{spec.run_id}: already {existing['status']}")
        return existing
    changed = existing is not None and not same_config
    if changed:
        log(f"[restart] {experiment.name}/{spec.run_id}: configuration changed, discarding the old run")
        existing = None
    if run_dir.exists() and (changed or run_dir != shared_dir):  # a worker's own folder always starts empty
        shutil.rmtree(run_dir)
    resume_dir = shared_dir if existing is not None and existing.get("status") == results_io.STATUS_RUNNING else run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    prior_seconds = float(existing.get("wall_seconds", 0.0)) if existing else 0.0
    prior_cpu_seconds = float(existing.get("cpu_seconds", 0.0)) if existing else 0.0

    config = dict(spec.config)
    context = RunContext(
        paper=sweep.paper.name,
        experiment=experiment.name,
        variant=spec.variant,
        profile=sweep.profile,
        seed=spec.seed,
        run_dir=run_dir,
        data_dir=Path(config["data_dir"]) if config.get("data_dir") else None,
        strategy=_strategy(config.get("strategy", "default")),
        notes=list(experiment.notes),
    )
    import keras

    keras.utils.set_random_seed(int(spec.seed))  # Python, numpy, TF and Keras seeds
    writer = results_io.ResultsWriter(sweep, spec, run_dir, context, prior_seconds, prior_cpu_seconds)

    if experiment.build is not None:
        setup = (reuse.build_or_reuse if experiment.reuse_compiled else build_gan)(experiment.build, config, context)
        # A resumed run keeps showing the step and series of its last checkpoint until the next one.
        resumed = existing if existing is not None and existing.get("status") == results_io.STATUS_RUNNING else {}
        writer.write(status=results_io.STATUS_RUNNING, step=resumed.get("step", 0), metrics=resumed.get("metrics", {}))

        def on_checkpoint(step: int, series: dict) -> None:
            writer.write(status=results_io.STATUS_RUNNING, step=step, metrics=series)

        trained = train_gan(
            setup, config, run_dir, restore_dir=resume_dir, label=f"{experiment.name}/{spec.run_id}",
            on_checkpoint=on_checkpoint,
            on_resume=lambda step: log(f"[resume] {experiment.name}/{spec.run_id}: from the checkpoint at step {step}"),
            on_notice=lambda text: log(f"[checkpoint] {experiment.name}/{spec.run_id}: {text}"),
            progress=progress,
        )
        outcome = finish_gan_run(setup, trained, run_dir, save_generator=workers.is_chief(context.strategy))
    else:
        writer.write(status=results_io.STATUS_RUNNING, step=0, metrics={})
        outcome = call_user_setup(experiment.run, config, context)

    if experiment.run_claims is not None and outcome.status == results_io.STATUS_COMPLETED:
        outcome.claims = [*outcome.claims, *experiment.run_claims(outcome.metrics, config)]
    if outcome.samples is not None:
        results_io.atomic_save_npy(run_dir / results_io.SAMPLES_FILE, outcome.samples)
        outcome.files["samples"] = results_io.SAMPLES_FILE
    step = outcome.step if outcome.step is not None else int(config.get("steps", 0))
    data = writer.write(status=outcome.status, step=step, metrics=outcome.metrics, claims=outcome.claims,
                        files=outcome.files)
    if experiment.run_figures is not None and outcome.status == results_io.STATUS_COMPLETED:
        experiment.run_figures(run_dir)
    return data


def for_this_process(sweep: Sweep) -> Sweep:
    """The sweep writing where this process should: in --out for the chief (or the only process), in a
    temporary folder for the other workers of a multi-worker cluster (see workers)."""
    if not sweep.runs or sweep.worker_dir is not None:
        return sweep
    root = workers.output_root(sweep.out_dir, _strategy(sweep.runs[0].config.get("strategy", "default")))
    return dataclasses.replace(sweep, worker_dir=root)


def execute_sweep(
    sweep: Sweep, *, progress: bool = True, log=print, on_run_end: Optional[Callable[[dict], None]] = None
) -> list[dict]:
    """Every run of the sweep in order (`on_run_end(results)` after each), then the experiment-level claims
    and figures."""
    sweep = for_this_process(sweep)
    finished = []
    for spec in sweep.runs:
        try:
            finished.append(execute_run(sweep, spec, progress=progress, log=log))
        except BaseException as error:
            results_io.record_failure(sweep.output_dir / spec.run_id, error)
            if isinstance(error, NonFiniteDataError):
                raise UsageError(f"bad data for {sweep.experiment.name}/{spec.run_id}: {error}") from None
            raise
        if on_run_end is not None:
            on_run_end(finished[-1])
    experiment = sweep.experiment
    runs = results_io.finished_runs_of_sweep(
        sweep.experiment_dir, sweep.sweep_id, list(sweep.experiment.variants),
        {spec.run_id: data for spec, data in zip(sweep.runs, finished)},
    )
    if experiment.sweep_claims is not None:
        claims = experiment.sweep_claims(runs)
        results_io.atomic_write_json(
            results_io.claims_path(sweep.output_dir, sweep.sweep_id),
            {
                "paper": sweep.paper.name,
                "experiment": experiment.name,
                "profile": sweep.profile,
                "sweep": sweep.sweep_id,
                "runs": [run["run_id"] for run in runs],
                "claims": [c.to_dict() if isinstance(c, Claim) else dict(c) for c in claims],
            },
        )
    if experiment.figures is not None:
        figure_dir = results_io.figure_dir(sweep.output_dir, sweep.sweep_id)
        figure_dir.mkdir(parents=True, exist_ok=True)
        experiment.figures(figure_dir, [sweep.experiment_dir / run["run_id"] for run in runs])
    return finished


# ------------------------------------------------------------------------------------------------ CLI


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line (and exit code 2) instead of usage + error."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(message)


def _parse_seeds(text: str) -> list[int]:
    try:
        seeds = [int(part) for part in text.split(",") if part.strip() != ""]
    except ValueError:
        raise UsageError(f"--seeds {text!r}: expected comma-separated integers, e.g. 0,1,2") from None
    if not seeds:
        raise UsageError("--seeds needs at least one seed")
    return seeds


def build_parser(paper: Paper) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"python -m paper_runs.{paper.name}",
        description=f"{paper.number} {paper.title}: run one experiment (see --list).",
    )
    parser.add_argument("experiment", nargs="?", help="experiment name (see --list)")
    parser.add_argument("overrides", nargs="*", help="key=value settings, typed like their defaults")
    parser.add_argument("--list", action="store_true", help="list the experiments and exit")
    parser.add_argument("--profile", default="quick", help="quick (CPU minutes), claims (the claims battery's budget) or full (the paper's settings)")
    parser.add_argument("--seeds", default=None, help="comma-separated seeds, e.g. 0,1,2")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    parser.add_argument("--data-dir", default=None, help="directory holding downloaded datasets")
    parser.add_argument("--strategy", default=None,
                        help="default | mirrored (all local GPUs, else the logical CPUs) | multiworker (TF_CONFIG)")
    parser.add_argument("--logical-devices", type=int, default=None, metavar="N",
                        help="split the CPU into N logical devices (try --strategy mirrored without GPUs)")
    parser.add_argument("--variants", default=None, help="comma-separated subset of the experiment's variants")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def print_run(sweep: Sweep, data: dict, stream=None) -> None:
    """One run's status, key numbers (the experiment's headline) and claim verdicts."""
    stream = stream or sys.stdout
    key_numbers = ""
    if sweep.experiment.headline is not None and data["status"] == results_io.STATUS_COMPLETED:
        key_numbers = sweep.experiment.headline(data)
    print(f"  {data['variant']:<8} seed {data['seed']}: {data['status']} at step {data['step']}  {key_numbers}",
          file=stream, flush=True)
    verdicts = ", ".join(
        f"{c['id']}={'yes' if c['holds'] else 'no' if c['holds'] is False else '?'}" for c in data.get("claims", [])
    )
    if verdicts:
        print(f"      claims: {verdicts}", file=stream, flush=True)


def print_experiment_claims(sweep: Sweep, stream=None) -> None:
    """The experiment-level claims of the sweep (its claims file)."""
    stream = stream or sys.stdout
    claims_path = results_io.claims_path(sweep.output_dir, sweep.sweep_id)
    if sweep.experiment.sweep_claims is not None and claims_path.is_file():
        for claim in results_io.read_json(claims_path)["claims"]:
            verdict = {True: "holds", False: "does not hold", None: "undecided"}[claim["holds"]]
            print(f"  [{verdict}] {claim['description']} (paper {claim['paper_value']}, "
                  f"measured {claim['measured_value']})", file=stream, flush=True)


def main(paper: Paper, argv: Optional[Sequence[str]] = None) -> int:
    """The paper modules' command line. Returns the exit code (0 ok, 2 bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    prog = f"python -m paper_runs.{paper.name}"
    try:
        args = build_parser(paper).parse_intermixed_args(argv)
        if args.list:
            print(paper.listing())
            return 0
        if not args.experiment:
            raise UsageError("no experiment given; use --list to see them")
        if args.logical_devices is not None:
            try:
                workers.split_cpu(args.logical_devices)  # before anything starts TensorFlow's devices
            except ValueError as error:
                raise UsageError(str(error)) from None
        if "=" in args.experiment:
            raise UsageError(f"expected an experiment name before overrides, got {args.experiment!r}")
        sweep = plan_sweep(
            paper,
            args.experiment,
            profile=args.profile,
            seeds=_parse_seeds(args.seeds) if args.seeds is not None else None,
            variants=[v for v in args.variants.split(",") if v] if args.variants else None,
            overrides=args.overrides,
            out_dir=Path(args.out),
            strategy=args.strategy,
            data_dir=args.data_dir,
        )
        results_io.check_output_dir(sweep.out_dir, UsageError)
        # The GAN's fused XLA loop runs under op determinism too (unlike Keras' jit_compile), so reruns of a
        # seed give the same numbers with or without XLA.
        enable_determinism()
        print(f"{paper.name}/{sweep.experiment.name} ({sweep.sweep_id}): {len(sweep.runs)} runs in {sweep.experiment_dir}")
        sweep = for_this_process(sweep)
        execute_sweep(sweep, progress=not args.quiet, on_run_end=lambda data: print_run(sweep, data))
        print_experiment_claims(sweep)
        workers.remove_worker_folder()
        return 0
    except UsageError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2


def run_module(paper: Paper) -> None:
    """`if __name__ == "__main__": run_module(PAPER)`"""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    raise SystemExit(main(paper))
