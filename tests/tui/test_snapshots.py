"""Snapshots with fixed data: the lesson list and the roadmap's quiz at 80x24, the shape lab at
60x20, the race's fields under NO_COLOR."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from lessons.store import Store
from tui.app import TutorApp

from .helpers import open_lesson

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


def test_shape_lab_at_60x20(snap_compare, tmp_path: Path) -> None:
    """The smallest screen: rows of fields wrap onto more lines, the tab names are cut short."""

    async def open_lab(pilot) -> None:
        await open_lesson(pilot, "rnn-basics", "lab")
        field = pilot.app.screen.query_one("#guess-output", Input)
        field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(
        TutorApp(tmp_path, start_engine=False), terminal_size=(60, 20), run_before=open_lab
    )


def test_race_fields_under_no_color(snap_compare, tmp_path: Path, monkeypatch) -> None:
    """NO_COLOR: the fields are underlined, the one with the keyboard reversed."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def focus_a_field(pilot) -> None:
        await open_lesson(pilot, "lstm-gru", "race")
        field = pilot.app.screen.query_one("#race-steps", Input)
        field.cursor_blink = False
        field.focus()
        await pilot.pause()

    assert snap_compare(
        TutorApp(tmp_path, start_engine=False), terminal_size=SIZE, run_before=focus_a_field
    )
