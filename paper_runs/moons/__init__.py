"""002 "Addressing mode collapse in GANs" (mini project, Moons): experiments.

    python -m paper_runs.moons --list
    python -m paper_runs.moons moons --seeds 0,1,2

Modules: two_moons (the moons experiment: settings, claims, the run, figures).
"""

from paper_runs.moons.two_moons import MOONS_EXPERIMENT
from paper_runs.runner import Paper

PAPER = Paper(
    name="moons",
    number="002",
    title="Addressing mode collapse in GANs (mini project, two moons)",
    experiments=[MOONS_EXPERIMENT],
)
