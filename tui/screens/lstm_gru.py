"""6.4.3 LSTM and GRU: gate traces, the memory horizon, and the long-dependency race."""

from __future__ import annotations

from textual.widget import Widget

from tui.screens.lesson import LEARN, NOTES, QUIZ, Tab, TabbedLessonScreen
from tui.widgets.learn import LearnPanel
from tui.widgets.memory import MemoryPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.race import RacePanel
from tui.widgets.trace import TracePanel


class LstmGruScreen(TabbedLessonScreen):
    TABS = (
        LEARN,
        Tab("gates", "Gates", "g", "Gate-by-gate trace", "TracePanel"),
        Tab("memory", "Memory", "m", "Memory horizon", "MemoryPanel"),
        Tab("race", "Race", "v", "RNN vs GRU vs LSTM", "RacePanel"),
        QUIZ,
        NOTES,
    )

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "gates": lambda: TracePanel(lesson, cells=("gru", "lstm", "rnn")),
            "memory": lambda: MemoryPanel(lesson),
            "race": lambda: RacePanel(lesson),
            "quiz": lambda: QuizPanel.for_lesson(lesson),
            "notes": lambda: NotesPanel(lesson.evidence, runs_of=lesson.id),
        }[tab.id]()
