"""One traced GAN for the runs of a sweep that differ only by seed (issue #16: the leaderboard's quick runs).

Why: a small run spends about a third of its time tracing the fused train function of a freshly built GAN
(0.42 of 1.2 CPU s for a quick toy run). Runs with the same configuration compile to the same program: the
seed lives in variables (the weights, the noise key and counter, see `tfgan_repro.saving.build_training_state`),
not in the graph. So `build_or_reuse` builds and compiles a fresh GAN for every run, exactly as
`training.build_gan` does (same seeded initial weights, optimizers, data stream and latents; building and
compiling trace nothing), and when the previous run of this process had the same configuration it copies every
variable of the fresh GAN and its optimizers into that run's GAN, whose train and sampling functions are already
traced, and hands the runner that one. tests/paper_runs/test_leaderboard.py checks that every board cost ends
with the same samples and metrics either way.

Only the last configuration's GAN is kept (a sweep runs a variant's seeds one after the other).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Callable, Optional

from paper_runs.experiments import RunContext
from paper_runs.training import GANSetup, build_gan

_LAST: dict[str, Any] = {}  # {"key": ..., "setup": GANSetup} of the last run of this process


def state_variables(setup: GANSetup) -> list:
    """Every variable a run's training state holds: the GAN's (players, EMA, noise key and counter, extra
    players and their optimizers) and both players' optimizers', in a fixed order, found the way a checkpoint
    finds them."""
    import keras
    import tensorflow as tf

    root = tf.train.Checkpoint(gan=setup.gan, g_optimizer=setup.g_optimizer, d_optimizer=setup.d_optimizer)
    found, seen = [], set()
    for trackable in tf.train.TrackableView(root).descendants():
        if isinstance(trackable, (keras.Variable, tf.Variable)) and id(trackable) not in seen:
            seen.add(id(trackable))
            found.append(trackable)
    return found


def _signature(variables: list) -> list:
    # Short names: a path carries the unique suffix of its optimizer or model instance ("adam_3/...").
    return [(variable.name, tuple(variable.shape), str(variable.dtype)) for variable in variables]


def reset_to(target: GANSetup, fresh: GANSetup) -> bool:
    """Give `target`'s GAN and optimizers every variable value of `fresh` (a fresh build of the same
    configuration); False, changing nothing, when their variables do not correspond one to one."""
    into, values = state_variables(target), state_variables(fresh)
    expected = [*target.gan.variables, *target.g_optimizer.variables, *target.d_optimizer.variables]
    if _signature(into) != _signature(values) or not {id(v) for v in expected} <= {id(v) for v in into}:
        return False
    for variable, value in zip(into, values):
        variable.assign(value)
    return True


def _key(config: dict, context: RunContext) -> Optional[str]:
    try:
        return json.dumps([context.paper, context.experiment, id(context.strategy), config], sort_keys=True)
    except TypeError:  # a setting that is not JSON: never reuse
        return None


def build_or_reuse(build: Callable[[dict, RunContext], GANSetup], config: dict, context: RunContext) -> GANSetup:
    """`training.build_gan(build, config, context)`, or the previous run's traced GAN holding exactly that
    build's state when the previous run had the same configuration (see the module docstring)."""
    fresh = build_gan(build, config, context)
    # A probe's latents are a constant of the traced loop (GAN.compile(probe_latents=...)): never reuse then.
    key = _key(config, context) if fresh.probe is None else None
    last = _LAST.get("setup")
    if key is not None and _LAST.get("key") == key and last is not None:
        with context.strategy.scope():
            reused = reset_to(last, fresh)
        if reused:
            # The fresh build's data stream, measurements and callbacks; the traced GAN and its optimizers.
            return dataclasses.replace(fresh, gan=last.gan, d_optimizer=last.d_optimizer, g_optimizer=last.g_optimizer)
    _LAST.update(key=key, setup=fresh)
    return fresh


def forget() -> None:
    """Drop the kept GAN (tests; a process that is done with a sweep)."""
    _LAST.clear()
