"""The files a run leaves behind, and how they are written and read.

Layout under an output directory OUT:

    OUT/<experiment>/<run-id>/results.json    one run (experiment x config x seed), schema below
    OUT/<experiment>/<run-id>/samples.npy     final generated samples (toy vector data, >= 2,500)
    OUT/<experiment>/<run-id>/generator.keras final generator of a completed GAN run (the EMA one when kept):
                                              `keras.models.load_model(path)(latents)` draws samples
    OUT/<experiment>/<run-id>/*.png           per-run figures
    OUT/<experiment>/claims-<sweep>.json      experiment-level claims over the finished runs of one sweep
    OUT/<experiment>/*.png                    experiment-level figures of the `quick` sweep
    OUT/<experiment>/figures-<sweep>/*.png    ... of any other sweep (another profile, or overrides)

A sweep is a profile plus overrides (`quick`, `quick-1a2b3c4d`): its claims and figures are drawn from every
finished run on disk of that sweep, so rerunning a subset of its seeds or variants never shrinks them.
    OUT/REPORT.md                             the claims table (`python -m paper_runs.report OUT`)

results.json keys: paper, experiment, variant, profile, sweep, seed, config, versions, git_commit, status
(`running` | `completed` | `diverged` | `failed`), step, total_steps, metrics, claims, notes, replicas,
wall_seconds, cpu_seconds (since 2026-12-02: the process's CPU time over the run, all its threads; unlike the
wall, not stretched when other processes share the cores), files (the run's files beside results.json by role:
"samples", "generator"; those written);
a failed run also has `error`, the one line that stopped it.
Metrics map a name to a number, a list, or a time series (a list of [step, value]), their floats written at
float32 precision (`json_values.at_float32_precision`). A claim is
{id, description, paper_value, measured_value, holds}.

Every file is written atomically (temporary file in the same directory, then `os.replace`): a reader sees
the old file or the new one, never half of one, even if the writer is killed.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

import numpy as np

from paper_runs.json_values import at_float32_precision, json_text, round_floats, to_jsonable

RESULTS_FILE = "results.json"
SAMPLES_FILE = "samples.npy"
GENERATOR_FILE = "generator.keras"
CLAIMS_GLOB = "claims-*.json"
DEFAULT_FIGURE_SWEEP = "quick"  # its experiment figures sit in the experiment directory itself
REPORT_FILE = "REPORT.md"

STATUS_RUNNING = "running"
STATUS_COMPLETED = "completed"
STATUS_DIVERGED = "diverged"
STATUS_FAILED = "failed"  # stopped by an error (bad data, a crash); a rerun retries it
FINISHED_STATUSES = (STATUS_COMPLETED, STATUS_DIVERGED)

RESULTS_KEYS = (
    "paper",
    "experiment",
    "variant",
    "profile",
    "sweep",
    "seed",
    "config",
    "versions",
    "git_commit",
    "status",
    "step",
    "total_steps",
    "metrics",
    "claims",
    "notes",
    "wall_seconds",
)
CLAIM_KEYS = ("id", "description", "paper_value", "measured_value", "holds")


@dataclasses.dataclass
class Claim:
    """One checkable statement of a paper and what this run (or sweep) measured for it.

    `paper_value` and `measured_value` are numbers, lists or short strings; `holds` is the verdict of the
    experiment's own test (None when the test could not be made, e.g. a quantity was undefined)."""

    id: str
    description: str
    paper_value: Any
    measured_value: Any
    holds: Optional[bool]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "description": self.description,
            "paper_value": to_jsonable(self.paper_value),
            "measured_value": round_floats(to_jsonable(self.measured_value)),
            "holds": None if self.holds is None else bool(self.holds),
        }


# ------------------------------------------------------------------------------------------ atomic writes


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` through a temporary file in the same directory and `os.replace`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def atomic_write_json(path: Path, data: Any) -> None:
    """JSON (sorted keys, 1-space indent, lists of numbers on one line, NaN/Inf written as null) written
    atomically."""
    atomic_write_bytes(Path(path), json_text(data).encode("utf-8"))


def atomic_save_npy(path: Path, array: np.ndarray) -> None:
    """A .npy file written atomically."""
    import io

    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array), allow_pickle=False)
    atomic_write_bytes(Path(path), buffer.getvalue())


def read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


# ------------------------------------------------------------------------------------------ provenance


def _package_version(name: str) -> Optional[str]:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def library_versions() -> dict[str, Optional[str]]:
    """Versions of python and the libraries a result depends on. tf-gan's comes from package metadata: the
    package cannot be imported whole under TF 2.21."""
    versions: dict[str, Optional[str]] = {"python": platform.python_version()}
    for key, distribution in (
        ("tensorflow", "tensorflow"),
        ("keras", "keras"),
        ("numpy", "numpy"),
        ("tfds", "tensorflow-datasets"),
        ("tf-gan", "tensorflow-gan"),
    ):
        versions[key] = _package_version(distribution)
    return versions


def git_commit(repo_dir: Optional[Path] = None) -> Optional[str]:
    """HEAD's commit hash of the repository holding this package, with `-dirty` if tracked files changed;
    None outside a git checkout."""
    repo_dir = Path(repo_dir or Path(__file__).resolve().parent.parent)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo_dir, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=repo_dir, capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{commit}-dirty" if dirty else commit


# ------------------------------------------------------------------------------------------ reading


def read_results(run_dir: Path) -> Optional[dict]:
    """A run's results.json, or None when absent or unreadable."""
    path = Path(run_dir) / RESULTS_FILE
    try:
        return read_json(path)
    except (OSError, ValueError):
        return None


def iter_run_dirs(experiment_dir: Path) -> Iterable[Path]:
    """Run directories (those holding a results.json) of one experiment directory, sorted by name."""
    experiment_dir = Path(experiment_dir)
    if not experiment_dir.is_dir():
        return []
    return sorted(p for p in experiment_dir.iterdir() if p.is_dir() and (p / RESULTS_FILE).is_file())


def iter_experiment_dirs(out_dir: Path) -> Iterable[Path]:
    """Experiment directories of an output directory (those with at least one run or a claims file)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    return sorted(
        p for p in out_dir.iterdir() if p.is_dir() and (any(p.glob(CLAIMS_GLOB)) or any(iter_run_dirs(p)))
    )


def claims_path(experiment_dir: Path, sweep_id: str) -> Path:
    """Where the experiment-level claims of one sweep are written."""
    return Path(experiment_dir) / f"claims-{sweep_id}.json"


def figure_dir(experiment_dir: Path, sweep_id: str) -> Path:
    """Where the experiment-level figures of one sweep are drawn (sweeps never overwrite each other's)."""
    experiment_dir = Path(experiment_dir)
    return experiment_dir if sweep_id == DEFAULT_FIGURE_SWEEP else experiment_dir / f"figures-{sweep_id}"


def iter_claims_files(experiment_dir: Path) -> list[Path]:
    """The claims files of an experiment directory, one per sweep, sorted."""
    return sorted(Path(experiment_dir).glob(CLAIMS_GLOB))


def finished_runs_of_sweep(
    experiment_dir: Path, sweep_id: str, variants: list[str], ours: dict[str, dict]
) -> list[dict]:
    """The results `ours` ({run id: results} of this call) and those of every other finished run on disk of
    the same sweep (same profile and overrides, run by an earlier call with other --seeds or --variants),
    each with its `run_id`, in `variants` order, then by seed: a partial rerun never shrinks the sweep's
    claims and figures, and they do not depend on which subset ran last."""
    runs = [{**data, "run_id": run_id} for run_id, data in ours.items()]
    for run_dir in iter_run_dirs(experiment_dir):
        data = read_results(run_dir)
        if (run_dir.name not in ours and data is not None and data.get("sweep") == sweep_id
                and data.get("status") in FINISHED_STATUSES and data.get("variant") in variants):
            runs.append({**data, "run_id": run_dir.name})
    return sorted(runs, key=lambda run: (variants.index(run["variant"]), run["seed"], run["run_id"]))


def record_failure(run_dir: Path, error: BaseException) -> None:
    """Leave no run that says `running` for a process that is gone: a run that got as far as a results file
    is marked `failed` with the error (its checkpoints stay, so a rerun resumes); a run directory that a
    failed build left without one is removed, with its experiment directory when that is then empty."""
    existing = read_results(run_dir)
    if existing is not None:
        if existing.get("status") == STATUS_RUNNING:
            message = f"{type(error).__name__}: {error}".strip().splitlines()[0] if str(error) else type(error).__name__
            atomic_write_json(Path(run_dir) / RESULTS_FILE, {**existing, "status": STATUS_FAILED, "error": message})
        return
    run_dir = Path(run_dir)
    if run_dir.is_dir():
        shutil.rmtree(run_dir, ignore_errors=True)
        if not any(run_dir.parent.iterdir()):
            run_dir.parent.rmdir()


def check_output_dir(out_dir: Path, error_type: type = ValueError) -> None:
    """--out must be a folder this process can write in (created when missing); checked before any run.
    Raises `error_type` (the runner's UsageError) with one line otherwise."""
    if out_dir.exists() and not out_dir.is_dir():
        raise error_type(f"--out {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise error_type(f"--out {out_dir} is not writable: {error.strerror or error}") from None


def validate_results(results: dict) -> list[str]:
    """Problems with a results dict against the schema (empty when it conforms)."""
    problems = [f"missing key {key!r}" for key in RESULTS_KEYS if key not in results]
    if results.get("status") not in (STATUS_RUNNING, STATUS_FAILED, *FINISHED_STATUSES):
        problems.append(f"bad status {results.get('status')!r}")
    config = results.get("config", {})
    for key in ("generator_loss", "discriminator_loss"):
        if key not in config:
            problems.append(f"config lacks {key!r}")
    for claim in results.get("claims", []):
        missing = [key for key in CLAIM_KEYS if key not in claim]
        if missing:
            problems.append(f"claim {claim.get('id')!r} lacks {missing}")
    return problems


# ------------------------------------------------------------------------------------------- one run's file


class ResultsWriter:
    """Builds and (re)writes one run's results.json."""

    def __init__(self, sweep, spec, run_dir: Path, context, prior_seconds: float, prior_cpu_seconds: float = 0.0):
        """sweep, spec, context: the runner's Sweep, RunSpec and RunContext of the run; prior_*: the wall and CPU
        time of the interrupted attempts a resumed run continues."""
        self.sweep, self.spec, self.run_dir, self.context = sweep, spec, run_dir, context
        self.prior_seconds, self.prior_cpu_seconds = prior_seconds, prior_cpu_seconds
        self.started, self.cpu_started = time.monotonic(), time.process_time()
        self.versions = library_versions()
        self.commit = git_commit()

    def write(
        self, *, status: str, step: int, metrics: dict, claims: Sequence[Claim] = (), files: Optional[dict] = None
    ) -> dict:
        """Write results.json; `files`: the run's files by role (RunOutcome.files)."""
        data = {
            "paper": self.sweep.paper.name,
            "experiment": self.sweep.experiment.name,
            "variant": self.spec.variant,
            "profile": self.sweep.profile,
            "sweep": self.sweep.sweep_id,
            "seed": self.spec.seed,
            "config": self.spec.config,
            "versions": self.versions,
            "git_commit": self.commit,
            "status": status,
            "step": int(step),
            "total_steps": self.spec.config.get("steps"),
            "metrics": at_float32_precision(to_jsonable(metrics)),
            "claims": [c.to_dict() if isinstance(c, Claim) else dict(c) for c in claims],
            "notes": list(self.context.notes),
            "replicas": int(self.context.strategy.num_replicas_in_sync),
            "wall_seconds": round(self.prior_seconds + time.monotonic() - self.started, 3),
            "cpu_seconds": round(self.prior_cpu_seconds + time.process_time() - self.cpu_started, 3),
            "files": dict(files or {}),
        }
        atomic_write_json(self.run_dir / RESULTS_FILE, data)
        return to_jsonable(data)


def previous_state(run_dir: Path, config: dict, runtime_keys: Sequence[str]) -> tuple[Optional[dict], bool]:
    """(existing results, same config?) for a run directory; `runtime_keys` do not count."""
    from paper_runs.config import normalise

    existing = read_results(run_dir)
    if existing is None:
        return None, False

    def identity(values: dict) -> dict:
        return normalise({k: v for k, v in values.items() if k not in runtime_keys})

    return existing, identity(existing.get("config", {})) == identity(config)
