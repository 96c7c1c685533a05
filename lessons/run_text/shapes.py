"""The words for a shape-lab run (6.4.2): every shape, labelled, and the parameter count."""

from __future__ import annotations

from typing import Any

from engine.shapes import ShapesResult
from lessons.shape_feedback import final_state_lines


def shape_text(values: list[int]) -> str:
    """A shape as torch prints it: (2, 3, 4)."""
    return str(tuple(values))


def lines(result: ShapesResult) -> list[str]:
    shown = [f"model = {result.config.module_call()}"]
    for name, shape in result.shapes.items():
        labels = ", ".join(result.labels[name])
        shown.append(f"{name + ':':<8}{tuple(shape)!s:<16}[{labels}]")
    shown.append(
        f"parameters: {result.total_parameters} (sum of p.numel()); "
        f"by the formula: {result.formula_total}"
    )
    for row in result.formula:
        shown.append(f"  layer {row.layer} {row.direction}: {row.working} = {row.count}")
    for parameter in result.parameters:
        shown.append(
            f"  {parameter['name']:<24}{tuple(parameter['shape'])!s:<12}{parameter['numel']}"
        )
    if result.final_states:
        shown += final_state_lines(result)
    return shown


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    shapes = result["shapes"]
    states = ", ".join(
        f"{name} {shape_text(shapes[name])}" for name in ("h_n", "c_n") if name in shapes
    )
    return (
        f"{config['cell'].upper()} on {shape_text(shapes['input'])}: output "
        f"{shape_text(shapes['output'])}, {states}; {result['total_parameters']} parameters"
    )
