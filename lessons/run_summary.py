"""One line per recorded run: the numbers a learner would quote from it."""

from __future__ import annotations

from lessons import run_text
from lessons.store import Run


def summarize(run: Run) -> str:
    """In the words of the run's task (see lessons.run_text)."""
    return run_text.summary(run.task, run.config, run.result)
