"""The words for the clipping demo: both races, then what clipping changed."""

from __future__ import annotations

from typing import Any

from engine.clipping import ClipDemoResult
from engine.race import RaceProgress
from lessons.race_text import clipping_story
from lessons.run_text import race


def lines(result: ClipDemoResult) -> list[str]:
    return [
        "clipping off:",
        *race.lines(result.unclipped),
        "",
        "clipping on:",
        *race.lines(result.clipped),
        "",
        *clipping_story(result),
    ]


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    return (
        f"clipping demo, {result['unclipped']['task']} at lr {config['lr']:g}: off "
        f"{race.verdicts(result['unclipped'])}; on {race.verdicts(result['clipped'])}"
    )


def progress_line(event: RaceProgress) -> str:
    return race.progress_line(event)  # each half is a race, and the race's line names the half
