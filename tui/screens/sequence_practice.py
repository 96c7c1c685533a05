"""6.4.4 Sequence Practice: windows over a real series, the train/eval loop, honest baselines."""

from __future__ import annotations

from textual import on
from textual.widget import Widget

from lessons.catalog import Lesson
from tui.messages import SeriesChosen
from tui.screens.lesson import LEARN, NOTES, QUIZ, Tab, TabbedLessonScreen
from tui.widgets.learn import LearnPanel
from tui.widgets.notes import NotesPanel
from tui.widgets.practice import PracticePanel
from tui.widgets.practice_failures import PracticeFailuresPanel
from tui.widgets.quiz import QuizPanel
from tui.widgets.series import SeriesPanel


class SequencePracticeScreen(TabbedLessonScreen):
    TABS = (
        LEARN,
        Tab("data", "Data", "d", "Series, windows and split", "#series-source"),
        Tab("train", "Train", "t", "The train/eval loop", "PracticePanel"),
        Tab(
            "failures",
            "Failure modes",
            "f",
            "Leakage, overfitting, bad rates",
            "PracticeFailuresPanel",
        ),
        QUIZ,
        NOTES,
    )

    def __init__(self, lesson: Lesson) -> None:
        super().__init__(lesson)
        self.series = dict(lesson.default_config)  # the Data tab's choice, shared by the others

    def panel(self, tab: Tab) -> Widget:
        lesson = self.lesson
        return {
            "learn": lambda: LearnPanel(lesson),
            "data": lambda: SeriesPanel(lesson.default_config),
            "train": lambda: PracticePanel(lesson, self.series),
            "failures": lambda: PracticeFailuresPanel(lesson, self.series),
            "quiz": lambda: QuizPanel.for_lesson(lesson),
            "notes": lambda: NotesPanel(lesson.evidence, runs_of=lesson.id),
        }[tab.id]()

    @on(SeriesChosen)
    def series_chosen(self, event: SeriesChosen) -> None:
        self.series = event.settings
        for panel in self.query(PracticePanel):  # none until its tab is first opened
            panel.use_series(event.settings)
        for failures in self.query(PracticeFailuresPanel):
            failures.use_series(event.settings)
