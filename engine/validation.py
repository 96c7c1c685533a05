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


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def flag(name: str, value: Any) -> bool:
    """Read a yes/no setting: a bool, or text such as true/false, yes/no, on/off, 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def one_of(name: str, value: Any, options: tuple[str, ...]) -> str:
    """Read a choice among `options`, ignoring case and surrounding spaces."""
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in options:
        raise ConfigError(f"{name} must be one of {', '.join(options)}, not {value!r}")
    return text


def decimal(name: str, value: Any, low: float, high: float) -> float:
    """Read a finite number in [low, high] (an int, float, or text)."""
    if isinstance(value, bool):
        raise ConfigError(f"{name} must be a number, not {value!r}")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{name} must be a number from {low:g} to {high:g}, not {value!r}"
        ) from None
    if not low <= number <= high:  # also refuses nan
        raise ConfigError(f"{name} must be from {low:g} to {high:g}, not {number:g}")
    return number


BUDGET_CAP_VAR = "RNN_TUTOR_BUDGET_CAP"


def capped(value: int) -> int:
    """Training budgets (race steps, practice epochs) capped by RNN_TUTOR_BUDGET_CAP, if set.

    A knob for tests that drive the whole app (the monkey, the soak): real training, tiny budget.
    """
    import os

    cap = os.environ.get(BUDGET_CAP_VAR, "").strip()
    return min(value, int(cap)) if cap.isdigit() and int(cap) > 0 else value
