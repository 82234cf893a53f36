"""Which process writes where when a run spans several workers (the Keras / TF multi-worker convention).

Under `--strategy multiworker` every worker runs the same sweep and takes the same decisions (skip, restart,
resume) from the chief's files in `--out`, which must be a folder all workers see. The chief writes the run
folders there (results.json, checkpoints, metric series, samples, figures, claims); each other worker writes
the same files into its own temporary folder, removed when the process exits, and so leaves nothing in
`--out`. Every worker checkpoints (saving can need all workers' collectives); a restarted cluster resumes
from the chief's latest checkpoint.

`--logical-devices N` splits the CPU into N logical devices (before TensorFlow starts), so that
`--strategy mirrored` can be tried on a machine without GPUs.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any, Optional

_WORKER_ROOT: dict[str, Path] = {}


def is_chief(strategy: Any) -> bool:
    """True for the process that writes results: the only process, or the multi-worker chief."""
    return bool(getattr(strategy.extended, "should_checkpoint", True))


def output_root(out_dir: Path, strategy: Any) -> Optional[Path]:
    """None for the chief (it writes in `out_dir`), else this worker's temporary folder."""
    if is_chief(strategy):
        return None
    if "root" not in _WORKER_ROOT:
        task = getattr(strategy.cluster_resolver, "task_id", "x")
        root = Path(tempfile.mkdtemp(prefix=f"paper_runs_worker{task}_"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        _WORKER_ROOT["root"] = root
    return _WORKER_ROOT["root"]


def remove_worker_folder() -> None:
    """Remove this worker's temporary folder now (also done at exit)."""
    root = _WORKER_ROOT.pop("root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


def split_cpu(count: int) -> None:
    """Make `count` logical CPU devices. Must run before TensorFlow initialises its devices."""
    import tensorflow as tf

    if count < 1:
        raise ValueError(f"--logical-devices must be >= 1, got {count}")
    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * count)
    except RuntimeError as error:  # devices already initialised
        raise ValueError(f"--logical-devices {count}: {error}") from None
