"""Train one GAN run with checkpoints, resume, divergence detection, metric series, TensorBoard and progress.

`train_gan(setup, config, run_dir, ...)` runs `config["steps"]` GAN train steps with a single `fit` call. A
run directory that holds a checkpoint is resumed from it: the checkpoint restores the GAN (both players, EMA),
both optimizers, the GAN's noise generator and the step; the metric series recorded up to that step are read
from the JSON file saved just before the checkpoint, and the data stream is the uninterrupted one past the
batches already used. A resumed run therefore ends with the same parameters, metrics and files as an
uninterrupted run of the same seed (tests/paper_runs/test_faults.py).

`finish_gan_run` turns a trained GAN into the run's outcome and saves its final generator (the EMA generator
when kept) as `generator.keras` in the run folder: `keras.models.load_model` of it needs no tfgan_repro.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import numpy as np

from paper_runs import results as results_io
from paper_runs.experiments import RunContext, UsageError

if TYPE_CHECKING:  # TensorFlow is imported when training starts, so --list and input errors stay fast
    import keras
    import tensorflow as tf

CHECKPOINT_DIR = "checkpoints"
TENSORBOARD_DIR = "tensorboard"
_SERIES_PATTERN = re.compile(r"series-(\d+)\.json$")
_CHECKPOINT_INDEX = re.compile(r"^ckpt-(\d+)\.index$")


@dataclasses.dataclass
class RunOutcome:
    """What a finished run reports: metrics (numbers, lists, [step, value] series) and, for vector data, the
    final samples. Custom `run` functions also set `status` and `step`. Claims are the experiment's
    `run_claims`, applied by the runner; `claims` is for what only the run itself can judge. `files`: the
    files the run wrote beside results.json, by role ({"generator": "generator.keras"}); listed there."""

    metrics: dict
    claims: list = dataclasses.field(default_factory=list)
    samples: Optional[np.ndarray] = None
    status: str = results_io.STATUS_COMPLETED
    step: Optional[int] = None
    files: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Probe:
    """Fixed latents whose generator output is measured every `eval_every` steps: `measure(fake, step) -> dict`.
    With `record_every` in the config the outputs are taken inside the compiled training loop
    (`GAN.compile(probe_latents=...)`), so a frequent measurement does not cut executions short."""

    latents: np.ndarray
    measure: Callable[[np.ndarray, int], Mapping[str, Any]]

    def evaluate(self, gan: keras.Model, step: int) -> Mapping[str, Any]:
        """The same measurement from `gan.generate` (step 0, and the steps no execution recorded)."""
        return self.measure(gan.generate(len(self.latents), latents=self.latents), step)


@dataclasses.dataclass
class GANSetup:
    """Everything an experiment's `build(config, context)` hands the runner (built inside the strategy scope).

    dataset(): an infinite, batched tf.data.Dataset, deterministic for the run's seed; a resumed run skips
        the batches it has used.
    finish(gan, series): final metrics and samples of a completed run.
    evaluate(gan, step): periodic measurements (every `eval_every` steps), stored as time series.
    probe: instead of `evaluate`, a measurement of G's output for fixed latents (`Probe`; recorded in-loop
        with `record_every`).
    extra_callbacks(initial_step): more callbacks, e.g. `ResetOptimizer(g_optimizer, k, initial_step=...)`.
    """

    gan: keras.Model
    d_optimizer: keras.optimizers.Optimizer
    g_optimizer: keras.optimizers.Optimizer
    dataset: Callable[[], tf.data.Dataset]
    finish: Callable[[keras.Model, dict], RunOutcome]
    evaluate: Optional[Callable[[keras.Model, int], Mapping[str, Any]]] = None
    extra_callbacks: Optional[Callable[[int], Sequence[keras.callbacks.Callback]]] = None
    probe: Optional[Probe] = None

    def __post_init__(self):
        if self.probe is not None and self.evaluate is None:
            self.evaluate = self.probe.evaluate


@dataclasses.dataclass
class TrainingResult:
    status: str
    step: int
    series: dict
    resumed_from: int
    diverged_metric: Optional[str] = None


class _CheckpointStore:
    """A tf.train.Checkpoint of the GAN, its optimizers and the step, plus the metric series beside it.

    Saves in `run_dir`; restores from `restore_dir` (default `run_dir`): a multi-worker cluster's other workers
    save in their own folders and resume from the chief's."""

    def __init__(self, run_dir: Path, setup: GANSetup, max_to_keep: int = 2, restore_dir: Optional[Path] = None):
        import tensorflow as tf

        self.directory = Path(run_dir) / CHECKPOINT_DIR
        self.max_to_keep = max_to_keep
        self.restore_directory = Path(restore_dir or run_dir) / CHECKPOINT_DIR
        self.own_checkpoints = self.restore_directory == self.directory  # False on a non-chief worker
        self.step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
        self.checkpoint = tf.train.Checkpoint(
            gan=setup.gan, g_optimizer=setup.g_optimizer, d_optimizer=setup.d_optimizer, step=self.step
        )
        self.variables = [*setup.gan.variables, *setup.g_optimizer.variables, *setup.d_optimizer.variables, self.step]
        self.manager = self._new_manager()

    def _new_manager(self, keep: Optional[str] = None):
        """A CheckpointManager whose state file lists only `keep` (an unreadable state file is replaced)."""
        import tensorflow as tf

        state_file = self.directory / "checkpoint"
        if keep is not None or (state_file.exists() and not self._state_readable()):
            state_file.unlink(missing_ok=True)
            if keep is not None:
                tf.compat.v1.train.update_checkpoint_state(str(self.directory), keep, [keep])
        return tf.train.CheckpointManager(self.checkpoint, str(self.directory), max_to_keep=self.max_to_keep)

    def _state_readable(self) -> bool:
        import tensorflow as tf

        try:
            return tf.train.get_checkpoint_state(str(self.directory)) is not None
        except Exception:  # noqa: BLE001 - a damaged state file raises text-format parse errors
            return False

    def series_path(self, step: int, directory: Optional[Path] = None) -> Path:
        return (directory or self.directory) / f"series-{step}.json"

    def _steps_on_disk(self) -> list[int]:
        steps = (_CHECKPOINT_INDEX.search(path.name) for path in self.restore_directory.glob("ckpt-*.index"))
        return sorted((int(match.group(1)) for match in steps if match), reverse=True)

    def _discard(self, step: int) -> None:
        if not self.own_checkpoints:  # another worker's files: the chief removes them
            return
        for path in [*self.directory.glob(f"ckpt-{step}.*"), self.series_path(step)]:
            path.unlink(missing_ok=True)

    def restore(self, notice: Callable[[str], None] = print) -> tuple[int, dict]:
        """(step, series) of the newest checkpoint that restores together with its series file, or (0, {}).

        A damaged checkpoint (truncated .data or .index, missing or unreadable series file) is removed with a
        one-line `notice` and the next older one is tried; when none restores, every variable gets back its
        initial value (a failed restore may have changed some) and training starts afresh."""
        steps = self._steps_on_disk()
        initial = [variable.numpy() for variable in self.variables] if steps else []
        for step in steps:
            prefix = str(self.restore_directory / f"ckpt-{step}")
            series_path = self.series_path(step, self.restore_directory)
            try:
                series = results_io.read_json(series_path)
                if not isinstance(series, dict):
                    raise ValueError(f"{series_path.name} holds no metric series")
                self.checkpoint.restore(prefix).assert_existing_objects_matched()
                if int(self.step.numpy()) != step:
                    raise ValueError(f"it records step {int(self.step.numpy())}")
            except Exception as error:  # noqa: BLE001 - TF reports damage as many error types
                reason = str(error).strip().splitlines()[0][:160] if str(error).strip() else type(error).__name__
                notice(f"checkpoint at step {step} is damaged ({type(error).__name__}: {reason}); removed it")
                self._discard(step)
                continue
            self.manager = self._new_manager(keep=prefix if self.own_checkpoints else None)
            return step, series
        for variable, value in zip(self.variables, initial):
            variable.assign(value)
        if steps:
            notice("no checkpoint could be restored: starting from step 0")
            self.manager = self._new_manager()
        return 0, {}

    def prepare(self, step: int, series: dict) -> None:
        """Before `manager.save`: the series file first, so a checkpoint never exists without it (a kill in
        between leaves an orphan series file, harmless and removed after the next save)."""
        results_io.atomic_write_json(self.series_path(step), series)
        self.step.assign(step)

    def remove_orphan_series(self) -> None:
        kept = {int(re.search(r"-(\d+)$", path).group(1)) for path in self.manager.checkpoints}
        for path in self.directory.glob("series-*.json"):
            match = _SERIES_PATTERN.search(path.name)
            if match and int(match.group(1)) not in kept:
                path.unlink(missing_ok=True)


def check_periods(config: Mapping[str, Any]) -> list[str]:
    """Problems with the step settings: every period must be a multiple of steps_per_execution (Keras runs
    whole executions and reports once per execution), except that with `record_every` k (recorded steps inside
    an execution; k divides steps_per_execution) the log and evaluation periods need only be multiples of k."""
    problems = []
    spe = int(config.get("steps_per_execution", 1))
    record_every = int(config.get("record_every") or 0)
    if spe < 1:
        problems.append(f"steps_per_execution must be >= 1, got {spe}")
        return problems
    if record_every < 0 or (record_every and spe % record_every):
        problems.append(f"record_every={record_every} must be 0 (off) or divide steps_per_execution={spe}")
        return problems
    for key in ("steps", "log_every", "checkpoint_every", "eval_every"):
        value = config.get(key)
        if value is None:
            continue
        period, name = (record_every, "record_every") if record_every and key in ("log_every", "eval_every") else (spe, "steps_per_execution")
        if int(value) < 0 or (key in ("steps", "log_every") and int(value) < 1):
            problems.append(f"{key} must be positive, got {value}")
        elif int(value) % period:
            problems.append(f"{key}={value} is not a multiple of {name}={period}")
    return problems


def train_gan(
    setup: GANSetup,
    config: Mapping[str, Any],
    run_dir: Path,
    *,
    restore_dir: Optional[Path] = None,
    label: str = "",
    on_checkpoint: Optional[Callable[[int, dict], None]] = None,
    on_resume: Optional[Callable[[int], None]] = None,
    on_notice: Callable[[str], None] = print,
    progress: bool = True,
) -> TrainingResult:
    """Train `setup.gan` to `config["steps"]`, resuming from `run_dir`'s checkpoint if there is one.

    `on_resume(step)` runs once after a checkpoint was restored, `on_notice(line)` for each damaged checkpoint
    passed over; `on_checkpoint(step, series)` after each checkpoint (the runner refreshes results.json there).
    `restore_dir`: resume from that run folder's checkpoint instead of `run_dir`'s (a multi-worker cluster's
    non-chief workers resume from the chief's). Raises `checks.NonFiniteDataError` naming the step when a real
    batch holds NaN or Inf."""
    from tfgan_repro import callbacks as cb

    total = int(config["steps"])
    store = _CheckpointStore(run_dir, setup, restore_dir=restore_dir)
    start, series = store.restore(on_notice)
    series = {name: [point for point in points if point[0] <= start] for name, points in series.items()}
    if start and on_resume is not None:
        on_resume(start)

    recorder = cb.MetricSeries(
        int(config["log_every"]),
        evaluate=setup.evaluate,
        eval_every=int(config.get("eval_every", 0)),
        # A profile may keep only the logs its claims read (`logged_series`), so that long sweeps' results
        # files stay small enough to commit; every log is still watched for divergence.
        keys=config.get("logged_series") or None,
        series=series,
        initial_step=start,
        measure_probe=setup.probe.measure if setup.probe is not None else None,
    )
    terminator = cb.TerminateOnNonFinite(initial_step=start, check_weights=True)

    def after_save(step: int) -> None:
        store.remove_orphan_series()
        if on_checkpoint is not None:
            on_checkpoint(step, recorder.series)

    checkpointer = cb.PeriodicCheckpoint(
        store.manager,
        int(config["checkpoint_every"]),
        before_save=lambda step: store.prepare(step, recorder.series),
        after_save=after_save,
        initial_step=start,
    )
    callbacks: list = [terminator, recorder]
    callbacks.append(cb.SummaryWriter(str(Path(run_dir) / TENSORBOARD_DIR), int(config["log_every"]), initial_step=start))
    if setup.extra_callbacks is not None:
        callbacks.extend(setup.extra_callbacks(start))
    callbacks.append(checkpointer)
    if progress:
        callbacks.append(cb.ProgressBar(total, label=label, initial_step=start))

    if start == 0 and setup.evaluate is not None and int(config.get("eval_every", 0)) > 0:
        recorder.set_model(setup.gan)
        recorder.record_evaluation(0)

    remaining = total - start
    if remaining > 0:
        import tensorflow as tf

        from tfgan_repro.data import checks

        try:
            setup.gan.fit(
                # The uninterrupted stream, past the batches already used: a resumed run sees the same data.
                checks.finite_batches(setup.dataset().skip(start), first_step=start + 1),
                steps_per_epoch=remaining, epochs=1, callbacks=callbacks, verbose=0, shuffle=False,
            )
        except tf.errors.InvalidArgumentError as error:
            data_error = checks.as_data_error(error)
            if data_error is None:
                raise
            raise data_error from None
    if terminator.diverged_step is not None:
        return TrainingResult(
            results_io.STATUS_DIVERGED, terminator.diverged_step, recorder.series, start, terminator.diverged_metric
        )
    reached = recorder.step if remaining > 0 else start
    if reached != total:
        raise RuntimeError(f"training stopped at step {reached} of {total}: did the dataset run out?")
    if not store.manager.latest_checkpoint or not store.manager.latest_checkpoint.endswith(f"-{total}"):
        checkpointer.save(total)
    return TrainingResult(results_io.STATUS_COMPLETED, total, recorder.series, start)


def finish_gan_run(setup: GANSetup, trained: TrainingResult, run_dir: Path, *, save_generator: bool) -> RunOutcome:
    """The outcome of a trained run: a diverged one's series and the metric that diverged; a completed one's
    series and the build's `finish`, its final generator saved as `generator.keras` when `save_generator`
    (the chief; a multi-worker cluster's other workers write none)."""
    if trained.status == results_io.STATUS_DIVERGED:
        metrics = {**trained.series, "diverged_metric": trained.diverged_metric}
        return RunOutcome(metrics=metrics, claims=[], status=trained.status, step=trained.step)
    outcome = setup.finish(setup.gan, trained.series)
    clash = sorted(set(trained.series) & set(outcome.metrics))
    if clash:
        raise RuntimeError(f"final metrics {clash} would overwrite time series of the same name")
    outcome.metrics = {**trained.series, **outcome.metrics}
    outcome.step = trained.step
    if save_generator:
        save_final_generator(setup.gan, Path(run_dir) / results_io.GENERATOR_FILE)
        outcome.files["generator"] = results_io.GENERATOR_FILE
    return outcome


def save_final_generator(gan: keras.Model, path: Path) -> None:
    """`gan`'s sampling generator (the EMA one when kept: what `gan.generate` uses) as a plain Keras model
    file, written atomically (saved in a temporary folder beside `path`, then moved)."""
    from tfgan_repro import saving

    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        saving.sampling_generator(gan).save(folder / path.name)
        os.replace(folder / path.name, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------------------- building


def build_gan(build: Callable[[dict, RunContext], GANSetup], config: dict, context: RunContext) -> GANSetup:
    """`build(config, context)`'s GANSetup, built and compiled in the run's strategy scope as every run trains it."""
    with context.strategy.scope():
        setup = call_user_setup(build, config, context)
        setup.gan.compile(
            d_optimizer=setup.d_optimizer,
            g_optimizer=setup.g_optimizer,
            steps_per_execution=int(config["steps_per_execution"]),
            jit_compile="auto" if config.get("jit_compile", True) else False,
            record_every=int(config.get("record_every") or 0),
            probe_latents=setup.probe.latents if setup.probe is not None and config.get("record_every") else None,
        )
    return setup


def call_user_setup(function: Callable, config: dict, context: RunContext):
    """Call an experiment's build (or run); missing data and rejected settings (a ValueError, e.g. an unknown
    loss name) become a UsageError: one line, exit 2. PAPER_RUNS_DEBUG=1 keeps the traceback."""
    if os.environ.get("PAPER_RUNS_DEBUG"):
        return function(config, context)
    try:
        return function(config, context)
    except FileNotFoundError as error:
        raise UsageError(f"missing data: {error}") from None
    except ValueError as error:
        raise UsageError(f"bad configuration for {context.experiment}/{context.variant}: {error}") from None
