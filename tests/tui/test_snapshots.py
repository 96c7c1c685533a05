"""Snapshots at 80x24 with fixed data: the lesson list and the roadmap's quiz."""

from __future__ import annotations

from pathlib import Path

from lessons.store import Store
from tui.app import TutorApp

SIZE = (80, 24)


def test_lesson_list(snap_compare, tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.set_lesson_status("roadmap", "in progress")
    store.set_state("last_place", '{"lesson": "roadmap", "tab": "quiz", "tab_label": "Quiz"}')
    store.close()
    assert snap_compare(TutorApp(tmp_path, start_engine=False), terminal_size=SIZE)


def test_roadmap_quiz_after_a_wrong_answer(snap_compare, tmp_path: Path) -> None:
    async def answer_wrong(pilot) -> None:
        await pilot.press("c")  # "Start with 6.4.1 RNN Roadmap" → the Learn tab
        await pilot.press("q", "1", "h")

    assert snap_compare(
        TutorApp(tmp_path, start_engine=False), terminal_size=SIZE, run_before=answer_wrong
    )
