"""The Data tab reads the learner's CSV through the engine: its refusals reach the learner."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input, Static

from tui.app import TutorApp
from tui.panels.series import OWN_CSV, SeriesPanel
from tui.widgets.message_line import MessageLine
from tui.widgets.toggle import Cycler

from .helpers import engine_ready, settle, shown, until


async def test_the_data_tab_says_why_a_csv_is_refused_and_how_it_was_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    european = tmp_path / "eu.csv"
    european.write_text("day;load\n" + "".join(f"{t};{t % 7},25\n" for t in range(120)))
    app = TutorApp(tmp_path / "home")
    async with app.run_test(size=(100, 30)) as pilot:
        await engine_ready(app)
        app.open_lesson("sequence-practice", "data")
        await settle(pilot)
        panel = app.screen.query_one(SeriesPanel)
        panel.query_one("#series-source", Cycler).value = OWN_CSV
        await settle(pilot)
        message = panel.query_one(MessageLine)

        panel.query_one("#series-csv", Input).value = str(fifo)
        panel.query_one("#series-column", Input).value = "load"
        panel.action_load()
        await until(pilot, lambda: "not a regular file" in str(message.content))
        assert message.display

        panel.query_one("#series-csv", Input).value = str(european)
        panel.action_load()
        about = panel.query_one("#series-about", Static)
        await until(pilot, lambda: "decimal commas were read as decimal points" in shown(about))
        assert "120 values" in shown(about)
        assert not message.display
