"""The mode-collapse leaderboard (issue #16): every generator cost of the loss registry, each with its own D
cost, plus the papers' named combinations (MM-unit, NS-unit, GAN-GP, DRAGAN-NS, WGAN-GP, Reg-GAN) and R3GAN's
RpGAN + R1 + R2, on every mode-collapse benchmark of the five papers, side by side.

    python -m paper_runs.leaderboard [--profile quick|claims] [--out results/leaderboard] [--jobs 2]
        [--datasets ring8,grid25] [--costs ns,mm] [--seeds 0,1,2,3,4] [--data-dir DIR] [--board-only]

Each board cell (cost x dataset) is one sweep of the ordinary runner: OUT/<dataset>/<profile>-<cost>-seed<s>/
results.json, resumable (finished runs are skipped, interrupted ones resume). LEADERBOARD.md and the heat
map are drawn from the results files only.

Modules: costs (the board's costs, derived from the registry), datasets (columns, settings, the run),
board (plan and execution), tables (scores, ranks, LEADERBOARD.md, heat map), cli.
"""
