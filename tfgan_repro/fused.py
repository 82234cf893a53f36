"""Multi-step executions: `steps_per_execution` train steps as one compiled loop (the GAN's train function).

Small GANs (the toy MLPs) spend most of a Keras step in per-step overhead: the graph while-loop around each
step, one XLA launch per step, the iterator. Here one execution is one call:

* one replica (the default strategy, one device): the execution's batches are read from the iterator in
  graph mode and stacked on a leading axis, then a single XLA-compiled `tf.while_loop` runs `train_step` on
  each slice. Compiled once per model (a second compile only for a shorter last execution).
* several replicas (`MirroredStrategy`, `MultiWorkerMirroredStrategy`): a graph `tf.while_loop` of
  `strategy.run(train_step)` (no XLA: the cross-replica reductions of the step run through the strategy).

Either way Keras' `fit` sees an ordinary train function: it returns the logs of the execution's last step,
and callbacks run once per execution with the index of that step, as with Keras' own multi-step loop.

XLA on one CPU device is deterministic here (same seed, same numbers), and stateful random ops draw a
reproducible stream under `keras.utils.set_random_seed`, so the fused loop runs also under TF op
determinism (where Keras' own `jit_compile` silently turns XLA off).
"""

from __future__ import annotations

from typing import Callable, Union

import tensorflow as tf
from keras.src.backend.tensorflow.trainer import reduce_per_replica

JitOption = Union[bool, str]


def resolve_jit(jit_compile: JitOption, strategy: tf.distribute.Strategy) -> bool:
    """`"auto"`: XLA when the model trains on one replica (a per-replica XLA step would need the strategy's
    reductions inside the compiled program); True / False as given, except that several replicas never
    use XLA."""
    if strategy.num_replicas_in_sync > 1 or _multi_worker(strategy):
        return False
    return True if jit_compile == "auto" else bool(jit_compile)


def _multi_worker(strategy: tf.distribute.Strategy) -> bool:
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)


def make_train_function(model, steps_per_execution: int, jit_compile: bool) -> Callable:
    """A Keras train function (iterator -> logs of the last step) running `steps_per_execution` steps."""
    strategy = model.distribute_strategy
    if strategy.num_replicas_in_sync == 1 and not _multi_worker(strategy):
        return _single_replica_function(model, steps_per_execution, jit_compile)
    return _replicated_function(model, steps_per_execution)


def _slice(batches, index):
    return tf.nest.map_structure(lambda t: t[index], batches)


def _zeros_like_spec(spec):
    return tf.nest.map_structure(lambda s: tf.zeros(s.shape, s.dtype), spec)


def _single_replica_function(model, steps_per_execution: int, jit_compile: bool) -> Callable:
    output_spec = {}

    def steps(batches, count):
        # The loop's log values start as zeros of the step's output structure (traced once, below) so the
        # step is traced into the loop body only: XLA compiles it once, not once more for a peeled first step.
        def body(index, _):
            return index + 1, model.train_step(_slice(batches, index))

        _, logs = tf.while_loop(
            lambda index, _: index < count, body, (tf.constant(0), _zeros_like_spec(output_spec["logs"])),
            maximum_iterations=steps_per_execution,
        )
        return logs

    # autograph=False: the loops here are explicit, and Keras runs train_step unconverted too (converting it
    # costs seconds of tracing per model).
    compiled = tf.function(steps, jit_compile=jit_compile, reduce_retracing=True, autograph=False)

    @tf.function(autograph=False)
    def execute(iterator):
        # The first batch is required (end of data -> OutOfRangeError, which Keras turns into the epoch's end);
        # the others are optional, so a last, partial execution trains on the batches left.
        first = iterator.get_next()
        batches, count = [first], tf.constant(1)
        for _ in range(steps_per_execution - 1):
            optional = iterator.get_next_as_optional()
            batches.append(tf.cond(optional.has_value(), optional.get_value, lambda: first))
            count += tf.cast(optional.has_value(), tf.int32)
        stacked = tf.nest.map_structure(lambda *parts: tf.stack(parts), *batches)
        return compiled(stacked, count)

    def function(iterator):
        if "logs" not in output_spec:
            element_spec = iterator.element_spec
            traced = tf.function(model.train_step, autograph=False).get_concrete_function(element_spec)
            output_spec["logs"] = tf.nest.map_structure(
                lambda t: tf.TensorSpec(t.shape, t.dtype), traced.structured_outputs
            )
        return execute(iterator)

    return function


def _replicated_function(model, steps_per_execution: int) -> Callable:
    strategy = model.distribute_strategy
    train_step = tf.autograph.experimental.do_not_convert(model.train_step)

    def one_step(data):
        outputs = strategy.run(train_step, args=(data,))
        return reduce_per_replica(outputs, strategy, reduction="auto")

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
