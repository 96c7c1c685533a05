"""The words for a shape mistake run for real (6.4.2's failure modes)."""

from __future__ import annotations

from typing import Any

from engine.shape_failures import FailureResult
from lessons.failure_text import TITLES, explain
from lessons.run_text.shapes import shape_text


def lines(result: FailureResult) -> list[str]:
    shown = [TITLES[result.config.mode] + ":", *result.code.splitlines(), ""]
    if result.raised:
        shown.append(f"RuntimeError: {result.error}")
    else:
        shown.append("no error; " + ", ".join(f"{k} {tuple(v)}" for k, v in result.shapes.items()))
    return [*shown, "", explain(result)]


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    if result["raised"]:
        outcome = result["error"]
    else:
        shapes = result["shapes"]
        outcome = (
            f"no error; output {shape_text(shapes['output'])}, h_n {shape_text(shapes['h_n'])}"
        )
    return f"{config['mode']}: {outcome}"
