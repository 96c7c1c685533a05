"""The review: questions from every lesson in one session, wrong ones first (Leitner boxes)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from lessons import catalog, review
from lessons.words import counted
from tui.panels.quiz import QuizPanel
from tui.run_record import lesson_changed
from tui.services import services
from tui.tab_kinds import tab_kind


class ReviewPanel(Vertical):
    DEFAULT_CSS = """
    ReviewPanel { height: 1fr; }
    ReviewPanel #review-about { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, lesson: catalog.Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson  # the lesson holding the review, whose status it may change

    def compose(self) -> ComposeResult:
        store = services(self).store
        built = [lesson for lesson in catalog.lessons() if lesson.quiz]
        due = review.session(store, built)
        if due:
            about = (
                f"{counted(len(due), 'question')} due from "
                f"{counted(len({c.lesson.id for c in due}), 'lesson')}: "
                "ones you got wrong first, then new ones."
            )
            entries = [(card.lesson, card.item) for card in due]
        else:
            about = "Nothing is due for review; here is every question once more."
            entries = [(lesson, item) for lesson in built for item in lesson.quiz]
        yield Static(Text(about), id="review-about")
        yield QuizPanel(entries, resume=False, on_finish=self.finished)

    def finished(self) -> None:
        lesson_changed(self, self.lesson)

    def take_focus(self) -> None:
        self.query_one(QuizPanel).take_focus()


@tab_kind("review", "Review", "q", "Questions from every lesson", "ReviewPanel")
def review_tab(screen, tab):
    return ReviewPanel(screen.lesson)
