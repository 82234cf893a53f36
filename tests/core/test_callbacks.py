"""tfgan_repro.callbacks: global step counting, optimizer reset, NaN stop, series recording."""

import keras
import numpy as np
import tensorflow as tf

from tfgan_repro import callbacks


class _Model:
    stop_training = False


def _drive(callback, steps_per_execution, executions, logs=None, first_fit_offset=0):
    callback.set_model(_Model())
    callback.on_train_begin()
    for execution in range(executions):
        callback.on_train_batch_end((execution + 1) * steps_per_execution - 1, logs or {"d_loss": 1.0})
    callback.on_train_end()


def test_step_counting_across_fits_and_resume():
    recorder = callbacks.MetricSeries(every=20, initial_step=100)
    _drive(recorder, 10, 4, {"d_loss": 0.5, "note": "text"})
    _drive(recorder, 10, 2, {"d_loss": 0.25})
    assert recorder.step == 160
    assert recorder.series == {"d_loss": [[120, 0.5], [140, 0.5], [160, 0.25]]}


def test_due_handles_executions_longer_than_the_period():
    assert callbacks.StepCallback.due(step=100, every=30, previous=50)  # 60 and 90 fall in (50, 100]
    assert not callbacks.StepCallback.due(step=59, every=30, previous=50)
    assert not callbacks.StepCallback.due(step=100, every=0, previous=0)


def test_terminate_on_non_finite_records_the_step():
    terminator = callbacks.TerminateOnNonFinite()
    terminator.set_model(_Model())
    terminator.on_train_begin()
    terminator.on_train_batch_end(9, {"d_loss": 1.0, "g_loss": 2.0})
    assert terminator.diverged_step is None
    terminator.on_train_batch_end(19, {"d_loss": float("inf"), "g_loss": 2.0, "real_dp": float("nan")})
    assert (terminator.diverged_step, terminator.diverged_metric) == (20, "d_loss")
    assert terminator.model.stop_training


def test_terminate_on_non_finite_weights_even_when_the_losses_are_finite():
    class _WeightedModel(_Model):
        trainable_weights = [keras.Variable(np.ones(3, np.float32))]

    terminator = callbacks.TerminateOnNonFinite(check_weights=True)
    terminator.set_model(_WeightedModel())
    terminator.on_train_begin()
    terminator.on_train_batch_end(9, {"d_loss": 1.0})
    assert terminator.diverged_step is None
    _WeightedModel.trainable_weights[0].assign([1.0, np.inf, 1.0])
    terminator.on_train_batch_end(19, {"d_loss": 1.0})
    assert (terminator.diverged_step, terminator.diverged_metric) == (20, "weights")
    unchecked = callbacks.TerminateOnNonFinite()
    unchecked.set_model(_WeightedModel())
    unchecked.on_train_begin()
    unchecked.on_train_batch_end(9, {"d_loss": 1.0})
    assert unchecked.diverged_step is None


def test_reset_optimizer_zeroes_everything_but_the_learning_rate():
    variable = keras.Variable(np.ones(3, np.float32))
    optimizer = keras.optimizers.Adam(0.1)
    optimizer.build([variable])
    for _ in range(3):
        optimizer.apply([tf.ones(3)], [variable])
    assert int(optimizer.iterations.numpy()) == 3
    reset = callbacks.ResetOptimizer(optimizer, every=20)
    _drive(reset, 10, 5)
    assert reset.reset_steps == [20, 40]
    assert int(optimizer.iterations.numpy()) == 0
    assert float(optimizer.learning_rate.numpy()) == np.float32(0.1)
    for slot in optimizer.variables:
        if slot.path.split("/")[-1] not in ("learning_rate", "iteration"):
            assert np.all(slot.numpy() == 0.0)


def test_progress_bar_prints_tenths_when_not_a_terminal(tmp_path):
    stream = open(tmp_path / "progress.txt", "w+")
    bar = callbacks.ProgressBar(100, label="run", stream=stream)
    _drive(bar, 10, 10, {"d_loss": 1.25, "g_loss": 0.5})
    stream.seek(0)
    lines = stream.read().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("run 100/100 [") and "d_loss 1.25 g_loss 0.5" in lines[-1]


def _drive_recorded(callback, steps_per_execution, records):
    """Executions of `steps_per_execution` steps whose GAN recorded `records` (one fused.Records each)."""
    model = _Model()
    callback.set_model(model)
    callback.on_train_begin()
    for execution, record in enumerate(records):
        model.execution_records = record
        last = record.at(len(record) - 1) if len(record) else {"d_loss": -1.0}
        callback.on_train_batch_end((execution + 1) * steps_per_execution - 1, last)
    callback.on_train_end()


def test_metric_series_takes_recorded_steps_inside_executions_and_measures_their_probes():
    """Executions of 6 steps recording every 2nd: logs every 2 and evaluations every 4 land on their own steps
    (not the executions' ends), evaluations measured from the recorded G outputs, not by calling evaluate."""
    from tfgan_repro.fused import Records

    def record(first_value):
        return Records(offsets=[2, 4, 6], logs={"d_loss": np.array([first_value, first_value + 1, first_value + 2])},
                       probe=np.array([[[first_value]], [[first_value + 1]], [[first_value + 2]]]))

    measured = []
    recorder = callbacks.MetricSeries(
        every=2, eval_every=4, evaluate=lambda model, step: {"called": step},
        measure_probe=lambda fake, step: measured.append(step) or {"fake_mean": float(np.mean(fake))})
    _drive_recorded(recorder, 6, [record(10.0), record(20.0)])
    assert recorder.series["d_loss"] == [[2, 10.0], [4, 11.0], [6, 12.0], [8, 20.0], [10, 21.0], [12, 22.0]]
    assert recorder.series["fake_mean"] == [[4, 11.0], [8, 20.0], [12, 22.0]] and measured == [4, 8, 12]
    assert "called" not in recorder.series


def test_terminate_on_non_finite_names_the_recorded_step_where_it_happened():
    from tfgan_repro.fused import Records

    terminator = callbacks.TerminateOnNonFinite()
    _drive_recorded(terminator, 6, [Records(offsets=[2, 4, 6], logs={"d_loss": np.array([1.0, np.nan, np.nan])})])
    assert (terminator.diverged_step, terminator.diverged_metric) == (4, "d_loss")
