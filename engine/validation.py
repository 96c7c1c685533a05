"""Config validation for every engine task: one exception type, messages a learner can act on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any


class ConfigError(ValueError):
    """A config value the learner can fix; the message says how."""


def whole_number(name: str, value: Any, low: int, high: int) -> int:
    """Read `value` (an int, or text typed by a learner) as an integer in [low, high]."""
    if isinstance(value, bool):
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        if not text:
            raise ConfigError(f"{name} is empty: type a whole number from {low} to {high}")
        try:
            number = int(text, 10)
        except ValueError:
            raise ConfigError(
                f"{name} must be a whole number from {low} to {high}, not {_shorten(value)!r}"
            ) from None
    else:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    if not low <= number <= high:
        raise ConfigError(f"{name} must be from {low} to {high}, not {number}")
    return number


def build(cls: type, data: Mapping[str, Any]):
    """Make config `cls` from a mapping, naming any key it does not have."""
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"unknown setting {', '.join(unknown)}; expected some of {', '.join(sorted(known))}"
        )
    return cls(**data)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
