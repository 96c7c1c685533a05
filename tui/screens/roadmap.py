"""6.4.1 RNN Roadmap: the sequence-flow ideas, the GRU shape check, a quiz and evidence notes."""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

from tui.screens.lesson import Tab, TabbedLessonScreen
from tui.widgets.learn import LearnPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.shape_check import ShapeCheckPanel


class RoadmapScreen(TabbedLessonScreen):
    TABS = (
        Tab("learn", "Learn", "LearnPanel"),
        Tab("shape", "Shape check", "#size-batch"),
        Tab("quiz", "Quiz", "QuizPanel"),
        Tab("notes", "Evidence notes", "TextArea"),
    )
    BINDINGS = [
        Binding("l", "tab('learn')", "Learn", id="tab-learn", tooltip="The lesson text"),
        Binding("s", "tab('shape')", "Shape check", id="tab-shape", tooltip="Run the GRU"),
        Binding("q", "tab('quiz')", "Quiz", id="tab-quiz", tooltip="The self-check quiz"),
        Binding("e", "tab('notes')", "Notes", id="tab-notes", tooltip="Your evidence notes"),
    ]

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "shape": lambda: ShapeCheckPanel(lesson),
            "quiz": lambda: QuizPanel(lesson),
            "notes": lambda: NotesPanel(lesson.evidence),
        }[tab.id]()
