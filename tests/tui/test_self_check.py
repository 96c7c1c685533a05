"""The self-check in the app: review with keys only, cite a run in a note, see the pass check
change, export the portfolio (and not overwrite it without asking)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from engine.tasks import get_task
from lessons import catalog
from lessons.store import Store
from tui.app import TutorApp
from tui.screens.cite_picker import CitePicker
from tui.screens.export_dialog import ExportDialog

from .helpers import open_export_dialog, open_lesson, show_tab, shown, type_text, until


async def test_review_cite_check_and_export(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    config = {"mode": "time-major"}
    run_id = store.record_run(
        "rnn-basics", "shape-failure", config, get_task("shape-failure").run(config)
    )
    store.close()

    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("self-check")
        await pilot.pause()
        screen = app.screen
        # Review: the first question is 6.4.1's first; answer it right with its key.
        first = catalog.lesson("roadmap").quiz[0]
        assert first.prompt in shown(screen.query_one("#quiz-prompt", Static))
        await pilot.press(str(first.answer))
        assert shown(screen.query_one("#quiz-feedback", Static)).startswith("Right")

        # Notes: write the failure-mode note, then cite the failure run from the picker.
        await pilot.press("e")
        area = screen.query_one("#note-failure_mode", TextArea)
        area.focus()
        await type_text(pilot, "time-major data read as batch [/]")
        await pilot.press("ctrl+t")  # cites from inside the note
        assert isinstance(app.screen, CitePicker)
        options = app.screen.query_one(OptionList)
        assert f"#{run_id}" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert f"cites #{run_id}" in shown(screen.query_one("#cites-failure_mode", Static))
        # Back in the note the citation went into, the cursor at its end: typing goes on.
        await pilot.pause()
        assert app.focused is area and area.cursor_location == area.document.end

        # Pass check: the failure criterion now holds; the whole check does not yet.
        await pilot.press("escape", "k")
        await pilot.pause()
        table = shown(screen.query_one("#pass-table", Static))
        assert "note 33 characters; 1 failure run cited" in table
        assert "Not passed yet" in shown(screen.query_one("#pass-verdict", Static))

        # Export: to the default path, then again: it asks before replacing.
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        await pilot.pause()
        portfolio = tmp_path / "portfolio.md"
        assert "time-major data read as batch [/]" in portfolio.read_text()
        portfolio.write_text("edited by hand")
        await pilot.press("ctrl+s", "enter")
        assert "already exists" in shown(app.screen.query_one("#export-message", Static))
        await pilot.press("escape")
        assert portfolio.read_text() == "edited by hand"

    store = Store.open(tmp_path)
    assert [run.id for run in store.citations("failure_mode")] == [run_id]
    assert store.attempts("roadmap", first.id)[0].correct is True
    assert [kind for kind, _, _ in store.exports()] == ["portfolio"]


async def test_a_bare_file_name_is_saved_beside_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # where the app was started from must not matter
    data = tmp_path / "data"
    app = TutorApp(data, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        (await open_export_dialog(pilot)).query_one(Input).value = "mine.md"
        await pilot.press("enter")
        await pilot.pause()
    assert (data / "mine.md").read_text().startswith("# RNN Roadmap")
    assert list(elsewhere.iterdir()) == []


async def test_the_pass_check_follows_a_note_as_it_saves(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "self-check", "check")
        table = screen.query_one("#pass-table", Static)
        assert "no training-loop note yet" in shown(table)
        await show_tab(pilot, "notes")
        screen.query_one("#note-training_loop", TextArea).focus()
        await type_text(pilot, "[batch, 20, 1] -> GRU -> loss.backward(); Adam")
        # Saved half a second after the last key; the pass check (another tab) follows.
        await until(pilot, lambda: "every part named" in shown(table), timeout=10)
