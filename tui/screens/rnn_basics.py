"""6.4.2 RNN Basics: the shape lab, parameter counts, failure modes and the hidden-state trace."""

from __future__ import annotations

from textual import on
from textual.widget import Widget

from engine.shapes import ShapesConfig
from lessons.catalog import Lesson
from tui.messages import LabConfigChanged
from tui.screens.lesson import LEARN, NOTES, QUIZ, Tab, TabbedLessonScreen
from tui.widgets.failures import FailuresPanel
from tui.widgets.learn import LearnPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.parameters import ParametersPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.shape_lab import ShapeLabPanel
from tui.widgets.trace import TracePanel


class RnnBasicsScreen(TabbedLessonScreen):
    """The shape lab's module is shared: the parameter and failure tabs use the same one."""

    TABS = (
        LEARN,
        Tab("lab", "Shape lab", "s", "Predict, then run", "#guess-output"),
        Tab("params", "Parameters", "a", "Parameter count", "ParametersPanel"),
        Tab("failures", "Failure modes", "f", "Shape mistakes", "FailuresPanel"),
        Tab("trace", "Trace", "t", "h_t step by step", "TracePanel"),
        QUIZ,
        NOTES,
    )

    def __init__(self, lesson: Lesson) -> None:
        super().__init__(lesson)
        self.lab_config = ShapesConfig.from_dict(lesson.default_config)

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "lab": lambda: ShapeLabPanel(lesson),
            "params": lambda: ParametersPanel(self.lab_config),
            "failures": lambda: FailuresPanel(lesson, self.lab_config),
            "trace": lambda: TracePanel(lesson),
            "quiz": lambda: QuizPanel.for_lesson(lesson),
            "notes": lambda: NotesPanel(lesson.evidence, runs_of=lesson.id),
        }[tab.id]()

    @on(LabConfigChanged)
    def lab_changed(self, event: LabConfigChanged) -> None:
        self.lab_config = event.config
        for panel in self.query(ParametersPanel):  # none until its tab is first opened
            panel.show_config(event.config)
        for failures in self.query(FailuresPanel):
            failures.show_config(event.config)
