"""The words for a practice failure mode: the broken run's score, for the run picker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lessons.practice_text import number


def source(config: dict[str, Any]) -> str:
    """The series a run trained on: the learner's CSV when one was set (a config holds the
    default dataset's name beside it, but the CSV is what was read)."""
    csv = config.get("csv")
    if csv:
        column = config.get("column")
        return f"your CSV {Path(csv).name}" + (f" (column {column})" if column else "")
    return config.get("dataset") or "your CSV"


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    broken = result["runs"]["broken"]
    where = f"{config['mode']} on {source(config)}"
    if "scores" not in broken:  # recorded before the scores were split by part
        return f"{where}: broken relative MAE {number(broken['mase'])}"
    scores = broken["scores"]
    text = f"{where}: broken run's relative MAE {number(scores['validation']['rel_mae'])}"
    if "future" in scores:
        text += f" on validation, {number(scores['future']['rel_mae'])} on the future block"
    return text
