"""Leaving a lesson and coming back keeps what the learner set in its tabs."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tui.app import TutorApp
from tui.widgets.toggle import Cycler, Toggle

from .helpers import open_lesson, show_tab, until


async def test_fields_and_shared_choices_survive_leaving_the_lesson(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "lstm-gru", "race")
        screen.query_one("#race-task", Cycler).value = "copy"
        screen.query_one("#race-clip", Toggle).value = True
        steps = screen.query_one("#race-steps", Input)
        steps.value = "777"
        await pilot.pause()
        await pilot.press("escape")  # the race panel has the keyboard: back to the list
        await until(pilot, lambda: not hasattr(app.screen, "lesson"))

        screen = await open_lesson(pilot, "lstm-gru", "race")
        assert screen.query_one("#race-steps", Input).value == "777"
        assert screen.query_one("#race-task", Cycler).value == "copy"
        assert screen.query_one("#race-clip", Toggle).value is True

        # Another lesson's tabs start from their own defaults, and the Data tab's choice of
        # series reaches the Train tab after coming back.
        screen = await open_lesson(pilot, "sequence-practice", "data")
        shared_before = dict(screen.shared)
        screen.shared["series"] = {**screen.shared.get("series", {}), "window": 13}
        await pilot.press("escape")
        await until(pilot, lambda: not hasattr(app.screen, "lesson"))
        screen = await open_lesson(pilot, "sequence-practice", "data")
        assert screen.shared["series"]["window"] == 13 and shared_before != screen.shared
        await show_tab(pilot, "train")
        assert "window 13" in str(screen.query_one("#practice-series").render())
