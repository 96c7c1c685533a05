"""The one path from a finished engine run to the learner's record, used by every panel.

Recording, the prediction that cites the run, the RunRecorded message (notes list the run), the
lesson's status by its declared rule, and the notice when that just made it "passed" (which the
quiz's answers share, through lesson_changed): nine panels
used to do these steps themselves and had drifted (one never told the notes, two never updated
the status). A panel calls `record` and shows the run's label; nothing else.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from lessons import progress
from lessons.catalog import Lesson
from tui.messages import RunRecorded
from tui.services import services


def record(
    panel: Widget,
    task: str,
    config: dict[str, Any],
    data: dict[str, Any],
    prediction: tuple[str, bool] | None = None,
) -> int | None:
    """Store a run of `task` in `panel.lesson` (with the learner's prediction of it, as the
    answer text and whether it was right); the run's id, or None while the record is stuck."""
    store = services(panel).store
    lesson = panel.lesson
    run_id = store.record_run(lesson.id, task, config, data, {"torch": torch_version(data)})
    if prediction is not None:
        answer, right = prediction
        store.record_attempt(lesson.id, "prediction", answer, right, cited_runs=[run_id])
    panel.post_message(RunRecorded(run_id))
    lesson_changed(panel, lesson)
    return run_id


def lesson_changed(panel: Widget, lesson: Lesson) -> None:
    """After anything the learner did in `lesson`: its status by its rule, and a word when that
    just made it "passed" (a run, a quiz answer or a self-rating)."""
    store = services(panel).store
    before = store.lesson_status(lesson.id)
    if progress.refresh_status(store, lesson) == "passed" and before != "passed":
        panel.notify(f"{lesson.label} passed.", title="Lesson passed", markup=False)


def torch_version(data: dict[str, Any]) -> str:
    """The torch version a result reports (a result made of several runs reports it inside)."""
    if "torch_version" in data:
        return str(data["torch_version"])
    for part in data.values():
        if isinstance(part, dict) and "torch_version" in part:
            return str(part["torch_version"])
    return ""
