"""6.4.3 LSTM and GRU: gate traces, the memory horizon, and the long-dependency race."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widget import Widget

from tui.messages import RunRecorded
from tui.screens.lesson import Tab, TabbedLessonScreen
from tui.widgets.learn import LearnPanel
from tui.widgets.memory import MemoryPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.race import RacePanel
from tui.widgets.trace import TracePanel


class LstmGruScreen(TabbedLessonScreen):
    TABS = (
        Tab("learn", "Learn", "LearnPanel"),
        Tab("gates", "Gates", "TracePanel"),
        Tab("memory", "Memory", "MemoryPanel"),
        Tab("race", "Race", "RacePanel"),
        Tab("quiz", "Quiz", "QuizPanel"),
        Tab("notes", "Notes", "TextArea"),
    )
    BINDINGS = [
        Binding("l", "tab('learn')", "Learn", id="tab-learn", tooltip="The lesson text"),
        Binding("g", "tab('gates')", "Gates", id="tab-gates", tooltip="Gate-by-gate trace"),
        Binding("m", "tab('memory')", "Memory", id="tab-memory", tooltip="Memory horizon"),
        Binding("v", "tab('race')", "Race", id="tab-race", tooltip="RNN vs GRU vs LSTM"),
        Binding("q", "tab('quiz')", "Quiz", id="tab-quiz", tooltip="The self-check quiz"),
        Binding("e", "tab('notes')", "Notes", id="tab-notes", tooltip="Your evidence notes"),
    ]

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "gates": lambda: TracePanel(lesson, cells=("gru", "lstm", "rnn")),
            "memory": lambda: MemoryPanel(lesson),
            "race": lambda: RacePanel(lesson),
            "quiz": lambda: QuizPanel(lesson),
            "notes": lambda: NotesPanel(lesson.evidence, runs_of=lesson.id),
        }[tab.id]()

    @on(RunRecorded)
    def run_recorded(self) -> None:
        self.query_one(NotesPanel).refresh_runs()
