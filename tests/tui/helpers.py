"""Helpers for Pilot tests: wait for the real engine, type text, read what a widget shows."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from lessons import catalog
from tui.app import TutorApp
from tui.screens.export_dialog import ExportDialog
from tui.screens.lesson import TabbedLessonScreen

ENGINE_TIMEOUT = 90  # seconds; loading torch on a busy shared machine can be slow


def showing(screen: Screen, lesson_id: str) -> bool:
    """Whether `screen` is the open lesson `lesson_id` (every lesson has a screen of its own)."""
    return isinstance(screen, TabbedLessonScreen) and screen.lesson.id == lesson_id


async def engine_ready(app: TutorApp) -> None:
    await asyncio.wait_for(app.engine.wait_ready(), ENGINE_TIMEOUT)


async def open_when_ready(pilot: Pilot, lesson_id: str, tab: str) -> Screen:
    """Wait for the real engine, then open a lesson at a tab; the lesson's screen."""
    await engine_ready(pilot.app)
    pilot.app.open_lesson(lesson_id, tab)
    await pilot.pause()
    return pilot.app.screen


async def open_lesson(pilot: Pilot, lesson_id: str, tab: str | None = None) -> Screen:
    """Open a lesson (no engine needed) and wait until its opening tab's panel is built."""
    app = pilot.app
    app.open_lesson(lesson_id, tab)
    lesson = catalog.lesson(lesson_id)
    await until(pilot, lambda: getattr(app.screen, "lesson", None) is lesson and app.screen.settled)
    return app.screen


async def show_tab(pilot: Pilot, tab_id: str) -> None:
    """Open a tab of the lesson on screen and wait until its panel is built."""
    screen = pilot.app.screen
    screen.action_tab(tab_id)
    await until(pilot, lambda: screen.settled)


async def open_export_dialog(pilot: Pilot) -> ExportDialog:
    """Open the self-check's portfolio export dialog (no engine needed)."""
    pilot.app.open_lesson("self-check", "notes")
    await pilot.pause()
    pilot.app.screen.action_run("export-portfolio")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def settle(pilot: Pilot) -> None:
    """Let workers (engine calls) finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    keys = {" ": "space", "[": "left_square_bracket", "]": "right_square_bracket"}
    await pilot.press(*[keys.get(char, char) for char in text])


def shown(static: Static) -> str:
    """The plain text a Static shows, whatever renderable it holds."""
    content = static.content
    if isinstance(content, (str, Content)):
        return str(content)
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return console.export_text()


async def until(pilot: Pilot, condition, timeout: float = 60.0) -> None:
    """Wait until `condition()` holds (the engine works in another process, at its own pace)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        await settle(pilot)
        await asyncio.sleep(0.05)
