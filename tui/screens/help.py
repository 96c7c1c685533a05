"""The help screen: every key of the screen below it, generated from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = (
    ("Tab / Shift+Tab", "Move between fields and panels"),
    ("arrows", "Move in lists, tabs and text"),
    ("ctrl+p", "Command palette: open any lesson by name"),
)


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="close-help", tooltip="Close the help"),
        Binding(
            "question_mark", "dismiss", "Close", id="close-help-2", show=False, tooltip="Close."
        ),
        Binding("q", "dismiss", "Close", id="close-help-3", show=False, tooltip="Close"),
    ]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(f"Keys: {self.below.title or 'rnn-tutor'}", style="bold"))
            yield Static(self._table())
            yield Static(Text("Escape closes this help.", style="dim"))

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        seen: set[str] = set()
        for node in self._nodes():
            for key, binding in node._bindings:
                ident = binding.id or f"{key}:{binding.action}"
                if ident in seen or not binding.description:
                    continue
                seen.add(ident)
                label = binding.key_display or self.app.get_key_display(binding)
                table.add_row(Text(label), Text(binding.tooltip or binding.description))
        for key, text in GENERAL:
            table.add_row(Text(key), Text(text))
        return table

    def _nodes(self):
        """The screen's own widgets that define keys (ours, not Textual's), the screen, the app."""
        for node in self.below.walk_children():
            if type(node).__module__.startswith("tui.") and "BINDINGS" in vars(type(node)):
                yield node
        yield self.below
        yield self.app
