"""The words for a trace: each step by hand beside torch's."""

from __future__ import annotations

from typing import Any

from engine.trace import TraceResult
from lessons.words import counted

CELL_NAMES = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}


def lines(result: TraceResult) -> list[str]:
    config = result.config
    name = CELL_NAMES[config.cell]
    radius = (
        ""
        if result.spectral_radius is None
        else (f", W_hh spectral radius {result.spectral_radius:.3f}")
    )
    shown = [
        f"nn.{name}({config.features}, {config.hidden}), pattern {config.pattern}, "
        f"seed {config.seed}{radius}",
        f"each step by hand (PyTorch's equations) vs nn.{name}:",
    ]
    for step in result.steps:
        shown.append(f"t={step['t']:<3} diff={step['diff']:.1e}  echo={step['echo']:.3f}")
        for label, values in [
            *step.get("gates", {}).items(),
            ("c", step.get("c")),
            ("h", step["h"]),
        ]:
            if values is not None:
                shown.append(f"    {label} = [{' '.join(f'{v:+.3f}' for v in values)}]")
    shown.append(f"max_abs_diff: {result.max_abs_diff:.3e}")
    return shown


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    radius = result["spectral_radius"]
    return (
        f"{config['cell'].upper()} trace {config['pattern']}, {counted(config['steps'], 'step')}, "
        + (f"radius {radius:.2f}, " if radius is not None else "")
        + f"|by hand − torch| ≤ {result['max_abs_diff']:.1e}"
    )
