"""The learner's record as the UI sees it: reads from SQLite directly, writes through the writer.

Reads never wait (a WAL reader does not wait for writers); writes go to the RecordWriter's
thread, so the event loop never waits on a lock for more than WRITE_WAIT, and a write that
fails is retried there instead of crashing the app. A write that has not gone through within
WRITE_WAIT returns None (a run's number is then not known yet) and stays queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lessons.store import Attempt, ExerciseCheck, Revision, Run, ShapeMistake, Store
from tui.record_writer import RecordWriter

WRITE_WAIT = 0.08  # seconds: a key press still answers within 100 ms when the record is stuck


def run_label(run_id: int | None) -> str:
    """How a run is named on screen: its number, or that the record has not taken it yet."""
    return "(not in your record yet)" if run_id is None else f"#{run_id}"


class Record:
    def __init__(self, store: Store, writer: RecordWriter) -> None:
        self._store = store
        self.writer = writer
        self.path: Path = store.path
        self.notices = store.notices

    def close(self) -> None:
        """Close the app's read connection, on the thread that opened it. The writer closes on
        its own (it may wait seconds for a stuck record, so the app runs it off the loop)."""
        self._store.close()

    # ---- writes ----------------------------------------------------------------------------

    def record_run(
        self,
        lesson: str,
        task: str,
        config: dict[str, Any],
        result: dict[str, Any],
        versions: dict[str, str] | None = None,
    ) -> int | None:
        return self.writer.call(
            lambda store: store.record_run(lesson, task, config, result, versions), WRITE_WAIT
        )

    def record_attempt(
        self,
        lesson: str,
        item: str,
        answer: str,
        correct: bool | None,
        rating: str | None = None,
        hint_used: bool = False,
        cited_runs: Sequence[int | None] = (),
    ) -> int | None:
        cited = [run for run in cited_runs if run is not None]
        return self.writer.call(
            lambda store: store.record_attempt(
                lesson, item, answer, correct, rating, hint_used, cited
            ),
            WRITE_WAIT,
        )

    def record_exercise_check(
        self,
        exercise: str,
        lesson: str,
        passed: bool,
        first_failure: str,
        hint_used: bool,
        code: str,
        data: dict[str, Any] | None = None,
    ) -> int | None:
        return self.writer.call(
            lambda store: store.record_exercise_check(
                exercise, lesson, passed, first_failure, hint_used, code, data
            ),
            WRITE_WAIT,
        )

    def record_mistake(
        self,
        lesson: str,
        source: str,
        task: str,
        config: dict[str, Any],
        field: str,
        answer: str,
        item: str = "",
    ) -> int | None:
        return self.writer.call(
            lambda store: store.record_mistake(lesson, source, task, config, field, answer, item),
            WRITE_WAIT,
        )

    def cite(self, field: str, run_id: int) -> None:
        self.writer.call(lambda store: store.cite(field, run_id), WRITE_WAIT)

    def uncite(self, field: str, run_id: int) -> None:
        self.writer.call(lambda store: store.uncite(field, run_id), WRITE_WAIT)

    def record_export(self, kind: str, path: str) -> None:
        self.writer.call(lambda store: store.record_export(kind, path), WRITE_WAIT)

    def set_lesson_status(self, lesson: str, status: str) -> None:
        self.writer.call(lambda store: store.set_lesson_status(lesson, status), WRITE_WAIT)

    def set_state(self, key: str, value: str) -> None:
        self.writer.call(lambda store: store.set_state(key, value), WRITE_WAIT)

    # ---- notes -----------------------------------------------------------------------------

    def note_for_editing(self, field: str) -> str:
        """The note as the learner last wrote it: unsaved text if there is any."""
        unsaved = self.writer.unsaved(field)
        if unsaved is not None:
            return unsaved
        text, revision = self._store.note_and_revision(field)
        self.writer.loaded(field, revision)
        return text

    def note(self, field: str) -> str:
        unsaved = self.writer.unsaved(field)
        return self._store.note(field) if unsaved is None else unsaved

    def notes(self) -> dict[str, str]:
        return {**self._store.notes(), **self.writer.unsaved_notes()}

    # ---- reads -----------------------------------------------------------------------------

    def runs(self, lesson: str | None = None, task: str | None = None) -> list[Run]:
        return self._store.runs(lesson, task)

    def runs_by_id(self, ids: Sequence[int]) -> list[Run]:
        return self._store.runs_by_id(ids)

    def attempts(self, lesson: str | None = None, item: str | None = None) -> list[Attempt]:
        return self._store.attempts(lesson, item)

    def exercise_checks(
        self, exercise: str | None = None, lesson: str | None = None
    ) -> list[ExerciseCheck]:
        return self._store.exercise_checks(exercise, lesson)

    def passed_exercises(self) -> dict[str, str]:
        return self._store.passed_exercises()

    def mistakes(self, lesson: str | None = None) -> list[ShapeMistake]:
        return self._store.mistakes(lesson)

    def revisions(self, field: str) -> list[Revision]:
        return self._store.revisions(field)

    def citations(self, field: str) -> list[Run]:
        return self._store.citations(field)

    def exports(self, kind: str | None = None) -> list[tuple[str, str, float]]:
        return self._store.exports(kind)

    def lesson_status(self, lesson: str) -> str:
        return self._store.lesson_status(lesson)

    def get_state(self, key: str, default: str | None = None) -> str | None:
        return self._store.get_state(key, default)
