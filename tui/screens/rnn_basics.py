"""6.4.2 RNN Basics: the shape lab, parameter counts, failure modes and the hidden-state trace."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widget import Widget

from tui.messages import LabConfigChanged, RunRecorded
from tui.screens.lesson import Tab, TabbedLessonScreen
from tui.widgets.failures import FailuresPanel
from tui.widgets.learn import LearnPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.parameters import ParametersPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.shape_lab import ShapeLabPanel
from tui.widgets.trace import TracePanel


class RnnBasicsScreen(TabbedLessonScreen):
    TABS = (
        Tab("learn", "Learn", "LearnPanel"),
        Tab("lab", "Shape lab", "#guess-output"),
        Tab("params", "Parameters", "ParametersPanel"),
        Tab("failures", "Failure modes", "FailuresPanel"),
        Tab("trace", "Trace", "TracePanel"),
        Tab("quiz", "Quiz", "QuizPanel"),
        Tab("notes", "Notes", "TextArea"),
    )
    BINDINGS = [
        Binding("l", "tab('learn')", "Learn", id="tab-learn", tooltip="The lesson text"),
        Binding("s", "tab('lab')", "Shape lab", id="tab-lab", tooltip="Predict, then run"),
        Binding("a", "tab('params')", "Params", id="tab-params", tooltip="Parameter count"),
        Binding("f", "tab('failures')", "Failures", id="tab-failures", tooltip="Shape mistakes"),
        Binding("t", "tab('trace')", "Trace", id="tab-trace", tooltip="h_t step by step"),
        Binding("q", "tab('quiz')", "Quiz", id="tab-quiz", tooltip="The self-check quiz"),
        Binding("e", "tab('notes')", "Notes", id="tab-notes", tooltip="Your evidence notes"),
    ]

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "lab": lambda: ShapeLabPanel(lesson),
            "params": ParametersPanel,
            "failures": lambda: FailuresPanel(lesson),
            "trace": lambda: TracePanel(lesson),
            "quiz": lambda: QuizPanel(lesson),
            "notes": lambda: NotesPanel(lesson.evidence, runs_of=lesson.id),
        }[tab.id]()

    @on(LabConfigChanged)
    def lab_changed(self, event: LabConfigChanged) -> None:
        self.query_one(ParametersPanel).show_config(event.config)
        self.query_one(FailuresPanel).show_config(event.config)

    @on(RunRecorded)
    def run_recorded(self) -> None:
        self.query_one(NotesPanel).refresh_runs()
