"""A lesson made of existing tab kinds is one content file: written to a folder of its own, it
opens, every tab builds, and its pass rule marks it passed. Nothing in tui/ names it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from lessons import catalog, progress
from tests.tui.helpers import engine_ready, open_lesson, show_tab, showing, type_text, until
from tui.app import TutorApp
from tui.panels.notes import NotesPanel
from tui.screens.lesson import lesson_screen

LESSON = '''
id = "gru-in-brief"
section = "extra"
title = "A GRU in brief"
purpose = "A worked example of a lesson made of existing parts"
order = 6
built = true
task = "shape-check"
evidence = ["hidden"]

body = """
A GRU keeps one state, h, and rewrites it at every step. Run one below.
"""

[default_config]
batch = 4

[[tabs]]
kind = "learn"

[[tabs]]
kind = "shape-check"
label = "Run one"

[[tabs]]
kind = "quiz"

[[tabs]]
kind = "notes"
runs = true

[[quiz]]
id = "state-count"
kind = "choice"
prompt = "How many state tensors does nn.GRU return besides its output?"
options = ["none", "one: h_n", "two: h_n and c_n"]
answer = 2
hint = "Only the LSTM has a cell state."
explanation = "A GRU returns output and h_n; an LSTM adds c_n."

[pass]
quiz = "all"
notes = ["hidden"]
'''


@pytest.fixture
def extra_lesson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "gru-in-brief.toml").write_text(LESSON)
    monkeypatch.setenv(catalog.CONTENT_VAR, str(folder))
    catalog.lessons.cache_clear()
    yield catalog.lesson("gru-in-brief")
    monkeypatch.delenv(catalog.CONTENT_VAR)
    catalog.lessons.cache_clear()
    lesson_screen.cache_clear()


async def test_a_lesson_from_a_content_file_alone(tmp_path: Path, extra_lesson) -> None:
    app = TutorApp(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await engine_ready(app)
        screen = await open_lesson(pilot, "gru-in-brief")
        assert showing(screen, "gru-in-brief")
        assert [tab.label for tab in screen.TABS] == ["Learn", "Run one", "Quiz", "Notes"]
        for tab in screen.TABS:
            await show_tab(pilot, tab.id)
            assert screen.query_one(f"#{tab.id}").children  # its panel was built
        # The walk ended on the Notes tab (its panel, not a note): the quiz, its right answer,
        # the notes again.
        await pilot.press("q", "2", "e")
        await until(pilot, lambda: isinstance(app.focused, NotesPanel))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, TextArea))
        assert progress.refresh_status(app.store, extra_lesson) == "in progress"  # no note yet
        await type_text(pilot, "h is the memory")
        assert app.store.writer.flush(10)
        assert progress.refresh_status(app.store, extra_lesson) == "passed"
