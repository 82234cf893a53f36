"""Strategy choice and cross-replica reductions.

MM-nsat's R must use the mean Dp of the *global* batch (000 App. H, "Parallelization"): each replica
all-reduces its sum of Dp and its sample count, so R is identical on every replica and equals the value
single-device training computes on the same global batch.
"""

from __future__ import annotations

import json
import os
from typing import Sequence

import tensorflow as tf

STRATEGIES = ("default", "mirrored", "multiworker")


def get_strategy(name: str = "default") -> tf.distribute.Strategy:
    """`default` (no distribution), `mirrored` (all local GPUs, else all logical CPUs), `multiworker` (TF_CONFIG
    cluster)."""
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        # MirroredStrategy() alone takes the GPUs or else only the first CPU; logical CPU devices (split for
        # testing) are used when there is no GPU.
        devices = tf.config.list_logical_devices("GPU") or tf.config.list_logical_devices("CPU")
        return tf.distribute.MirroredStrategy([device.name for device in devices])
    if name == "multiworker":
        if "TF_CONFIG" not in os.environ:
            raise ValueError("strategy 'multiworker' needs the TF_CONFIG environment variable (cluster and task)")
        json.loads(os.environ["TF_CONFIG"])  # fail early on malformed JSON
        return tf.distribute.MultiWorkerMirroredStrategy()
    raise ValueError(f"unknown strategy {name!r}; valid: {', '.join(STRATEGIES)}")


def local_cluster(num_workers: int) -> list[str]:
    """TF_CONFIG values for `num_workers` worker processes on 127.0.0.1 (free ports), for trying
    MultiWorkerMirroredStrategy on one machine; worker i gets the i-th."""
    import socket

    sockets = [socket.socket() for _ in range(num_workers)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    workers = [f"127.0.0.1:{s.getsockname()[1]}" for s in sockets]
    for s in sockets:
        s.close()
    return [json.dumps({"cluster": {"worker": workers}, "task": {"type": "worker", "index": i}})
            for i in range(num_workers)]


def num_replicas() -> int:
    """Replicas in sync for the strategy in scope (1 outside any strategy)."""
    return tf.distribute.get_strategy().num_replicas_in_sync


def _replica_context() -> tf.distribute.ReplicaContext:
    # Outside strategy.run there is the default replica context, where all_reduce is the identity.
    return tf.distribute.get_replica_context() or tf.distribute.get_strategy().extended._default_replica_context()


def all_reduce_sum(values):
    """Sum of `values` (a tensor or a list of tensors) over all replicas; identity on one replica."""
    if num_replicas() == 1:
        return values
    return _replica_context().all_reduce(tf.distribute.ReduceOp.SUM, values)


def global_mean(values: tf.Tensor) -> tf.Tensor:
    """Mean of `values` over the global batch: all-reduce (sum, count), exact for unequal replica batches."""
    values = tf.reshape(tf.cast(values, tf.float32), [-1])
    local = tf.stack([tf.reduce_sum(values), tf.cast(tf.size(values), tf.float32)])
    total = all_reduce_sum(local)
    return total[0] / total[1]


def replica_mean(value: tf.Tensor) -> tf.Tensor:
    """Mean of a per-replica scalar over replicas (for logging values that are already local means)."""
    replicas = num_replicas()
    if replicas == 1:
        return value
    return all_reduce_sum(value) / float(replicas)


def global_norm(gradients: Sequence[tf.Tensor]) -> tf.Tensor:
    """||g||_2 of the gradient summed over replicas (what the optimizer applies)."""
    present = [g for g in gradients if g is not None]
    return tf.linalg.global_norm(all_reduce_sum(present))


def multi_worker() -> bool:
    """True under a MultiWorkerMirroredStrategy that spans several workers."""
    strategy = tf.distribute.get_strategy()
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy) and strategy.extended._in_multi_worker_mode()


def step_logs(logs: dict) -> dict:
    """Shape train_step logs for Keras' cross-replica reduction.

    Under MultiWorkerMirroredStrategy Keras 3 reduces step outputs with `strategy.reduce(MEAN, v, axis=0)`,
    which rejects scalars; a shape-[1] value reduces to the scalar mean over replicas.
    """
    if not multi_worker():
        return logs
    return {name: tf.reshape(value, [1]) for name, value in logs.items()}
