"""Where the keyboard is reads without colour: under NO_COLOR Textual's monochrome filter turns
every colour grey and keeps text attributes, and a vt100 shows only those. So each check
compares what widgets draw with the colours taken out (Style.without_color): a focused field
must differ from an unfocused one in bold, reverse, underline or in its characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, TextArea

from tui.app import TutorApp
from tui.panels.quiz import QuizPanel
from tui.widgets.panel import Panel
from tui.widgets.tabs import TabStrip
from tui.widgets.toggle import Cycler, Toggle

from .helpers import open_lesson, show_tab, until


@pytest.fixture(autouse=True)
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def _cells(widget: Widget, y: int = 0) -> list[tuple[str, str]]:
    """Each cell of line `y` (borders included) with its text attributes, colours left out."""
    cells = []
    (line,) = widget.render_lines(Region(0, y, widget.region.width, 1))
    for text, style, _ in line:
        attributes = str(style.without_color) if style else "none"
        cells.extend((char, attributes) for char in text)
    return cells


def _attributes(widget: Widget, y: int = 0) -> set[str]:
    return {attributes for _, attributes in _cells(widget, y)}


async def _focus(pilot, widget: Widget) -> None:
    widget.focus()
    await until(pilot, lambda: widget.has_focus)
    await pilot.pause()


async def test_a_compact_field_is_underlined_and_reversed_while_it_has_the_keyboard(
    tmp_path: Path,
) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await open_lesson(pilot, "lstm-gru", "race")
        delay = app.screen.query_one("#race-delay", Input)
        steps = app.screen.query_one("#race-steps", Input)
        await _focus(pilot, steps)
        # Not focused: every cell of the field is underlined, a blank to fill in.
        assert all("underline" in attributes for _, attributes in _cells(delay))
        await _focus(pilot, delay)
        cells = _cells(delay)
        # Focused: reversed, but for the cursor (a plain cell where typing goes).
        reversed_cells = [attributes for _, attributes in cells if "not reverse" not in attributes]
        assert len(reversed_cells) == len(cells) - 1
        assert all("reverse" in attributes for attributes in reversed_cells)
        assert _attributes(delay) != _attributes(steps)


async def test_toggles_and_cyclers_read_as_controls_and_reverse_when_focused(
    tmp_path: Path,
) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(pilot, "rnn-basics", "lab")
        toggle = app.screen.query_one("#lab-bidirectional", Toggle)
        cycler = app.screen.query_one("#lab-cell", Cycler)
        for widget, other in ((toggle, cycler), (cycler, toggle)):
            await _focus(pilot, widget)
            assert all("reverse" in a for c, a in _cells(widget) if c.strip())
            assert not any("reverse" in a for _, a in _cells(other))
        line = "".join(char for char, _ in _cells(toggle))
        assert line.startswith("[ ] ") or line.startswith("[X] ")
        assert "◀" in "".join(char for char, _ in _cells(cycler))


class _Buttons(ModalScreen):
    def compose(self) -> ComposeResult:
        yield Button("One", id="one")
        yield Button("Two", id="two", compact=True)


async def test_a_focused_button_is_reversed(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(_Buttons())
        one, two = app.screen.query_one("#one", Button), app.screen.query_one("#two", Button)
        for button, other in ((one, two), (two, one)):
            await _focus(pilot, button)
            middle = button.region.height // 2  # the label's line
            assert any("reverse" in a for c, a in _cells(button, middle) if c.strip())
            other_middle = other.region.height // 2
            assert not any("reverse" in a for c, a in _cells(other, other_middle) if c.strip())


async def test_boxes_turn_double_and_the_highlighted_lesson_underlined_with_the_keyboard(
    tmp_path: Path,
) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        lessons = app.screen.query_one(OptionList)
        await until(pilot, lambda: lessons.has_focus and lessons.option_count > 1)
        await pilot.pause()
        assert _cells(lessons)[0][0] == "╔"
        row = 1 + lessons.highlighted  # under the top border; each lesson's first line

        def underlined_row(y: int) -> bool:
            return all("underline" in a for c, a in _cells(lessons, y)[2:-2] if c.strip())

        # (Textual draws an option list's rows without reverse: underline marks the row.)
        assert underlined_row(row) and not underlined_row(row + 1)
        await open_lesson(pilot, "roadmap", "notes")
        area = app.screen.query(TextArea).first()
        strip = app.screen.query_one(TabStrip)
        await _focus(pilot, strip)
        assert _cells(area)[0][0] == "╭"
        await _focus(pilot, area)
        assert _cells(area)[0][0] == "╔"


async def test_a_panel_with_the_keyboard_has_a_bar_down_its_left(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(pilot, "rnn-basics", "lab")
        await show_tab(pilot, "trace")
        panel = app.screen.query_one("#trace").query_one(Panel)
        await _focus(pilot, panel)
        assert {_cells(panel, y)[0][0] for y in range(panel.region.height)} == {"▌"}
        strip = app.screen.query_one(TabStrip)
        await _focus(pilot, strip)
        assert {_cells(panel, y)[0][0] for y in range(panel.region.height)} == {" "}
        # The strip, for its part, frames the open tab.
        line = "".join(char for char, _ in _cells(strip))
        assert "▸Trace◂" in line
        await _focus(pilot, panel)
        assert "▸" not in "".join(char for char, _ in _cells(strip))
        # A panel inside another container (the self-check's review holds a quiz panel).
        await open_lesson(pilot, "self-check", "review")
        quiz = app.screen.query_one(QuizPanel)
        await _focus(pilot, quiz)
        assert {_cells(quiz, y)[0][0] for y in range(quiz.region.height)} == {"▌"}
