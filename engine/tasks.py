"""The registry of engine tasks: a name, its config class, and the function that runs it.

The same entry serves the engine process, the command line and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from engine import (
    clipping,
    horizon,
    practice,
    practice_failures,
    race,
    shape_check,
    shape_failures,
    shapes,
    trace,
)
from engine.control import Control, Emit, no_emit
from engine.validation import ConfigError


@dataclass(frozen=True)
class Task:
    name: str
    config: type
    module: str  # imported only when the task runs, because task modules may import torch

    def run(
        self,
        config: dict[str, Any],
        emit: Emit = no_emit,
        control: Control | None = None,
    ) -> dict[str, Any]:
        parsed = self.config.from_dict(config)
        result = import_module(self.module).run(parsed, emit=emit, control=control or Control())
        return result.to_dict()


TASKS: dict[str, Task] = {
    "shape-check": Task("shape-check", shape_check.ShapeCheckConfig, "engine.shape_check"),
    "shapes": Task("shapes", shapes.ShapesConfig, "engine.shapes"),
    "shape-failure": Task("shape-failure", shape_failures.FailureConfig, "engine.shape_failures"),
    "trace": Task("trace", trace.TraceConfig, "engine.trace"),
    "race": Task("race", race.RaceConfig, "engine.race"),
    "clipping": Task("clipping", clipping.ClipDemoConfig, "engine.clipping"),
    "horizon": Task("horizon", horizon.HorizonConfig, "engine.horizon"),
    "practice": Task("practice", practice.PracticeConfig, "engine.practice"),
    "series": Task("series", practice.PracticeConfig, "engine.series_view"),
    "practice-failure": Task(
        "practice-failure", practice_failures.PracticeFailureConfig, "engine.practice_failures"
    ),
}


def get_task(name: str) -> Task:
    try:
        return TASKS[name]
    except KeyError:
        raise ConfigError(f"unknown task {name!r}; known tasks: {', '.join(TASKS)}") from None
