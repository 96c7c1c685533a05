"""What the results of tasks that carry their config share: the JSON form.

A result's JSON holds the config it ran with (as a dict) and, beside it, the config's seed at
the top level, so anyone can rerun or recompute the run from the document alone.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any


class CarriesConfig:
    """Mixed into a result dataclass whose `config` field is a task config."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)  # type: ignore[call-overload]
        data["config"] = self.config.to_dict()  # type: ignore[attr-defined]
        data["seed"] = self.config.seed  # type: ignore[attr-defined]
        return data


def result_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A result's JSON without the config and its seed: the other fields, for from_dict."""
    return {key: value for key, value in data.items() if key not in ("config", "seed")}
