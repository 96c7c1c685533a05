"""The bottom line names the keys that work now: the focused panel's first, help always."""

from __future__ import annotations

from pathlib import Path

from tui.app import TutorApp
from tui.widgets.key_bar import KeyBar

from .helpers import settle, shown


async def test_the_key_bar_follows_focus_and_fits_the_width(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = shown(app.screen.query_one(KeyBar))
        assert line.startswith(" c Continue") and line.rstrip().endswith("? all keys")
        app.open_lesson("lstm-gru", "race")
        await settle(pilot)  # the race panel has the keyboard
        line = shown(app.screen.query_one(KeyBar))
        # The race's own key comes before the screen's (pause and cancel wait for a race); what
        # does not fit is left to the help.
        assert line.startswith(" ⏎ Start  ^l Clip demo  esc Back  ^n Next lesson")
        assert "Pause" not in line and "Cancel" not in line
        assert len(line.rstrip("\n")) == 80 and line.rstrip().endswith("? all keys")
        await pilot.press("m")
        await settle(pilot)
        assert "Start" not in shown(app.screen.query_one(KeyBar))
