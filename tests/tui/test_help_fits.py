"""The help popup fits a 60x20 terminal: it wraps to the width and scrolls inside."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui.app import TutorApp
from tui.screens.help import HelpScreen

from .helpers import open_lesson, until


def _drawn(widget: Widget) -> str:
    """What the widget draws, line by line (not what it holds)."""
    lines = widget.render_lines(Region(0, 0, widget.region.width, widget.region.height))
    return "\n".join(line.text for line in lines)


def _tooltips(screen: Screen) -> set[str]:
    """The tooltips of the keys the tutor declares on the screen's widgets, itself and the app
    (the help leaves Textual's own keys out)."""
    owners = [*screen.walk_children(), screen, screen.app]
    return {
        binding.tooltip
        for owner in owners
        for cls in type(owner).__mro__
        if cls.__module__.startswith("tui.")
        for binding in vars(cls).get("BINDINGS", ())
        if binding.description and binding.tooltip
    }


async def test_the_help_fits_60x20_and_scrolls_to_its_end(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(60, 20)) as pilot:
        for lesson, tab in (("lstm-gru", "race"), ("rnn-basics", "lab")):
            await open_lesson(pilot, lesson, tab)
            below = app.screen
            tooltips = _tooltips(below)
            await pilot.press("f1")  # "?" would be typed into the shape lab's field
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.pause()
            box = app.screen.query_one("#help-box", VerticalScroll)
            assert Region(0, 0, 60, 20).contains_region(box.region)
            assert box.max_scroll_y > 0  # longer than 20 lines: it scrolls
            drawn = "\n".join(_drawn(static) for static in box.query(Static))
            # Nothing cut on the right: every key's words are there whole.
            assert len(tooltips) > 8
            for tooltip in tooltips:
                assert tooltip.split()[-1] in drawn.split(), tooltip
            last = box.query(Static).last()
            box.scroll_end(animate=False)
            await pilot.pause()
            assert box.region.contains_region(last.region)
            await pilot.press("escape")
            await until(pilot, lambda below=below: app.screen is below)
