"""python -m paper_runs.leaderboard: run (or resume) the board and write LEADERBOARD.md (see the package)."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from paper_runs.leaderboard.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
