"""The first screen: the five lessons in the syllabus's order, their status, and "continue"."""

from __future__ import annotations

import json
import time

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from exercises.catalog import exercises_by_name
from lessons import catalog, progress, review
from tui.screens.lesson import PLACE_STATE
from tui.services import services
from tui.widgets.key_bar import KeyBar
from tui.widgets.title_bar import TitleBar

STATUS_MARKS = {"not started": "·", "in progress": "◐", "passed": "✓"}
CONTINUE = "continue"


class LessonListScreen(Screen):
    AUTO_FOCUS = "OptionList"
    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="down", tooltip="Next row", show=False),
        Binding("k", "cursor_up", "Up", id="up", tooltip="Previous row", show=False),
        Binding("n", "cursor_down", "Next", id="next", tooltip="Next lesson", show=False),
        Binding("p", "cursor_up", "Prev", id="previous", tooltip="Previous lesson", show=False),
        Binding("enter", "open", "Open", id="open", tooltip="Open the highlighted lesson"),
        Binding("c", "continue", "Continue", id="continue", tooltip="Continue where you left off"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar("rnn-tutor", "recurrent networks, step by step")
        yield Static(
            Text("RNN Roadmap: process sequences step by step. Pick a lesson:"), id="list-intro"
        )
        yield OptionList(id="lessons")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        rows = self.query_one(OptionList)
        highlighted = rows.highlighted
        rows.clear_options()
        rows.add_option(Option(self._continue_text(), id=CONTINUE))
        for lesson in catalog.lessons():
            rows.add_option(Option(self._lesson_row(lesson), id=lesson.id))
        rows.highlighted = highlighted if highlighted is not None else 0

    def _lesson_row(self, lesson: catalog.Lesson) -> Table:
        status = progress.status(services(self).store, lesson) if lesson.built else "not built yet"
        row = Table.grid(padding=(0, 1))
        row.add_column(width=1)
        row.add_column(width=10)
        row.add_column(ratio=1)
        about = Text()
        about.append(lesson.title, style="bold")
        about.append(f"  [{status}]", style="green" if status == "passed" else "dim")
        names = [e.name for e in exercises_by_name().values() if e.lesson == lesson.id]
        if names:
            passed = services(self).store.passed_exercises()
            done = sum(name in passed for name in names)
            about.append(f"  exercises {done} of {len(names)}", style="dim")
        about.append("\n" + lesson.purpose, style="" if lesson.built else "dim")
        if status == "in progress":
            todo = progress.still_to_do(services(self).store, lesson)
            if todo:
                about.append("\nto pass: " + " · ".join(todo), style="dim")
        if lesson.built and lesson.quiz:
            words = review.outlook(services(self).store, lesson).words(time.time())
            if words:
                about.append(f"\nreview: {words}", style="bold" if "due" in words else "dim")
        row.add_row(Text(STATUS_MARKS.get(status, "○")), Text(lesson.section, style="bold"), about)
        return row

    def _continue_text(self) -> Text:
        last = self._last_place()
        if last is None:
            first = catalog.lessons()[0]
            return Text(f"▶ Start with {first.label}", style="bold")
        lesson, _, tab_label = last
        where = f" ({tab_label})" if tab_label else ""
        return Text(f"▶ Continue where you left off: {lesson.label}{where}", style="bold")

    def _last_place(self) -> tuple[catalog.Lesson, str, str] | None:
        """The lesson, tab id and tab label the learner last had open, if any."""
        try:
            place = json.loads(services(self).store.get_state(PLACE_STATE) or "{}")
            return catalog.lesson(place["lesson"]), place.get("tab", ""), place.get("tab_label", "")
        except (KeyError, TypeError, ValueError):
            return None

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_open(self) -> None:
        rows = self.query_one(OptionList)
        if rows.highlighted is not None:
            self._open(rows.get_option_at_index(rows.highlighted).id)

    def action_continue(self) -> None:
        self._open(CONTINUE)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def _open(self, option_id: str | None) -> None:
        if option_id == CONTINUE:
            last = self._last_place()
            lesson_id, tab = (last[0].id, last[1]) if last else (catalog.lessons()[0].id, "")
            self.app.open_lesson(lesson_id, tab or None)
        elif option_id:
            self.app.open_lesson(option_id)
