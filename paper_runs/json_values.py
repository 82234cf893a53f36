"""How the suite writes values into JSON: plain types, float precision, and a compact, readable layout.

`json_text` is the text of every results, claims and series file (`results.atomic_write_json` writes it).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np


def round_floats(value: Any, digits: int = 6) -> Any:
    """Floats (also inside lists and dicts) rounded to `digits` significant digits, for readable claim values."""
    if isinstance(value, list):
        return [round_floats(v, digits) for v in value]
    if isinstance(value, dict):
        return {key: round_floats(v, digits) for key, v in value.items()}
    if isinstance(value, float) and value != 0.0 and math.isfinite(value):
        return float(f"{value:.{digits}g}")
    return value


_FLOAT32_TINY, _FLOAT32_MAX = float(np.finfo(np.float32).tiny), float(np.finfo(np.float32).max)


def at_float32_precision(value: Any) -> Any:
    """Floats (also inside lists and dicts) written with the fewest digits that give back the same float32.

    Training and its logs run in float32: the float64 digits past float32's ~7 are noise, and dropping them
    makes a results file of long series about a fifth smaller. Values outside float32's normal range keep
    every digit."""
    if isinstance(value, list):
        return [at_float32_precision(v) for v in value]
    if isinstance(value, dict):
        return {key: at_float32_precision(v) for key, v in value.items()}
    if isinstance(value, float) and _FLOAT32_TINY <= abs(value) <= _FLOAT32_MAX:
        return float(str(np.float32(value)))
    return value


def to_jsonable(value: Any) -> Any:
    """Numpy scalars and arrays, tuples and Paths to plain JSON values; non-finite floats to None."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, Path):
        return str(value)
    return value


_SCALAR = r"(?:-?[0-9][0-9.eE+-]*|null|true|false)"
# An indented list of scalars only ("[\n  1,\n  2\n ]"): its tokens cannot sit inside a JSON string, which
# holds no raw newline.
_SCALAR_LIST = re.compile(r"\[\n\s*" + _SCALAR + r"(?:,\n\s*" + _SCALAR + r")*\n\s*\]")
_INLINE_LIST = r"\[" + _SCALAR + r"(?:, " + _SCALAR + r")*\]"
# An indented list of such lists once inlined (a time series [[step, value], ...], a list of snapshots).
_LIST_OF_INLINE_LISTS = re.compile(r"\[\n\s*" + _INLINE_LIST + r"(?:,\n\s*" + _INLINE_LIST + r")*\n\s*\]")


def _inline_scalar_lists(text: str) -> str:
    """Indented JSON with every list of plain scalars, and every list of those, on one line: a time series
    [[step, value], ...] takes one line, not four per point, which keeps results files small enough to
    commit."""
    text = _SCALAR_LIST.sub(lambda match: "[" + ", ".join(re.split(r",\s*", match.group(0)[1:-1].strip())) + "]", text)
    return _LIST_OF_INLINE_LISTS.sub(lambda match: "[" + ", ".join(re.findall(_INLINE_LIST, match.group(0))) + "]",
                                     text)


def json_text(data: Any) -> str:
    """JSON of `data` (sorted keys, 1-space indent, lists of numbers on one line, NaN/Inf written as null)."""
    return _inline_scalar_lists(json.dumps(to_jsonable(data), indent=1, sort_keys=True, allow_nan=False)) + "\n"
