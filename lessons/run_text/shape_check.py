"""The words for a shape check (6.4.1)."""

from __future__ import annotations

from typing import Any

from engine.shape_check import ShapeCheckResult
from lessons.run_text.shapes import shape_text


def lines(result: ShapeCheckResult) -> list[str]:
    # Exactly the syllabus's three lines: scripts compare against them.
    return result.lines()


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    return (
        f"GRU on {shape_text(result['sequence_shape'])}: outputs "
        f"{shape_text(result['outputs_shape'])}, hidden {shape_text(result['hidden_shape'])}"
    )
