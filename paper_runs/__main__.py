"""`python -m paper_runs <paper> <experiment> ...`: the same as `python -m paper_runs.<paper> <experiment> ...`,
with an error line (exit code 2) for an unknown paper."""

from __future__ import annotations

import importlib
import sys
from typing import Optional, Sequence

from paper_runs import PAPERS


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(f"usage: python -m paper_runs <paper> (<experiment> ... | --list); papers: {', '.join(PAPERS)}")
        return 0 if argv else 2
    if argv[0] not in PAPERS:
        print(f"python -m paper_runs: error: unknown paper {argv[0]!r}; valid: {', '.join(PAPERS)}", file=sys.stderr)
        return 2
    from paper_runs import runner

    return runner.main(importlib.import_module(f"paper_runs.{argv[0]}").PAPER, argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
