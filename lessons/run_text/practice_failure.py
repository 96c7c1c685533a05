"""The words for a practice failure mode: the broken run's score, for the run picker."""

from __future__ import annotations

from typing import Any

from lessons.practice_text import number


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    broken = result["runs"]["broken"]
    where = f"{config['mode']} on {config.get('dataset') or 'your CSV'}"
    if "scores" not in broken:  # recorded before the scores were split by part
        return f"{where}: broken relative MAE {number(broken['mase'])}"
    scores = broken["scores"]
    text = f"{where}: broken run's relative MAE {number(scores['validation']['rel_mae'])}"
    if "future" in scores:
        text += f" on validation, {number(scores['future']['rel_mae'])} on the future block"
    return text
