"""Train one GAN run with checkpoints, resume, divergence detection, metric series, TensorBoard and progress.

`train_gan(setup, config, run_dir, ...)` runs `config["steps"]` GAN train steps with a single `fit` call. A
run directory that holds a checkpoint is resumed from it: the checkpoint restores the GAN (both players, EMA),
both optimizers and the step; the metric series recorded up to that step are read from the JSON file saved
just before the checkpoint. A resumed run ends with the same files as an uninterrupted one, but not the same
numbers: the latent noise of the remaining steps and the data stream (re-keyed by the resume step) differ.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import numpy as np

from paper_runs import results as results_io

if TYPE_CHECKING:  # TensorFlow is imported when training starts, so --list and input errors stay fast
    import keras
    import tensorflow as tf

CHECKPOINT_DIR = "checkpoints"
TENSORBOARD_DIR = "tensorboard"
_SERIES_PATTERN = re.compile(r"series-(\d+)\.json$")


@dataclasses.dataclass
class RunOutcome:
    """What a finished run reports: metrics (numbers, lists, [step, value] series), claims and, for vector
    data, the final samples. Custom `run` functions also set `status` and `step`."""

    metrics: dict
    claims: list
    samples: Optional[np.ndarray] = None
    status: str = results_io.STATUS_COMPLETED
    step: Optional[int] = None


@dataclasses.dataclass
class GANSetup:
    """Everything an experiment's `build(config, context)` hands the runner (built inside the strategy scope).

    dataset(start_step): an infinite, batched tf.data.Dataset; `start_step` > 0 after a resume.
    finish(gan, series): final metrics, claims and samples of a completed run.
    evaluate(gan, step): periodic measurements (every `eval_every` steps), stored as time series.
    extra_callbacks(initial_step): more callbacks, e.g. `ResetOptimizer(g_optimizer, k, initial_step=...)`.
    """

    gan: keras.Model
    d_optimizer: keras.optimizers.Optimizer
    g_optimizer: keras.optimizers.Optimizer
    dataset: Callable[[int], tf.data.Dataset]
    finish: Callable[[keras.Model, dict], RunOutcome]
    evaluate: Optional[Callable[[keras.Model, int], Mapping[str, Any]]] = None
    extra_callbacks: Optional[Callable[[int], Sequence[keras.callbacks.Callback]]] = None


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
        self.restore_directory = Path(restore_dir or run_dir) / CHECKPOINT_DIR
        self.step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
        self.checkpoint = tf.train.Checkpoint(
            gan=setup.gan, g_optimizer=setup.g_optimizer, d_optimizer=setup.d_optimizer, step=self.step
        )
        self.manager = tf.train.CheckpointManager(self.checkpoint, str(self.directory), max_to_keep=max_to_keep)

    def series_path(self, step: int, directory: Optional[Path] = None) -> Path:
        return (directory or self.directory) / f"series-{step}.json"

    def restore(self) -> tuple[int, dict]:
        """(step, series) of the latest checkpoint, or (0, {}) when there is none."""
        import tensorflow as tf

        latest = tf.train.latest_checkpoint(str(self.restore_directory))
        if latest is None:
            return 0, {}
        self.checkpoint.restore(latest).assert_existing_objects_matched()
        step = int(self.step.numpy())
        path = self.series_path(step, self.restore_directory)
        series = results_io.read_json(path) if path.is_file() else {}
        return step, series

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
    whole executions and reports once per execution)."""
    problems = []
    spe = int(config.get("steps_per_execution", 1))
    if spe < 1:
        problems.append(f"steps_per_execution must be >= 1, got {spe}")
        return problems
    for key in ("steps", "log_every", "checkpoint_every", "eval_every"):
        value = config.get(key)
        if value is None:
            continue
        if int(value) < 0 or (key in ("steps", "log_every") and int(value) < 1):
            problems.append(f"{key} must be positive, got {value}")
        elif int(value) % spe:
            problems.append(f"{key}={value} is not a multiple of steps_per_execution={spe}")
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
    progress: bool = True,
) -> TrainingResult:
    """Train `setup.gan` to `config["steps"]`, resuming from `run_dir`'s checkpoint if there is one.

    `on_resume(step)` runs once after a checkpoint was restored; `on_checkpoint(step, series)` after each
    checkpoint (the runner refreshes results.json there). `restore_dir`: resume from that run folder's
    checkpoint instead of `run_dir`'s (a multi-worker cluster's non-chief workers resume from the chief's)."""
    from tfgan_repro import callbacks as cb

    total = int(config["steps"])
    store = _CheckpointStore(run_dir, setup, restore_dir=restore_dir)
    start, series = store.restore()
    series = {name: [point for point in points if point[0] <= start] for name, points in series.items()}
    if start and on_resume is not None:
        on_resume(start)

    recorder = cb.MetricSeries(
        int(config["log_every"]),
        evaluate=setup.evaluate,
        eval_every=int(config.get("eval_every", 0)),
        series=series,
        initial_step=start,
    )
    terminator = cb.TerminateOnNonFinite(initial_step=start)

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
        setup.gan.fit(
            setup.dataset(start), steps_per_epoch=remaining, epochs=1, callbacks=callbacks, verbose=0, shuffle=False
        )
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

