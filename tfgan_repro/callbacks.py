"""Generic Keras callbacks for GAN training runs.

Every callback here counts *global* training steps (one `GAN.train_step` = one step), so it behaves the same
across several `fit` calls, after a resume (`initial_step`), and with `steps_per_execution > 1`, where Keras
calls `on_train_batch_end` once per execution with the index of the execution's last step and that step's
logs. Periods (`every`) are therefore seen at execution granularity: make them multiples of
`steps_per_execution` (the runner checks this), except where the GAN records every k-th step of an
execution (`GAN.compile(record_every=k)`): MetricSeries, SummaryWriter and TerminateOnNonFinite then see
each recorded step (periods multiples of k), and MetricSeries' `measure_probe` reads the recorded G outputs.

    TerminateOnNonFinite   NaN / Inf in a logged loss -> stop training, remember the step (status "diverged")
    MetricSeries           time series [[step, value], ...] of the logged metrics and of periodic evaluations
    SummaryWriter          the same scalars to TensorBoard event files
    PeriodicCheckpoint     tf.train.CheckpointManager.save every k steps (plus a hook to save side data)
    ResetOptimizer         zero an optimizer's state except its learning rate every k steps (000 App. L)
    ProgressBar            steps, losses and ETA on stderr
"""

from __future__ import annotations

import math
import sys
import time
from typing import Callable, Iterable, Mapping, Optional, Sequence, TextIO

import keras
import numpy as np
import tensorflow as tf


def _scalar(value) -> Optional[float]:
    """A logged value as a Python float, or None when it is not a scalar."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return None
    if array.size != 1 or not np.issubdtype(array.dtype, np.number):
        return None
    return float(array.reshape(()))


class StepCallback(keras.callbacks.Callback):
    """Base class: `self.step` is the global step reached (steps done), across fits and resumes."""

    def __init__(self, initial_step: int = 0):
        super().__init__()
        self.step = int(initial_step)
        self.previous_step = self.step  # the step before the latest execution (which may run several steps)
        self._fit_offset = self.step

    def on_train_begin(self, logs=None):
        self._fit_offset = self.step
        self.previous_step = self.step

    def on_train_batch_end(self, batch, logs=None):
        self.previous_step = self.step
        self.step = self._fit_offset + int(batch) + 1
        self.on_step_end(self.step, logs or {})

    def is_due(self, every: int) -> bool:
        """True when the latest execution crossed a multiple of `every`."""
        return self.due(self.step, every, self.previous_step)

    def recorded_steps(self, logs: Mapping) -> list[tuple[int, Mapping, Optional[int]]]:
        """(global step, logs, probe index or None) of each step the latest execution recorded
        (`GAN.compile(record_every=k)`), else [(the execution's last step, its logs, None)]."""
        records = getattr(self.model, "execution_records", None) if self.model is not None else None
        if not records:
            return [(self.step, logs, None)]
        probe = records.probe is not None
        return [(self.previous_step + offset, records.at(i), i if probe else None)
                for i, offset in enumerate(records.offsets)]

    def due_steps(self, every: int, logs: Mapping) -> list[tuple[int, Mapping, Optional[int]]]:
        """The recorded steps (`recorded_steps`) at which a multiple of `every` was crossed."""
        due, previous = [], self.previous_step
        for step, step_logs, probe_index in self.recorded_steps(logs):
            if self.due(step, every, previous):
                due.append((step, step_logs, probe_index))
            previous = step
        return due

    def on_step_end(self, step: int, logs: Mapping) -> None:
        """Called after each execution with the global step and that step's logs."""

    @staticmethod
    def due(step: int, every: int, previous: int) -> bool:
        """True when a multiple of `every` lies in (previous, step]: robust to executions of several steps."""
        return every > 0 and step // every > previous // every


class TerminateOnNonFinite(StepCallback):
    """Stops training when a watched log (default: every key ending in `loss`) is NaN or Inf, or, with
    `check_weights`, when a trainable weight of the model is.

    The weight check makes divergence visible whatever the CPU's kernels do with NaN: some ReLU kernels map
    NaN to 0, so an overflowing network can still log finite losses, but its weights are non-finite.
    After `fit`, `diverged_step` is the first step at which a non-finite value was seen (None if never) and
    `diverged_metric` the name of the offending log (`weights` for the weight check)."""

    def __init__(self, keys: Optional[Sequence[str]] = None, initial_step: int = 0, check_weights: bool = False):
        super().__init__(initial_step)
        self.keys = tuple(keys) if keys is not None else None
        self.check_weights = bool(check_weights)
        self.diverged_step: Optional[int] = None
        self.diverged_metric: Optional[str] = None

    def _weights_finite(self) -> bool:
        return all(bool(tf.reduce_all(tf.math.is_finite(w))) for w in self.model.trainable_weights)

    def _watched(self, logs: Mapping) -> Iterable[str]:
        if self.keys is not None:
            return [key for key in self.keys if key in logs]
        return [key for key in logs if key.endswith("loss")]

    def on_step_end(self, step, logs):
        checked = self.recorded_steps(logs)
        if checked[-1][0] != step:  # a short last execution's last step was not a recorded one
            checked.append((step, logs, None))
        for recorded_step, recorded_logs, _ in checked:
            for key in self._watched(recorded_logs):
                value = _scalar(recorded_logs[key])
                if value is not None and not math.isfinite(value):
                    self._stop(recorded_step, key)
                    return
        if self.check_weights and not self._weights_finite():
            self._stop(step, "weights")

    def _stop(self, step: int, metric: str) -> None:
        self.diverged_step, self.diverged_metric = step, metric
        self.model.stop_training = True


class MetricSeries(StepCallback):
    """Records logged scalars every `every` steps, and the results of `evaluate(model, step) -> dict` every
    `eval_every` steps (values may be numbers or lists), as `series[name] = [[step, value], ...]`. With
    `measure_probe(fake, step) -> dict`, a step the GAN recorded with its probe output is measured from that
    output instead of calling `evaluate` (which then serves the steps without one, e.g. step 0).

    `series` can be seeded with the series of an interrupted run (resume). Non-finite values are kept as
    float('nan') / float('inf'); the results writer turns them into JSON null."""

    def __init__(
        self,
        every: int,
        *,
        evaluate: Optional[Callable[[keras.Model, int], Mapping]] = None,
        eval_every: int = 0,
        keys: Optional[Sequence[str]] = None,
        series: Optional[dict] = None,
        initial_step: int = 0,
        measure_probe: Optional[Callable[[np.ndarray, int], Mapping]] = None,
    ):
        super().__init__(initial_step)
        if every <= 0:
            raise ValueError(f"MetricSeries needs every >= 1, got {every}")
        self.every = int(every)
        self.evaluate = evaluate
        self.measure_probe = measure_probe
        self.eval_every = int(eval_every)
        self.keys = tuple(keys) if keys is not None else None
        self.series: dict[str, list] = {name: [list(point) for point in points] for name, points in (series or {}).items()}

    def _append(self, name: str, step: int, value) -> None:
        self.series.setdefault(name, []).append([int(step), value])

    def record_logs(self, step: int, logs: Mapping) -> None:
        for key, raw in logs.items():
            if self.keys is not None and key not in self.keys:
                continue
            value = _scalar(raw)
            if value is not None:
                self._append(key, step, value)

    def record_evaluation(self, step: int, probe_index: Optional[int] = None) -> dict:
        if probe_index is not None and self.measure_probe is not None:
            values = dict(self.measure_probe(self.model.execution_records.probe[probe_index], step))
        else:
            values = dict(self.evaluate(self.model, step)) if self.evaluate else {}
        for key, value in values.items():
            self._append(key, step, value)
        return values

    def on_step_end(self, step, logs):
        for due_step, due_logs, _ in self.due_steps(self.every, logs):
            self.record_logs(due_step, due_logs)
        if self.evaluate is not None or self.measure_probe is not None:
            for due_step, _, probe_index in self.due_steps(self.eval_every, logs):
                self.record_evaluation(due_step, probe_index)

    def latest(self, name: str, default=None):
        points = self.series.get(name)
        return points[-1][1] if points else default


def _scalar_metadata():
    # The scalars plugin's metadata (plugin name, empty content = version 0), built from TF's own protos:
    # tf.summary.scalar needs the tensorboard package, which the suite does not require.
    from tensorflow.core.framework import summary_pb2

    return summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))


class SummaryWriter(StepCallback):
    """Writes the scalar logs to TensorBoard event files in `log_dir` every `every` steps (readable by
    TensorBoard's scalars dashboard; the tensorboard package itself is not needed to write them)."""

    def __init__(self, log_dir: str, every: int, initial_step: int = 0):
        super().__init__(initial_step)
        self.every = int(every)
        self.writer = tf.summary.create_file_writer(str(log_dir))
        self.metadata = _scalar_metadata()

        self._write_functions: dict = {}

    def _write_function(self, keys: tuple) -> Callable:
        # One graph call writes all scalars of a step: an eager tf.summary.write per key costs ~0.2 ms each.
        if keys not in self._write_functions:

            @tf.function(autograph=False)
            def write(values, step):
                with self.writer.as_default(step=step):
                    for index, key in enumerate(keys):
                        tf.summary.write(key, values[index], metadata=self.metadata)

            self._write_functions[keys] = write
        return self._write_functions[keys]

    def on_step_end(self, step, logs):
        for due_step, due_logs, _ in self.due_steps(self.every, logs):
            scalars = {key: value for key, value in ((k, _scalar(raw)) for k, raw in due_logs.items()) if value is not None}
            if scalars:
                values = tf.constant(list(scalars.values()), tf.float32)
                self._write_function(tuple(scalars))(values, tf.constant(due_step, tf.int64))

    def on_train_end(self, logs=None):
        self.writer.flush()


class PeriodicCheckpoint(StepCallback):
    """`manager.save(checkpoint_number=step)` every `every` steps (0: never). `before_save(step)` runs first
    (store the metric series so far beside the checkpoint, set a step variable), so a checkpoint never exists
    without the side data it needs; `after_save(step)` runs last (refresh a results file, clean up)."""

    def __init__(
        self,
        manager: tf.train.CheckpointManager,
        every: int,
        *,
        before_save: Optional[Callable[[int], None]] = None,
        after_save: Optional[Callable[[int], None]] = None,
        initial_step: int = 0,
    ):
        super().__init__(initial_step)
        self.manager = manager
        self.every = int(every)
        self.before_save = before_save
        self.after_save = after_save
        self.saved_steps: list[int] = []

    def save(self, step: int) -> None:
        if self.before_save is not None:
            self.before_save(step)
        self.manager.save(checkpoint_number=step)
        self.saved_steps.append(step)
        if self.after_save is not None:
            self.after_save(step)

    def on_step_end(self, step, logs):
        if self.model.stop_training:  # a diverged step is not worth resuming from
            return
        if self.is_due(self.every):
            self.save(step)


def _learning_rate_variables(optimizer: keras.optimizers.Optimizer) -> list:
    found = []
    for attribute in ("_learning_rate", "learning_rate"):
        candidate = getattr(optimizer, attribute, None)
        if candidate is not None and hasattr(candidate, "assign"):
            found.append(candidate)
    return found


def reset_optimizer_state(optimizer: keras.optimizers.Optimizer) -> int:
    """Zero every variable of `optimizer` (iteration counter, moments, momenta) except its learning rate.
    Returns how many variables were reset."""
    keep = _learning_rate_variables(optimizer)
    count = 0
    for variable in optimizer.variables:
        if any(variable is lr for lr in keep) or variable.path.split("/")[-1] == "learning_rate":
            continue
        variable.assign(tf.zeros(variable.shape, variable.dtype))
        count += 1
    return count


class ResetOptimizer(StepCallback):
    """Resets `optimizer` (all state but the learning rate) every `every` steps: 000 App. L's periodic reset
    of G's Adam. `reset_steps` lists the steps at which it happened."""

    def __init__(self, optimizer: keras.optimizers.Optimizer, every: int, initial_step: int = 0):
        super().__init__(initial_step)
        if every <= 0:
            raise ValueError(f"ResetOptimizer needs every >= 1, got {every}")
        self.optimizer = optimizer
        self.every = int(every)
        self.reset_steps: list[int] = []

    def on_step_end(self, step, logs):
        if self.is_due(self.every):
            reset_optimizer_state(self.optimizer)
            self.reset_steps.append(step)


class ProgressBar(StepCallback):
    """A one-line progress display on `stream` (stderr): step / total, rate, ETA and a few losses.

    On a terminal the line is redrawn at most every `interval` seconds; otherwise a line is printed every
    10% of the run, so logs stay short."""

    def __init__(
        self,
        total_steps: int,
        *,
        label: str = "",
        keys: Sequence[str] = ("d_loss", "g_loss"),
        stream: Optional[TextIO] = None,
        interval: float = 0.5,
        initial_step: int = 0,
    ):
        super().__init__(initial_step)
        self.total = max(int(total_steps), 1)
        self.label = label
        self.keys = tuple(keys)
        self.stream = stream if stream is not None else sys.stderr
        self.interval = float(interval)
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self._start_time = 0.0
        self._start_step = self.step
        self._last_draw = 0.0
        self._last_decile = -1

    def on_train_begin(self, logs=None):
        super().on_train_begin(logs)
        self._start_time = time.monotonic()
        self._start_step = self.step
        self._last_decile = self.step * 10 // self.total

    def _line(self, step: int, logs: Mapping) -> str:
        elapsed = time.monotonic() - self._start_time
        done = step - self._start_step
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - step) / rate if rate > 0 else float("nan")
        width = 20
        filled = int(width * step / self.total)
        bar = "=" * filled + (">" if filled < width else "") + " " * max(width - filled - 1, 0)
        values = " ".join(
            f"{key} {_scalar(logs[key]):.4g}" for key in self.keys if key in logs and _scalar(logs[key]) is not None
        )
        eta_text = f"{eta:.0f}s" if math.isfinite(eta) else "?"
        return f"{self.label} {step}/{self.total} [{bar}] {rate:.0f} steps/s ETA {eta_text} {values}".strip()

    def on_step_end(self, step, logs):
        now = time.monotonic()
        if self.interactive:
            if now - self._last_draw >= self.interval or step >= self.total:
                self.stream.write("\r" + self._line(step, logs) + "\033[K")
                self.stream.flush()
                self._last_draw = now
        else:
            decile = step * 10 // self.total
            if decile > self._last_decile:
                self.stream.write(self._line(step, logs) + "\n")
                self.stream.flush()
                self._last_decile = decile

    def on_train_end(self, logs=None):
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()
