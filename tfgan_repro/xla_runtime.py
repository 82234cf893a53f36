"""XLA's CPU runtime choice for the fused toy-training loops (see `fused`).

Recent XLA runs CPU programs on its "thunk" runtime, which pays a fixed cost per operation. The toy GANs'
compiled steps are hundreds of tiny operations (10-unit layers, per-variable optimizer updates), so that cost
dominates: on 2 CPU cores the 004 two-cluster training loop took 0.63 ms of CPU time per step on the thunk
runtime and 0.52 ms on the classic one, while the minimal floor loop of the same nets stayed at 0.50 ms
(one process each, both sides interleaved; benchmarks/README.md).

XLA reads `XLA_FLAGS` once, at the process's first compilation, and aborts the process on a flag it does not
know: `use_classic_cpu_runtime` is therefore called by the paper runner's entry points (a pinned TensorFlow,
tested in tests/core/test_xla_runtime.py), never at library import. Users of `tfgan_repro` in their own
process can call it first thing, or set the flag themselves.
"""

from __future__ import annotations

import os

FLAG_NAME = "xla_cpu_use_thunk_runtime"
CLASSIC_CPU_RUNTIME = f"--{FLAG_NAME}=false"


def use_classic_cpu_runtime() -> bool:
    """Add `--xla_cpu_use_thunk_runtime=false` to XLA_FLAGS unless the flag is already set there (a user's
    choice wins). Returns whether the classic runtime is now requested. Takes effect only before the process's
    first XLA compilation."""
    flags = os.environ.get("XLA_FLAGS", "")
    if FLAG_NAME not in flags:
        os.environ["XLA_FLAGS"] = f"{flags} {CLASSIC_CPU_RUNTIME}".strip()
    return CLASSIC_CPU_RUNTIME in os.environ["XLA_FLAGS"]
