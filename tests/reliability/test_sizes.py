"""From 60x20 to 200x60 every screen lays out without error; smaller, the app asks for room;
resizing while a race runs breaks nothing."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from lessons import catalog
from tests.tui.helpers import show_tab
from tui.app import TutorApp
from tui.panels.race import RacePanel
from tui.screens.too_small import TooSmallScreen
from tui.widgets.tabs import TabPage

FAKE_ENGINE = [sys.executable, str(Path(__file__).parents[1] / "tui" / "fake_engine.py")]
# The smallest and largest promised (80x24 is every other test), and 80x24 without colour:
# NO_COLOR passes every line through Textual's monochrome filter.
SIZES = [(60, 20, False), (200, 60, False), (80, 24, True)]


@pytest.mark.parametrize(("width", "height", "no_color"), SIZES)
async def test_every_screen_and_tab_at_each_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int, height: int, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(width, height)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen) and app.no_color == no_color
        for lesson in catalog.lessons():
            app.open_lesson(lesson.id)
            await pilot.pause()
            screen = app.screen
            assert getattr(screen, "lesson", None) is lesson, f"{lesson.id} did not open"
            for pane in screen.query(TabPage):
                await show_tab(pilot, pane.id)
        await pilot.press("question_mark")
        await pilot.pause()


async def test_too_small_asks_for_room_and_goes_away(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(59, 19)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "needs at least 60x20" in str(app.screen.query_one("#too-small").content)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)


async def test_resizing_during_a_race(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(app.engine.wait_ready(), 30)
        app.open_lesson("lstm-gru", "race")
        await pilot.pause()
        panel = app.screen.query_one(RacePanel)
        await pilot.press("enter")
        for size in [(200, 60), (60, 20), (40, 10), (120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await asyncio.sleep(0.1)
            await pilot.pause()
        assert panel.running
        await app.engine.cancel(panel.request_id)
        await pilot.pause()
