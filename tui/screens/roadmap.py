"""6.4.1 RNN Roadmap: the sequence-flow ideas, the GRU shape check, a quiz and evidence notes."""

from __future__ import annotations

from textual.widget import Widget

from tui.screens.lesson import LEARN, NOTES, QUIZ, Tab, TabbedLessonScreen
from tui.widgets.learn import LearnPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.shape_check import ShapeCheckPanel


class RoadmapScreen(TabbedLessonScreen):
    TABS = (
        LEARN,
        Tab("shape", "Shape check", "s", "Run the GRU", "#size-batch"),
        QUIZ,
        NOTES,
    )

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "shape": lambda: ShapeCheckPanel(lesson),
            "quiz": lambda: QuizPanel.for_lesson(lesson),
            "notes": lambda: NotesPanel(lesson.evidence),
        }[tab.id]()
