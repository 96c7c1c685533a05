"""Leaving a lesson while a tab's panel is still being mounted waits for the mount: leaving
mid-mount ran the panel's on_mount after its children were gone (found by the soak monkey;
without the wait one of these turn counts lands mid-mount and crashes the app)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.tui.helpers import settle, until
from tui.app import TutorApp
from tui.screens.lesson import TabbedLessonScreen


@pytest.mark.parametrize("turns", range(12))
async def test_leaving_while_a_tab_builds(tmp_path: Path, turns: int) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("sequence-practice")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TabbedLessonScreen) and screen.settled
        screen.action_tab("failures")  # its panel mounts over the next turns of the event loop
        for _ in range(turns):
            await asyncio.sleep(0)
        app.open_lesson("self-check")  # a key pressed mid-mount: ignored until it is done
        await settle(pilot)
        # The tab counts as built once the frame after its last chunk is drawn (the screen's
        # call_after_refresh); under load that frame can come after settle's pause, so wait for
        # it rather than assume it.
        await until(pilot, lambda: screen.settled, timeout=30)
        app.open_lesson("self-check")
        await settle(pilot)
        assert app.screen.lesson.id == "self-check"
