"""Prose typed with the keyboard on any focusable control of any tab never leaves the lesson and
never starts long work. Keys that do (next/previous lesson, the clipping demo, a quiz restart)
are control keys; Enter starts runs. A sentence's letters, digits and punctuation may still
switch tabs (tab letters stay plain), answer a quiz question or run a quick shape check.

Every focusable control of every tab (the panel, each field, toggle and list, the tab line)
gets every letter, digit and common punctuation mark once, then a question mark (which opens
the help: closed again before the next control)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key

from lessons import catalog
from tui.app import TutorApp
from tui.screens.help import HelpScreen
from tui.widgets.tabs import TabStrip

from ..tui.helpers import open_lesson, settle, show_tab

# Tasks that train for seconds or more: prose must never ask the engine for one.
LONG = {"race", "clipping", "practice", "practice-failure", "names", "generate"}
PROSE = "the quick brown fox jumps over a lazy dog 0123456789 [(,;-+=:.'/!)]?"
LESSONS = [lesson.id for lesson in catalog.lessons() if lesson.built]


def type_fast(app: TutorApp, text: str) -> None:
    """Queue the keys of `text` at once, as a brisk typist's arrive: Pilot.press waits for the
    app to go idle after every key, which made this test take minutes."""
    for char in text:
        key = _character_to_key(char) if not char.isalnum() else char
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


def spy_on_the_engine(app: TutorApp) -> list[str]:
    asked: list[str] = []
    run = app.engine.run

    async def recording(task: str, config: dict[str, Any], *args, **kwargs):
        asked.append(task)
        return await run(task, config, *args, **kwargs)

    app.engine.run = recording  # type: ignore[method-assign]
    return asked


@pytest.mark.parametrize("lesson_id", LESSONS)
async def test_prose_on_every_control_stays_in_the_lesson(tmp_path: Path, lesson_id: str) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    asked = spy_on_the_engine(app)
    lesson = catalog.lesson(lesson_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, lesson_id)
        tried = 0
        strip = screen.query_one(TabStrip)
        for tab in screen.TABS:
            await show_tab(pilot, tab.id)
            for index in range(len(screen.focus_chain)):
                if strip.active != tab.id:
                    await show_tab(pilot, tab.id)  # prose switched tabs: come back
                chain = screen.focus_chain
                if index >= len(chain):
                    break
                control = chain[index]
                control.focus()
                await pilot.pause()
                where = f"{tab.id}: {control!r}"
                type_fast(app, PROSE)
                await settle(pilot)
                if isinstance(app.screen, HelpScreen):
                    await pilot.press("escape")
                    await settle(pilot)
                assert app.screen is screen, f"prose on {where} left the lesson"
                assert screen.lesson is lesson
                long = sorted(LONG.intersection(asked))
                assert not long, f"prose on {where} started {long}"
                tried += 1
        assert tried >= len(screen.TABS)
