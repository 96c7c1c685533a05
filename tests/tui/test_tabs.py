"""The lesson's tab line and the one-line rows of fields under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Input

from lessons import catalog
from tui.app import TutorApp
from tui.screens.lesson import lesson_screen
from tui.widgets.panel import Row
from tui.widgets.tabs import MORE, TabPage, TabStrip, short_label

from .helpers import open_lesson, show_tab, showing, until


def _line(widget: Widget) -> str:
    return "".join(segment.text for segment in widget.render_line(0))


async def test_the_tab_line_names_every_tab_and_marks_the_open_one(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(pilot, "lstm-gru", "race")
        strip = app.screen.query_one(TabStrip)
        line = _line(strip)
        assert line.split() == [
            "Learn",
            "Gates",
            "Memory",
            "Race",
            "(v)",
            "Exercises",
            "Quiz",
            "Notes",
        ]
        # The open tab is reversed (readable without colour); each key letter is underlined.
        text = strip.render()
        race = text.plain.index(" Race (v) ")
        assert any(span.start == race and "reverse" in str(span.style) for span in text.spans)
        underlined = [
            text.plain[s.start : s.end] for s in text.spans if "underline" in str(s.style)
        ]
        assert underlined == ["L", "G", "M", "v", "x", "Q", "e"]
        strip.focus()
        await pilot.press("left")
        await until(pilot, lambda: app.screen.settled)
        assert strip.active == "memory" and app.screen.query_one("#memory").children
        await pilot.click(TabStrip, offset=(2, 0))  # on "Learn"
        await until(pilot, lambda: app.screen.settled)
        assert strip.active == "learn"


async def test_every_lesson_shows_all_its_tabs_at_60_columns(tmp_path: Path) -> None:
    """Names that do not fit are cut short, never the tabs: each one keeps its key letter
    underlined, and the open one its full name."""
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(60, 20)) as pilot:
        cut = 0
        for lesson in catalog.lessons():
            await open_lesson(pilot, lesson.id)
            strip = app.screen.query_one(TabStrip)
            for tab in strip.tabs:
                await show_tab(pilot, tab.id)
                text = strip.render()
                assert text.cell_len <= strip.content_size.width, (lesson.id, tab.id)
                assert not text.plain.startswith(MORE), (lesson.id, tab.id)
                underlined = [
                    text.plain[s.start : s.end] for s in text.spans if "underline" in str(s.style)
                ]
                assert [k.lower() for k in underlined] == [t.key for t in strip.tabs]
                assert f" {short_label(tab.label, tab.key)[0]} " in text.plain, tab.id
                cut += text.plain.count("…")
        assert cut  # 6.4.2's seven tabs do not fit in full


def test_a_cut_name_keeps_its_key_letter() -> None:
    assert short_label("Parameters", "a", 5) == ("Para…", 1)
    assert short_label("Notes", "e", 3) == ("Note…", 3)  # the key is the fourth letter
    assert short_label("Race", "v") == ("Race (v)", 6)
    assert short_label("Race", "v", 6) == ("Ra…(v)", 4)
    assert short_label("Quiz", "q", 6) == ("Quiz", 0)


async def test_fields_in_rows_show_their_values_on_one_line(tmp_path: Path) -> None:
    """Rows of fields have a fixed height of one line, so a field there must be compact: a
    full-size Input would show only its border, not the value (it happened once)."""
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        checked = 0
        for lesson in catalog.lessons():
            await open_lesson(pilot, lesson.id)
            for page in app.screen.query(TabPage):
                await show_tab(pilot, page.id or "")
                for row in page.query(Row):
                    if all(node.display for node in row.ancestors_with_self):
                        # At 80x24 every field of a row fits beside the scroll bar.
                        right = row.content_region.right
                        assert all(c.region.right <= right for c in row.children if c.display)
                for field in page.query("Row > Input").results(Input):
                    shown = all(node.display for node in field.ancestors_with_self)
                    if shown and field.value:
                        assert field.outer_size.height == 1, field.id  # no border
                        assert _line(field).startswith(field.value), field.id
                        checked += 1
        assert checked >= 10


async def test_a_tab_that_cannot_be_built_says_so_and_the_lesson_can_be_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def broken(screen, tab):
        raise ValueError("no [b]race[/b] today")

    monkeypatch.setattr(lesson_screen("lstm-gru"), "panel", broken)
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(pilot, "lstm-gru", "race")
        page = app.screen.query_one("#race", TabPage)
        assert "could not be built: no [b]race[/b] today" in _line(page.children[0])
        await pilot.press("escape")
        await until(pilot, lambda: not showing(app.screen, "lstm-gru"))


async def test_every_field_of_every_row_is_in_sight_at_60x20(tmp_path: Path) -> None:
    """Rows too wide for the terminal wrap onto more lines; no field is out of sight sideways
    (6.4.2's proj, the race's hidden, the Data tab's test part were, when rows scrolled)."""
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(60, 20)) as pilot:
        wrapped = 0
        for lesson in catalog.lessons():
            await open_lesson(pilot, lesson.id)
            for page in app.screen.query(TabPage):
                await show_tab(pilot, page.id or "")
                for row in page.query(Row):
                    if not all(node.display for node in row.ancestors_with_self):
                        continue
                    area = row.content_region
                    assert area.right <= 60
                    fields = [child for child in row.children if child.display]
                    for field in fields:
                        where = (lesson.id, page.id, field.id or str(field))
                        assert area.contains_region(field.region), where
                        assert field.region.height == 1, where
                    regions = [field.region for field in fields]
                    for i, one in enumerate(regions):
                        assert not any(one.overlaps(other) for other in regions[i + 1 :])
                    wrapped += row.size.height > 1
        assert wrapped >= 3
        # Typing reaches a field that used to be off the edge.
        await open_lesson(pilot, "rnn-basics", "lab")
        field = app.screen.query_one("#lab-proj", Input)
        field.focus()
        await pilot.press("backspace", "2")
        assert field.value == "2"
        assert field.parent.content_region.contains_region(field.region)
