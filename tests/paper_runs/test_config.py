"""Typed key=value overrides."""

import pytest

from paper_runs.config import ConfigError, config_hash, parse_overrides, parse_value

DEFAULTS = {"steps": 100, "lr": 1e-4, "ema": False, "loss": "ns", "hidden": [128, 128], "names": ["a"],
            "penalty": None, "empty": []}


def test_values_take_the_type_of_their_default():
    parsed = parse_overrides(
        ["steps=2000", "lr=2", "ema=true", "loss=mm_nsat", "hidden=256,64", "names=x,y", "penalty=wgan_gp"], DEFAULTS
    )
    assert parsed == {"steps": 2000, "lr": 2.0, "ema": True, "loss": "mm_nsat", "hidden": [256, 64],
                      "names": ["x", "y"], "penalty": "wgan_gp"}
    assert isinstance(parsed["lr"], float) and isinstance(parsed["steps"], int)


@pytest.mark.parametrize("text,expected", [("yes", True), ("0", False), ("False", False), ("ON", True)])
def test_bool_spellings(text, expected):
    assert parse_value("ema", text, False) is expected


def test_none_defaults_and_lists():
    assert parse_value("penalty", "none", None) is None
    assert parse_value("penalty", "3", None) == 3
    assert parse_value("penalty", "0.5", None) == 0.5
    assert parse_value("hidden", "[]", [1]) == []
    assert parse_value("hidden", "[4, 5]", [1]) == [4, 5]
    assert parse_value("empty", "a,b", []) == ["a", "b"]


@pytest.mark.parametrize(
    "item,message",
    [
        ("nosuch=1", "unknown override key 'nosuch'"),
        ("steps=1.5", "expected an int"),
        ("lr=fast", "expected a float"),
        ("ema=maybe", "expected a bool"),
        ("hidden=1,x", "expected an int"),
        ("steps", "not of the form key=value"),
    ],
)
def test_bad_overrides_name_the_problem(item, message):
    with pytest.raises(ConfigError, match=message):
        parse_overrides([item], DEFAULTS)


def test_config_hash_is_stable_and_order_free():
    assert config_hash({"a": 1, "b": [1, 2]}) == config_hash({"b": (1, 2), "a": 1})
    assert config_hash({"a": 1}) != config_hash({"a": 2})
