"""Multi-step executions: `steps_per_execution` train steps as one compiled loop (the GAN's train function).

Small GANs (the toy MLPs) spend most of a Keras step in per-step overhead: the graph while-loop around each
step, one XLA launch per step, the iterator. Here one execution is one call:

* one replica (the default strategy, one device): the execution's batches are read from the iterator in
  graph mode and stacked on a leading axis, then a single `tf.while_loop` runs `train_step` on each slice,
  XLA-compiled where that pays (small nets, see `resolve_jit`). Compiled once per model.
* several replicas (`MirroredStrategy`, `MultiWorkerMirroredStrategy`), or batches without static shapes: a
  graph loop of `strategy.run(train_step)` (no XLA: the step's cross-replica reductions run through the
  strategy). Python data (`train_on_batch`) runs one graph step per batch.

Either way Keras' `fit` sees an ordinary train function: it returns the logs of the execution's last step,
and callbacks run once per execution with the index of that step, as with Keras' own multi-step loop.

Records (`record_every = k`, a divisor of steps_per_execution): the logs of every k-th step of an execution,
and with `probe_latents` the generator's output for those latents after that step, are kept as the model's
`execution_records` (`Records`) for callbacks that need a finer period than an execution (`callbacks`
reads them). One replica: kept inside the compiled loop, so long executions cost no resolution. Otherwise
the execution runs as steps_per_execution / k calls of k steps, each followed by a recorded probe.

XLA on one CPU device is deterministic here (same seed, same numbers), and stateful random ops draw a
reproducible stream under `keras.utils.set_random_seed`, so the fused loop runs also under TF op
determinism (where Keras' own `jit_compile` silently turns XLA off).
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Optional, Sequence, Union

import numpy as np
import tensorflow as tf
from keras.src.backend.tensorflow.trainer import reduce_per_replica

from tfgan_repro import distribute

JitOption = Union[bool, str]


# "auto" uses XLA for nets up to this many trainable parameters (G + D). Measured on 2 CPU cores: XLA runs
# the 004 two-cluster nets (~190 parameters) 2.8x and the 002 moons nets (~800) 2.3x faster per step than the
# graph loop, while for the 000 ring nets (~50,000, 128 wide) the graph loop (oneDNN matmuls) is 1.3x faster
# and compiles in 0.5 s instead of 2.5 s.
XLA_MAX_PARAMETERS = 10_000


def resolve_jit(jit_compile: JitOption, strategy: tf.distribute.Strategy, players: Sequence = ()) -> bool:
    """Whether the execution loop is XLA-compiled. `"auto"`: for small `players` (see XLA_MAX_PARAMETERS) on
    one replica; True / False as given. Several replicas never use XLA (the step's cross-replica reductions
    run through the strategy, outside any compiled program)."""
    if strategy.num_replicas_in_sync > 1 or _multi_worker(strategy):
        return False
    if jit_compile == "auto":
        return sum(int(np.prod(v.shape)) for player in players for v in player.trainable_variables) <= XLA_MAX_PARAMETERS
    return bool(jit_compile)


def _multi_worker(strategy: tf.distribute.Strategy) -> bool:
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)


@dataclasses.dataclass
class Records:
    """What an execution kept of its every `record_every`-th step: `offsets` (steps into the execution:
    k, 2k, ...), `logs` (name -> one value per offset) and `probe` (the generator's output for the probe
    latents at each offset, or None)."""

    offsets: list
    logs: dict
    probe: Optional[np.ndarray] = None

    def __len__(self) -> int:
        return len(self.offsets)

    def at(self, index: int) -> dict:
        return {key: values[index] for key, values in self.logs.items()}


def record_settings(record_every: int, steps_per_execution: int, probe_latents=None) -> tuple[int, Optional[tf.Tensor]]:
    """(record_every, probe latents as a constant) for `GAN.compile`; a ValueError unless record_every is 0
    (off) or divides steps_per_execution (each execution must start on a recorded period, so that recorded
    steps are global multiples of it), or when probe latents come without records."""
    record_every = int(record_every)
    if record_every < 0 or (record_every and steps_per_execution % record_every):
        raise ValueError(f"record_every must be 0 (off) or divide steps_per_execution={steps_per_execution}, "
                         f"got {record_every}")
    if probe_latents is not None and not record_every:
        raise ValueError("probe_latents are recorded every record_every steps: give record_every >= 1")
    return record_every, None if probe_latents is None else tf.constant(np.asarray(probe_latents, np.float32))


def make_train_function(model, steps_per_execution: int, jit_compile: bool) -> Callable:
    """A Keras train function (iterator -> logs of the last step) running `steps_per_execution` steps; with
    `model.record_every` it also sets `model.execution_records` (see the module docstring)."""
    strategy = model.distribute_strategy
    one_step = _one_step(model)
    single_step = tf.function(one_step)
    record_every = int(getattr(model, "record_every", 0) or 0)
    chosen: dict = {}

    def function(iterator):
        model.execution_records = None
        if not isinstance(iterator, (tf.data.Iterator, tf.distribute.DistributedIterator)):
            # Python data (train_on_batch, numpy batches): one graph step per batch, as Keras does.
            logs = None
            for _, data in zip(range(steps_per_execution), iterator):
                logs = single_step(data)
            return logs
        if "function" not in chosen:
            spec = iterator.element_spec
            # Stacking an execution's batches needs static shapes (a last, smaller batch of a dataset batched
            # without drop_remainder would not stack) and one replica: otherwise a graph loop of steps.
            replicated = strategy.num_replicas_in_sync > 1 or _multi_worker(strategy)
            stackable = not replicated and all(s.shape.is_fully_defined() for s in tf.nest.flatten(spec))
            if stackable:
                chosen["function"] = _stacked_function(model, steps_per_execution, jit_compile, spec, record_every)
            elif record_every:
                chosen["function"] = _chunked_function(model, one_step, steps_per_execution, record_every)
            else:
                chosen["function"] = _looped_function(one_step, steps_per_execution)
        return chosen["function"](iterator)

    return function


def repeat(step: Callable, reals: list, latents: list) -> dict:
    """`step(reals[i], latents[i])` for each i; the last step's logs.

    On one replica the first n - 1 repeats are a `tf.while_loop` (in a graph) that drops their logs, so their
    diagnostics (gradient norms, batch means) are never computed, and the last step runs after it: the step is
    traced twice, not n times, which keeps tracing and XLA compilation of n_dis = 10 experiments short. Under a
    multi-replica strategy they stay unrolled: the step's cross-replica reductions cannot sit inside a
    replica-side while loop."""
    count = len(reals)
    if count == 1:
        return step(reals[0], latents[0])
    if distribute.num_replicas() > 1 or distribute.multi_worker():
        for real, latent in zip(reals[:-1], latents[:-1]):
            step(real, latent)
        return step(reals[-1], latents[-1])
    same = all(r is reals[0] for r in reals) and all(z is latents[0] for z in latents)
    real_stack = None if same else tf.stack(reals)
    latent_stack = None if same or latents[0] is None else tf.stack(latents)

    def body(index):
        if same:
            step(reals[0], latents[0])
        else:
            step(real_stack[index], None if latent_stack is None else latent_stack[index])
        return (index + 1,)

    tf.while_loop(lambda index: index < count - 1, body, (tf.constant(0),))
    return step(reals[-1], latents[-1])


def when_logged(model, compute: Callable[[], dict]) -> dict:
    """`compute()` (a dict of scalar diagnostics), skipped on the steps of a fused execution whose logs nobody
    reads: Keras reads an execution's last step only, and on the toy nets the per-step batch means and
    gradient norms cost as much as a tenth of the step. Outside a fused execution (step by step, under a
    strategy) it is computed every step."""
    gate = getattr(model, "_logs_gate", None)
    if gate is None:
        return compute()
    dtypes: dict = {}

    def computed():
        values = compute()
        dtypes.update({key: tf.convert_to_tensor(value).dtype for key, value in values.items()})
        return values

    # tf.cond traces the true branch first, so the skipped branch knows the keys and dtypes.
    return tf.cond(gate, computed, lambda: {key: tf.zeros([], dtype) for key, dtype in dtypes.items()})


def _slice(batches, index):
    return tf.nest.map_structure(lambda t: t[index], batches)


def _zeros_like(structure):
    return tf.nest.map_structure(lambda t: tf.zeros(t.shape, t.dtype), structure)


def _probe(model) -> Optional[Callable[[], tf.Tensor]]:
    """G's output for the model's probe latents (what `generate` would give for them), or None."""
    latents = getattr(model, "probe_latents", None)
    if latents is None:
        return None
    from tfgan_repro import saving

    return lambda: saving.sampling_generator(model)(latents, training=False)


def _stacked_function(model, steps_per_execution: int, jit_compile: bool, element_spec, record_every: int = 0) -> Callable:
    # train_step is traced once, here; the compiled loop calls this graph (XLA inlines it), and its outputs'
    # structure gives the loop's initial logs. autograph=False: Keras runs train_step unconverted too. The gate
    # (is this the execution's last step, or a recorded one?) lets the step skip diagnostics nobody reads
    # (`when_logged`).
    def gated_step(data, logs_wanted):
        model._logs_gate = logs_wanted
        try:
            return model.train_step(data)
        finally:
            model._logs_gate = None

    step = tf.function(gated_step, autograph=False).get_concrete_function(element_spec, tf.TensorSpec([], tf.bool))
    every = record_every or steps_per_execution  # without records: one unread row
    rows = steps_per_execution // every
    probe = _probe(model) if record_every else None
    probe_spec = tf.function(probe, autograph=False).get_concrete_function().structured_outputs if probe else None

    def steps(batches, count):
        # Each step's logs overwrite the row of its k-step chunk, so a row ends with its k-th step's logs
        # (rows of a short last chunk are dropped by the caller); the probe runs on recorded steps only.
        def body(index, _, records, probes):
            recorded = tf.equal((index + 1) % every, 0)
            logs = step(_slice(batches, index), tf.logical_or(recorded, tf.equal(index, count - 1)))
            row = [[tf.minimum(index // every, rows - 1)]]
            records = {key: tf.tensor_scatter_nd_update(records[key], row, [logs[key]]) for key in records}
            if probe is not None:
                probes = tf.cond(recorded, lambda: tf.tensor_scatter_nd_update(probes, row, [probe()]), lambda: probes)
            return index + 1, logs, records, probes

        logs = _zeros_like(step.structured_outputs)
        records = {key: tf.zeros([rows], value.dtype) for key, value in logs.items()} if record_every else {}
        probes = tf.zeros([rows, *probe_spec.shape], probe_spec.dtype) if probe is not None else tf.zeros([0])
        _, logs, records, probes = tf.while_loop(
            lambda index, *_: index < count, body, (tf.constant(0), logs, records, probes),
            maximum_iterations=steps_per_execution)
        return logs, records, probes

    compiled = tf.function(steps, jit_compile=jit_compile, autograph=False)

    @tf.function(autograph=False)
    def execute(iterator):
        # The first batch is required (end of data -> OutOfRangeError, which Keras turns into the epoch's end);
        # the others are optional, so a last, partial execution trains on the batches left. A graph loop, not
        # an unrolled one: its body is traced once whatever steps_per_execution is.
        first = tf.nest.flatten(iterator.get_next())
        arrays = [tf.TensorArray(t.dtype, size=steps_per_execution, element_shape=t.shape).write(0, t) for t in first]

        def body(index, count, arrays):
            optional = iterator.get_next_as_optional()
            present = optional.has_value()
            values = tf.cond(present, lambda: tf.nest.flatten(optional.get_value()), lambda: first)
            arrays = [array.write(index, value) for array, value in zip(arrays, values)]
            return index + 1, count + tf.cast(present, tf.int32), arrays

        _, count, arrays = tf.while_loop(
            lambda index, count, arrays: index < steps_per_execution, body, (tf.constant(1), tf.constant(1), arrays)
        )
        stacked = tf.nest.pack_sequence_as(element_spec, [array.stack() for array in arrays])
        return (*compiled(stacked, count), count)

    def run(iterator):
        logs, records, probes, count = execute(iterator)
        if record_every:
            kept = int(count) // record_every
            model.execution_records = Records(
                offsets=[record_every * (i + 1) for i in range(kept)],
                logs={key: np.asarray(values)[:kept] for key, values in records.items()},
                probe=np.asarray(probes)[:kept] if probe is not None else None,
            )
        return logs

    return run


def _chunked_function(model, one_step: Callable, steps_per_execution: int, record_every: int) -> Callable:
    """Records where the execution cannot be stacked (several replicas, unknown shapes): the execution runs
    as calls of `record_every` steps, each followed by the probe."""
    chunk = _looped_function(one_step, record_every)
    probe = _probe(model)
    forward = tf.function(probe, autograph=False) if probe is not None else None

    def run(iterator):
        offsets, rows, probes, logs = [], [], [], None
        for index in range(steps_per_execution // record_every):
            try:
                logs = chunk(iterator)
            except tf.errors.OutOfRangeError:
                if logs is None:
                    raise
                break
            offsets.append(record_every * (index + 1))
            rows.append({key: np.asarray(value) for key, value in logs.items()})
            if forward is not None:
                probes.append(np.asarray(forward()))
        model.execution_records = Records(
            offsets=offsets, logs={key: np.stack([row[key] for row in rows]) for key in rows[0]},
            probe=np.stack(probes) if probes else None)
        return logs

    return run


def _one_step(model) -> Callable:
    """data -> logs: `train_step` on every replica, logs reduced across replicas (Keras' reduction)."""
    strategy = model.distribute_strategy
    train_step = tf.autograph.experimental.do_not_convert(model.train_step)

    def one_step(data):
        outputs = strategy.run(train_step, args=(data,))
        return reduce_per_replica(outputs, strategy, reduction="auto")

    return one_step


def _looped_function(one_step: Callable, steps_per_execution: int) -> Callable:
    @tf.function
    def execute(iterator):
        logs = one_step(iterator.get_next())
        # A plain counted loop of strategy.run: Keras' optional-chaining loop fails to run under
        # MultiWorkerMirroredStrategy (a placeholder inside its while body is never fed).
        for _ in tf.range(steps_per_execution - 1):
            optional = iterator.get_next_as_optional()
            if not optional.has_value():
                break
            logs = one_step(optional.get_value())
        return logs

    return execute


def inference_function(model) -> Callable:
    """`model(x, training=False)` as a graph function: an eager Keras call costs milliseconds of Python, which
    adds up for experiments that sample every few steps (004's two-cluster evaluates every 10 iterations)."""
    forward = tf.function(lambda x: model(x, training=False), reduce_retracing=True, autograph=False)
    # Traced once per model by design (a sweep builds one GAN per run): not the retracing TF warns about.
    forward._omit_frequent_tracing_warning = True
    return forward
