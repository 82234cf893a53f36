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

XLA on one CPU device is deterministic here (same seed, same numbers), and stateful random ops draw a
reproducible stream under `keras.utils.set_random_seed`, so the fused loop runs also under TF op
determinism (where Keras' own `jit_compile` silently turns XLA off).
"""

from __future__ import annotations

from typing import Callable, Sequence, Union

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


def make_train_function(model, steps_per_execution: int, jit_compile: bool) -> Callable:
    """A Keras train function (iterator -> logs of the last step) running `steps_per_execution` steps."""
    strategy = model.distribute_strategy
    one_step = _one_step(model)
    single_step = tf.function(one_step)
    chosen: dict = {}

    def function(iterator):
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
            chosen["function"] = (
                _stacked_function(model, steps_per_execution, jit_compile, spec)
                if stackable
                else _looped_function(one_step, steps_per_execution)
            )
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


def _stacked_function(model, steps_per_execution: int, jit_compile: bool, element_spec) -> Callable:
    # train_step is traced once, here; the compiled loop calls this graph (XLA inlines it), and its outputs'
    # structure gives the loop's initial logs. autograph=False: Keras runs train_step unconverted too. The gate
    # (is this the execution's last step?) lets the step skip diagnostics nobody reads (`when_logged`).
    def gated_step(data, logs_wanted):
        model._logs_gate = logs_wanted
        try:
            return model.train_step(data)
        finally:
            model._logs_gate = None

    step = tf.function(gated_step, autograph=False).get_concrete_function(element_spec, tf.TensorSpec([], tf.bool))

    def steps(batches, count):
        def body(index, _):
            return index + 1, step(_slice(batches, index), tf.equal(index, count - 1))

        initial = (tf.constant(0), _zeros_like(step.structured_outputs))
        _, logs = tf.while_loop(lambda index, _: index < count, body, initial, maximum_iterations=steps_per_execution)
        return logs

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
        return compiled(stacked, count)

    return execute


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
