"""A lesson that is listed but not built yet: it says so and shows what is coming."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from tui.screens.lesson import LessonScreen
from tui.widgets.engine_status import EngineStatus
from tui.widgets.key_bar import KeyBar
from tui.widgets.title_bar import TitleBar


class ComingSoonScreen(LessonScreen):
    def compose(self) -> ComposeResult:
        yield TitleBar(self.lesson.label, self.lesson.purpose)
        with VerticalScroll(id="coming-soon"):
            yield Static(f"{self.lesson.label} is not built yet.", classes="notice", markup=False)
            yield Markdown(self.lesson.body)
            yield Static("n / p: other lessons · Escape: back to the list", markup=False)
        yield EngineStatus()
        yield KeyBar()

    def on_mount(self) -> None:
        # Unbuilt lessons have no status to record, but "continue" may still point here.
        self.query_one("#coming-soon").focus()
