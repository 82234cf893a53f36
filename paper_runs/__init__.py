"""Paper experiments on top of tfgan_repro: one command line per paper, crash-proof results, claims, figures.

    python -m paper_runs.<paper> --list                 # sample_weighting many_paths moons mode_regularized landscape
    python -m paper_runs.<paper> <experiment> [--profile quick|full] [--seeds 0,1,2] [--out DIR] [key=value ...]
    python -m paper_runs.report OUT                     # claims table -> OUT/REPORT.md
    python -m paper_runs.figures OUT                    # redraw every figure from the results files
    python -m paper_runs.toy_claims [--out DIR]         # every CPU-checkable toy experiment, 3 seeds, then the report

One package per paper (sample_weighting, many_paths, moons, mode_regularized, landscape), one module per
experiment family in it holding the experiment's settings, the paper's numbers, its claims and its figures.
Shared machinery: runner (declarations, CLI, sweep), training (one GAN fit with checkpoints / resume),
builders (config -> models, optimizers, GAN, evaluation seeds), claims (the claim shapes that repeat and the
"learned the data" gate), summaries (grouping and medians over a sweep), mixture_gan (the toy-mixture run
000 and 004 share), config (typed overrides), results (files and schema), figures, report, toy_claims.

Adding an experiment is one `Experiment(...)` in its family's module, listed in the package's PAPER (see
runner's docstring).
"""

import importlib.abc
import importlib.machinery
import os
import sys

from tfgan_repro import xla_runtime

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Before any XLA compilation of the process: the toy loops run faster on XLA's classic CPU runtime.
xla_runtime.use_classic_cpu_runtime()

PAPERS = ("sample_weighting", "many_paths", "moons", "mode_regularized", "landscape")


class _UnknownPaperCommand(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """`python -m paper_runs.<typo>`: one error line and exit code 2 instead of Python's exit 1.

    Only while `python -m` is locating its module (sys.argv[0] is then "-m", per the CLI docs) and only for a
    `paper_runs.<name>` that no other finder knows; ordinary imports are untouched."""

    def find_spec(self, fullname, path=None, target=None):
        package, _, name = fullname.partition(".")
        if package != __name__ or not name or "." in name or sys.argv[:1] != ["-m"]:
            return None
        if importlib.machinery.PathFinder.find_spec(fullname, path) is not None:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def is_package(self, fullname):
        return False

    def get_code(self, fullname):  # what runpy executes as __main__
        message = f"python -m {fullname}: error: unknown paper {fullname.partition('.')[2]!r}; valid: {', '.join(PAPERS)}"
        return compile(f"import sys\nprint({message!r}, file=sys.stderr)\nraise SystemExit(2)\n", fullname, "exec")


sys.meta_path.append(_UnknownPaperCommand())
