"""Loads TF-GAN 2.1.0's `eval` and `losses` modules on TensorFlow >= 2.16.

`import tensorflow_gan` fails there: its package `__init__` imports the Estimator layer, which needs the
removed `tf.estimator`. The `python/eval` and `python/losses` modules do not use it, so we register bare
parent packages (no `__init__` code run) and import just those two.

    from tfgan_repro.compat.tfgan import tfgan_eval, tfgan_losses
    tfgan_eval.frechet_classifier_distance_from_activations(a, b)
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
import types

_PACKAGE = "tensorflow_gan"


def _register_bare_package(name: str, path: str) -> None:
    if name in sys.modules:
        return
    module = types.ModuleType(name)
    module.__path__ = [path]
    module.__file__ = os.path.join(path, "__init__.py")
    module.__tfgan_repro_bare_package__ = True  # marks that its __init__ was deliberately not run
    sys.modules[name] = module


@functools.lru_cache(maxsize=None)
def load() -> tuple[types.ModuleType, types.ModuleType]:
    """Returns (tfgan_eval, tfgan_losses): TF-GAN's eval package and its losses_impl module."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("tensorflow-gan is not installed: pip install tensorflow-gan==2.1.0")
    root = list(spec.submodule_search_locations)[0]
    _register_bare_package(_PACKAGE, root)
    _register_bare_package(f"{_PACKAGE}.python", os.path.join(root, "python"))
    tfgan_eval = importlib.import_module(f"{_PACKAGE}.python.eval")
    tfgan_losses = importlib.import_module(f"{_PACKAGE}.python.losses.losses_impl")
    return tfgan_eval, tfgan_losses


def __getattr__(name: str):
    # Lazy module attributes: `from tfgan_repro.compat.tfgan import tfgan_eval` loads on first use.
    if name == "tfgan_eval":
        return load()[0]
    if name == "tfgan_losses":
        return load()[1]
    raise AttributeError(name)
