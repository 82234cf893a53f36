"""Run configurations: typed `key=value` overrides on top of an experiment's defaults.

An override's type is the type of the default it replaces:

    int     `steps=2000`            (not `2000.5`)
    float   `lr=1e-3`, `lr=2`
    bool    `ema=true` / false / 1 / 0 / yes / no
    str     `generator_loss=mm_nsat`
    list    `hidden=256,256`        (elements typed like the default's first element; `[]` or empty = [])
    None    `penalty=none` -> None; otherwise an int, a float, or else the string itself

Unknown keys and values of the wrong type raise `ConfigError` with one line that names the key, the value
and what was expected.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping, Sequence

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")
_NONE = ("none", "null")


# Settings every experiment has (an experiment's profile may change them).
COMMON_DEFAULTS: dict[str, Any] = {
    "steps_per_execution": 50,
    "log_every": 50,
    "eval_every": 0,
    "checkpoint_every": 1000,
    "strategy": "default",
    "data_dir": "",
    # Each execution of steps_per_execution train steps is one compiled loop (tfgan_repro.fused). true: the GAN
    # XLA-compiles it where that pays (small nets on one replica: jit_compile="auto"); false: never.
    "jit_compile": True,
    # Keep the logs (and a Probe's G outputs) of every k-th step inside an execution: log_every / eval_every
    # then need only be multiples of k, not of steps_per_execution. 0: off.
    "record_every": 0,
}
# Settings that do not change a run's numbers: left out of the run id and of the "same config?" test. How many
# steps an execution runs, and where inside it logs are recorded, leave the trajectory as it is (tests/core/
# test_fused.py): a run resumes or is skipped whatever they were.
RUNTIME_KEYS = ("data_dir", "checkpoint_every", "steps_per_execution", "record_every")


class ConfigError(ValueError):
    """Bad user input about a configuration (unknown key, wrong value type)."""


def _parse_scalar(key: str, text: str, default: Any) -> Any:
    if isinstance(default, bool):  # before int: bool is an int subclass
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ConfigError(f"override {key}={text!r}: expected a bool (true/false)")
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"override {key}={text!r}: expected an int") from None
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"override {key}={text!r}: expected a float") from None
    if isinstance(default, str):
        return text
    if default is None:
        lowered = text.strip().lower()
        if lowered in _NONE:
            return None
        for cast in (int, float):
            try:
                return cast(text)
            except ValueError:
                pass
        return text
    raise ConfigError(f"override {key}={text!r}: the default {default!r} has a type overrides cannot set")


def parse_value(key: str, text: str, default: Any) -> Any:
    """`text` converted to the type of `default` (see the module docstring)."""
    if isinstance(default, (list, tuple)):
        stripped = text.strip()
        if stripped in ("", "[]"):
            return []
        stripped = stripped.removeprefix("[").removesuffix("]")
        element_default = default[0] if len(default) else ""
        return [parse_value(key, part.strip(), element_default) for part in stripped.split(",")]
    return _parse_scalar(key, text, default)


def parse_overrides(items: Sequence[str], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """`["key=value", ...]` -> {key: typed value}. Every key must exist in `defaults`."""
    overrides: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise ConfigError(f"override {item!r} is not of the form key=value")
        key, text = item.split("=", 1)
        key = key.strip()
        if key not in defaults:
            known = ", ".join(sorted(defaults))
            raise ConfigError(f"unknown override key {key!r}; valid keys: {known}")
        overrides[key] = parse_value(key, text, defaults[key])
    return overrides


# Sizes and rates that only make sense above zero (0 would crash a build or abort natively, e.g. a zero-width
# latent). Sample counts are absent on purpose: 0 there means "none" (no 2-D views, no FID) or "all".
POSITIVE_KEYS = ("batch_size", "latent_dim", "n_dis", "n_gen", "layers", "image_size", "width", "lr", "g_lr", "d_lr",
                 "search_lr")
POSITIVE_LIST_KEYS = ("hidden", "d_hidden", "g_hidden")  # layer widths: may be empty, never 0


def check_positive(config: Mapping[str, Any]) -> list[str]:
    """Problems with settings that must be positive (empty when there are none)."""
    problems = [f"{key} must be > 0, got {config[key]}" for key in POSITIVE_KEYS
                if isinstance(config.get(key), (int, float)) and not config[key] > 0]
    problems += [f"{key} must hold widths >= 1, got {config[key]}" for key in POSITIVE_LIST_KEYS
                 if isinstance(config.get(key), (list, tuple)) and any(not width >= 1 for width in config[key])]
    return problems


def normalise(value: Any) -> Any:
    """Tuples to lists, recursively, so a config compares equal to its JSON round trip."""
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    return value


def config_hash(config: Mapping[str, Any], length: int = 8) -> str:
    """A short stable hash of a configuration (sorted JSON)."""
    text = json.dumps(normalise(dict(config)), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
