"""A lesson's reading: its text, then the "learn in this order" map to the next lessons."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lessons import catalog
from lessons.catalog import Lesson
from tui.tab_kinds import tab_kind
from tui.widgets.panel import Panel


class LearnPanel(Panel):
    DEFAULT_CSS = """
    LearnPanel { padding: 0 1; }
    LearnPanel #order-title { margin-top: 1; text-style: bold; }
    LearnPanel OptionList { height: auto; max-height: 8; }
    """

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        # One widget drawing Rich's Markdown: Textual's Markdown widget mounts one widget per
        # block (about 40 a lesson), which held the screen ~50 ms each time a lesson opened.
        yield Static(RichMarkdown(self.lesson.body, code_theme="ansi_dark"), id="learn-text")
        if self.lesson.next:
            yield Static(
                Text("Learn in this order (Tab to the list, Enter opens a lesson)"),
                id="order-title",
            )
            options = []
            for position, lesson_id in enumerate(self.lesson.next, start=1):
                other = catalog.lesson(lesson_id)
                state = "" if other.built else "  (not built yet)"
                label = Text(f"{position}. {other.label}: {other.purpose}{state}")
                options.append(Option(label, id=other.id))
            yield OptionList(*options, id="learn-order")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.open_lesson(event.option.id)


@tab_kind("learn", "Learn", "l", "The lesson text", "LearnPanel")
def learn_tab(screen, tab):
    return LearnPanel(screen.lesson)
