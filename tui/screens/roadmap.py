"""6.4.1 RNN Roadmap: the sequence-flow ideas, the GRU shape check, a quiz and evidence notes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, TabbedContent, TabPane

from tui.screens.lesson import LessonScreen
from tui.widgets.engine_status import EngineStatus
from tui.widgets.learn import LearnPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.shape_check import ShapeCheckPanel

TABS = {"learn": "Learn", "shape": "Shape check", "quiz": "Quiz", "notes": "Evidence notes"}


class RoadmapScreen(LessonScreen):
    BINDINGS = [
        Binding("l", "tab('learn')", "Learn", id="tab-learn", tooltip="The lesson text"),
        Binding("s", "tab('shape')", "Shape check", id="tab-shape", tooltip="Run the GRU"),
        Binding("q", "tab('quiz')", "Quiz", id="tab-quiz", tooltip="The self-check quiz"),
        Binding("e", "tab('notes')", "Notes", id="tab-notes", tooltip="Your evidence notes"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        initial = self.initial_tab if self.initial_tab in TABS else "learn"
        with TabbedContent(initial=initial):
            with TabPane(TABS["learn"], id="learn"):
                yield LearnPanel(self.lesson, id="learn-panel")
            with TabPane(TABS["shape"], id="shape"):
                yield ShapeCheckPanel(self.lesson, id="shape-panel")
            with TabPane(TABS["quiz"], id="quiz"):
                yield QuizPanel(self.lesson, id="quiz-panel")
            with TabPane(TABS["notes"], id="notes"):
                yield NotesPanel(self.lesson.evidence, id="notes-panel")
        yield EngineStatus()
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self._focus_tab(self.query_one(TabbedContent).active)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    @on(TabbedContent.TabActivated)
    def tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or "learn"
        self.remember_place(tab, TABS.get(tab, ""))
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        panel = {
            "learn": "#learn-panel",
            "shape": "#size-batch",
            "quiz": "#quiz-panel",
            "notes": "TextArea",
        }.get(tab)
        if panel:
            self.query(panel).first().focus()
