"""6.4.2 RNN Basics: the shape lab, parameter counts, failure modes and the hidden-state trace."""

from __future__ import annotations

from textual import on
from textual.widget import Widget

from tui.messages import LabConfigChanged, RunRecorded
from tui.screens.lesson import LEARN, NOTES, QUIZ, Tab, TabbedLessonScreen
from tui.widgets.failures import FailuresPanel
from tui.widgets.learn import LearnPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.parameters import ParametersPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.shape_lab import ShapeLabPanel
from tui.widgets.trace import TracePanel


class RnnBasicsScreen(TabbedLessonScreen):
    TABS = (
        LEARN,
        Tab("lab", "Shape lab", "s", "Predict, then run", "#guess-output"),
        Tab("params", "Parameters", "a", "Parameter count", "ParametersPanel"),
        Tab("failures", "Failure modes", "f", "Shape mistakes", "FailuresPanel"),
        Tab("trace", "Trace", "t", "h_t step by step", "TracePanel"),
        QUIZ,
        NOTES,
    )

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "lab": lambda: ShapeLabPanel(lesson),
            "params": ParametersPanel,
            "failures": lambda: FailuresPanel(lesson),
            "trace": lambda: TracePanel(lesson),
            "quiz": lambda: QuizPanel.for_lesson(lesson),
            "notes": lambda: NotesPanel(lesson.evidence, runs_of=lesson.id),
        }[tab.id]()

    @on(LabConfigChanged)
    def lab_changed(self, event: LabConfigChanged) -> None:
        self.query_one(ParametersPanel).show_config(event.config)
        self.query_one(FailuresPanel).show_config(event.config)

    @on(RunRecorded)
    def run_recorded(self) -> None:
        self.query_one(NotesPanel).refresh_runs()
