"""What a paper declares: its experiments (settings per profile, variants, how to run and judge them).

One module per experiment family declares its experiments beside their settings, claims and figures, e.g.
paper_runs/sample_weighting/toy.py:

    RING = Experiment(
        name="ring",
        description="8-mode ring: NS hops between modes, MM covers all 8 (Fig 4)",
        profiles={"quick": {...settings...}, "full": {...}},
        variants={"ns": {"generator_loss": "ns"}, "mm": {"generator_loss": "mm"}},
        build=mixture_gan.build,                # -> training.GANSetup  (or run=fn -> RunOutcome)
        run_claims=ring_run_claims,             # one run's metrics and config -> its claims
        sweep_claims=ring_claims,               # runs of one sweep -> experiment-level claims
        run_figures=figures.mixture_run_figure, figures=figures.mixture_experiment_figures,
    )

and the package lists them, placeholders included (`--list` shows them honestly):

    PAPER = Paper("sample_weighting", "000", "Sample weighting as an explanation for mode collapse",
                  [RING, SPIRAL, Experiment.not_implemented("later", "what it will reproduce")])
    # paper_runs/<paper>/__main__.py:  run_module(PAPER)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

from paper_runs.config import COMMON_DEFAULTS

if TYPE_CHECKING:
    from paper_runs.training import GANSetup, RunOutcome

# quick: CPU minutes, the phenomenon compressed; claims: the paper's own settings at the smallest budget where a
# claim can hold, enough seeds for a rate (paper_runs.reproduce); full: the paper's budget.
PROFILES = ("quick", "claims", "full")
# Why an experiment whose data the development machine cannot fetch is outside the claims battery.
DATA_NOT_HERE = ("its data cannot be fetched on the development machine (no internet): the loading code is tested "
                 "end to end on mock data only")


class UsageError(Exception):
    """Bad command-line input or missing data: reported as one line, exit code 2."""


@dataclasses.dataclass
class RunContext:
    """What a run's build/run function may need besides its config."""

    paper: str
    experiment: str
    variant: str
    profile: str
    seed: int
    run_dir: Path
    data_dir: Optional[Path]
    strategy: Any  # tf.distribute.Strategy
    notes: list = dataclasses.field(default_factory=list)  # choices / deviations, copied into results.json

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


@dataclasses.dataclass(frozen=True)
class Experiment:
    """One experiment of a paper: settings per profile, the variants compared, how to run and judge it.

    build(config, context) -> training.GANSetup: the runner trains it (checkpoints, resume, divergence).
    run(config, context) -> training.RunOutcome: for anything that is not one GAN fit.
    run_claims(metrics, config) -> [Claim]: a completed run's claims, applied by the runner after the build's
        `finish` (or `run`); metrics include the logged time series.
    sweep_claims(runs) -> [Claim]: experiment-level claims over the results dicts of one sweep's runs.
    run_figures(run_dir) / figures(experiment_dir, run_dirs): draw PNGs from the files only.
    """

    name: str
    description: str
    profiles: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    variants: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=lambda: {"default": {}})
    build: Optional[Callable[[dict, RunContext], GANSetup]] = None
    run: Optional[Callable[[dict, RunContext], RunOutcome]] = None
    run_claims: Optional[Callable[[dict, dict], list]] = None
    sweep_claims: Optional[Callable[[list], list]] = None
    run_figures: Optional[Callable[[Path], list]] = None
    figures: Optional[Callable[[Path, list], list]] = None
    seeds: Mapping[str, Sequence[int]] = dataclasses.field(default_factory=lambda: {"quick": (0, 1, 2), "full": (0, 1, 2)})
    headline: Optional[Callable[[dict], str]] = None  # a run's key numbers in one line (results dict -> text)
    notes: Sequence[str] = ()  # choices and deviations from the paper, copied into every results.json
    # claim id -> what was checked when the claim did not reproduce, and what was seen instead (the claims
    # report prints it under a claim that is not reproduced or undecided)
    findings: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # The variants a profile runs when --variants is not given (default: all); e.g. a quick subset of a grid.
    profile_variants: Mapping[str, Sequence[str]] = dataclasses.field(default_factory=dict)
    missing: Optional[str] = None  # set by `not_implemented`: why it cannot run yet
    # Runs of one configuration that differ only by seed train one traced GAN, reset to each seed's fresh build
    # (paper_runs.reuse): saves the tracing of every run but the first of a variant.
    reuse_compiled: bool = False
    # Why there is no `claims` profile (the claims report prints it where it lists what the battery leaves out).
    outside_battery: Optional[str] = None

    @classmethod
    def not_implemented(cls, name: str, description: str, reason: str = "not implemented yet") -> "Experiment":
        """A placeholder that `--list` shows honestly and that refuses to run."""
        return cls(name=name, description=description, missing=reason)

    @property
    def implemented(self) -> bool:
        return self.missing is None

    def defaults(self, profile: str) -> dict:
        """Every setting of `profile` (common runner settings included), before variants and overrides."""
        if profile not in self.profiles:
            raise UsageError(f"experiment {self.name!r} has no profile {profile!r}; valid: {', '.join(self.profiles)}")
        return {**COMMON_DEFAULTS, **self.profiles[profile]}

    def default_variants(self, profile: str) -> list:
        """The variants `profile` runs without --variants: `profile_variants[profile]`, else every variant."""
        return list(self.profile_variants.get(profile) or self.variants)

    def override_keys(self, profile: str) -> dict:
        """Keys an override may set, with a default of the right type: the profile's and the variants'."""
        keys = self.defaults(profile)
        for variant in self.variants.values():
            for key, value in variant.items():
                keys.setdefault(key, value)
        return keys


@dataclasses.dataclass(frozen=True)
class Paper:
    """A paper's experiments, by name."""

    name: str
    number: str
    title: str
    experiments: Sequence[Experiment]

    def get(self, name: str) -> Experiment:
        for experiment in self.experiments:
            if experiment.name == name:
                return experiment
        valid = ", ".join(e.name for e in self.experiments)
        raise UsageError(f"unknown experiment {name!r} for paper {self.name}; valid: {valid}")

    def listing(self) -> str:
        lines = [f"{self.name} ({self.number}): {self.title}"]
        width = max(len(e.name) for e in self.experiments)
        for experiment in self.experiments:
            status = "" if experiment.implemented else f"  [{experiment.missing}]"
            lines.append(f"  {experiment.name:<{width}}  {experiment.description}{status}")
        return "\n".join(lines)
