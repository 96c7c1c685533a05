"""The self-check: one review session across the lessons, every evidence note with the runs it
cites, the pass check, and the portfolio export."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from lessons import catalog, progress, review
from lessons.evidence import FIELDS
from lessons.report import export
from tui.screens.lesson import NOTES, Tab, TabbedLessonScreen
from tui.services import services
from tui.widgets.notes import NotesPanel
from tui.widgets.pass_check import PassCheckPanel
from tui.widgets.quiz import QuizPanel

PORTFOLIO_NAME = "portfolio.md"


class ReviewPanel(Vertical):
    """Today's review: questions from every lesson, wrong ones first (Leitner boxes)."""

    DEFAULT_CSS = """
    ReviewPanel { height: 1fr; }
    ReviewPanel #review-about { height: auto; padding: 0 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        store = services(self).store
        built = [lesson for lesson in catalog.lessons() if lesson.quiz]
        due = review.session(store, built)
        if due:
            about = (
                f"{len(due)} questions due from {len({c.lesson.id for c in due})} lessons: "
                "ones you got wrong first, then new ones."
            )
            entries = [(card.lesson, card.item) for card in due]
        else:
            about = "Nothing is due for review; here is every question once more."
            entries = [(lesson, item) for lesson in built for item in lesson.quiz]
        yield Static(Text(about), id="review-about")
        yield QuizPanel(entries, resume=False, on_finish=self.finished)

    def finished(self) -> None:
        store = services(self).store
        progress.refresh_status(store, catalog.lesson("self-check"))

    def take_focus(self) -> None:
        self.query_one(QuizPanel).take_focus()


class SelfCheckScreen(TabbedLessonScreen):
    TABS = (
        Tab("review", "Review", "q", "Questions from every lesson", "ReviewPanel"),
        Tab("notes", "Evidence notes", NOTES.key, NOTES.tooltip, NOTES.focus),
        Tab(
            "check",
            "Pass check",
            "k",
            "What the syllabus asks, and where you are",
            "PassCheckPanel",
        ),
    )
    BINDINGS = [
        Binding("x", "export", "Export", id="export-portfolio", tooltip="Write your portfolio"),
    ]

    def panel(self, tab: Tab) -> Widget:
        return {
            "review": ReviewPanel,
            "notes": lambda: NotesPanel(tuple(field.key for field in FIELDS)),
            "check": PassCheckPanel,
        }[tab.id]()

    def action_export(self) -> None:
        from tui.screens.export_dialog import ExportDialog

        app = services(self)
        for panel in self.query(NotesPanel):
            panel.flush()  # the portfolio holds what the learner sees, to the last key

        def saved(path) -> None:
            if path is not None:
                app.store.record_export("portfolio", str(path))
                self.notify(f"Portfolio saved to {path}", markup=False)

        self.app.push_screen(
            ExportDialog(
                "Export your evidence portfolio (Markdown)",
                app.data_dir / PORTFOLIO_NAME,
                export(app.store),
            ),
            saved,
        )
