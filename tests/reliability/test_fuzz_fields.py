"""Every text and number field of every screen takes hostile input: a clear inline message or
the text kept verbatim, never an exception (run_test re-raises any)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from lessons import catalog
from tests.tui.helpers import open_export_dialog, show_tab
from tui.app import TutorApp
from tui.panels.notes import NotesPanel
from tui.widgets.tabs import TabPage

from .fuzz import hostile

SEED = 20261125
VALUES = hostile(SEED, 0)  # the fixed hostile cases; `make soak` adds random mixtures
SUBMITTED = ["[/]", "x" * 10_000, "\x00\x1b", "2.5"]  # also pressed Enter on


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in catalog.lessons()])
async def test_every_field_of_a_lesson(tmp_path: Path, lesson_id: str) -> None:
    await fuzz_lesson(tmp_path, lesson_id, VALUES)


@pytest.mark.soak
@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in catalog.lessons()])
async def test_every_field_with_random_mixtures(tmp_path: Path, lesson_id: str) -> None:
    await fuzz_lesson(tmp_path, lesson_id, hostile(SEED, 60)[len(VALUES) :])


async def fuzz_lesson(tmp_path: Path, lesson_id: str, values: list[str]) -> None:
    app = TutorApp(tmp_path, start_engine=False)  # no engine: runs fail with a message
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_lesson(lesson_id)
        await pilot.pause()
        screen = app.screen
        for pane in screen.query(TabPage):
            await show_tab(pilot, pane.id)
            for field in pane.query(Input):
                if not field.display:
                    continue
                for value in values:
                    field.value = value
                await pilot.pause()
                for value in SUBMITTED:
                    field.value = value
                    field.focus()
                    await pilot.press("enter")
            for area in pane.query(TextArea):
                if not (area.id or "").startswith("note-"):
                    continue  # the exercise's code editor: its file, not a note
                key = (area.id or "").removeprefix("note-")
                for value in values:
                    area.load_text(value)
                    await pilot.pause()  # the change reaches the notes panel
                    for panel in screen.query(NotesPanel):
                        panel.flush()
                    assert app.store.note(key) == value  # verbatim


async def test_the_export_dialog_takes_any_path(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_export_dialog(pilot)
        field = dialog.query_one(Input)
        for value in VALUES:
            if value.strip() and "/" not in value and "\x00" not in value:
                continue  # plain names would really be written; the point is hostile paths
            field.value = value
            await pilot.press("enter")
            assert app.screen is dialog  # refused with a message, still open
            assert str(dialog.query_one("#export-message").content)
