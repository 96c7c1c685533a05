"""Human-readable output of `rnn-tutor run TASK` (without --json): plain lines, quotable."""

from __future__ import annotations

from typing import Any

from engine.shape_check import ShapeCheckResult
from engine.shape_failures import FailureResult
from engine.shapes import ShapesResult
from engine.trace import TraceResult
from lessons.failure_text import TITLES, explain


def shape_check(data: dict[str, Any]) -> list[str]:
    # Exactly the syllabus's three lines: scripts compare against them.
    return ShapeCheckResult.from_dict(data).lines()


def shapes(data: dict[str, Any]) -> list[str]:
    result = ShapesResult.from_dict(data)
    lines = [f"model = {result.config.module_call()}"]
    for name, shape in result.shapes.items():
        labels = ", ".join(result.labels[name])
        lines.append(f"{name + ':':<8}{tuple(shape)!s:<16}[{labels}]")
    lines.append(
        f"parameters: {result.total_parameters} (sum of p.numel()); "
        f"by the formula: {result.formula_total}"
    )
    for row in result.formula:
        lines.append(f"  layer {row.layer} {row.direction}: {row.working} = {row.count}")
    for parameter in result.parameters:
        lines.append(
            f"  {parameter['name']:<24}{tuple(parameter['shape'])!s:<12}{parameter['numel']}"
        )
    return lines


def shape_failure(data: dict[str, Any]) -> list[str]:
    result = FailureResult.from_dict(data)
    lines = [TITLES[result.config.mode] + ":", *result.code.splitlines(), ""]
    if result.raised:
        lines.append(f"RuntimeError: {result.error}")
    else:
        lines.append("no error; " + ", ".join(f"{k} {tuple(v)}" for k, v in result.shapes.items()))
    return [*lines, "", explain(result)]


def trace(data: dict[str, Any]) -> list[str]:
    result = TraceResult.from_dict(data)
    config = result.config
    lines = [
        f"nn.RNN({config.features}, {config.hidden}), pattern {config.pattern}, seed "
        f"{config.seed}, W_hh spectral radius {result.spectral_radius:.3f}",
        "h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), by hand vs nn.RNN:",
    ]
    for step in result.steps:
        h = " ".join(f"{value:+.3f}" for value in step["h"])
        lines.append(f"t={step['t']:<3} diff={step['diff']:.1e}  echo={step['echo']:.3f}  h=[{h}]")
    lines.append(f"max_abs_diff: {result.max_abs_diff:.3e}")
    return lines


PRINTERS = {
    "shape-check": shape_check,
    "shapes": shapes,
    "shape-failure": shape_failure,
    "trace": trace,
}
