"""Shown over everything while the terminal is smaller than the tutor can lay out."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 60, 20


class TooSmallScreen(ModalScreen):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: 100%; height: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.describe()

    def on_resize(self) -> None:
        self.describe()

    def describe(self) -> None:
        width, height = self.app.size
        self.query_one(Static).update(
            Text(
                f"This terminal is {width}x{height}. rnn-tutor needs at least "
                f"{MIN_WIDTH}x{MIN_HEIGHT}: please make the window bigger. "
                "Nothing is lost meanwhile.",
                justify="center",
            )
        )


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT
