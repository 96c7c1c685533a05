"""The one-line title at the top of each screen.

Textual's Header fills its title in after mounting, which fails if the screen is already gone
(a learner holding n flips lessons faster than that); a plain line has nothing to go wrong.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        background: $panel;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    """

    def __init__(self, title: str, subtitle: str = "") -> None:
        text = Text(title, style="bold")
        if subtitle:
            text.append(f" — {subtitle}", style="dim")
        super().__init__(text)
