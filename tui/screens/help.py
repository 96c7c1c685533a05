"""The help screen: every key of the screen below it, generated from the bindings themselves."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.screens.closing import close

GENERAL = (
    ("Tab / Shift+Tab", "Move between fields and panels"),
    ("arrows", "Move in lists, tabs and text"),
    ("ctrl+o", "Command palette: open any lesson by name"),
)


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape", "close", "Close", id="close-help", tooltip="Close the help"),
        Binding("question_mark", "close", "Close", id="close-help-2", show=False, tooltip="Close."),
        Binding("q", "close", "Close", id="close-help-3", show=False, tooltip="Close"),
    ]

    def action_close(self) -> None:
        close(self)

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(f"Keys: {self.below.title or 'rnn-tutor'}", style="bold"))
            yield Static(self._table())
            for notes in self._tab_notes():
                yield Static(Text.assemble("\n", notes))
            yield Static(Text("Escape closes this help.", style="dim"))

    def _table(self) -> Group:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(style="dim")
        seen: set[str] = set()
        for binding in self._our_bindings():
            ident = binding.id or f"{binding.key}:{binding.action}"
            if ident in seen or not binding.description:
                continue
            seen.add(ident)
            label = binding.key_display or self.app.get_key_display(binding)
            table.add_row(Text(label), Text(binding.description), Text(binding.tooltip))
        # Their own grid: a long text in the table's unwrapped middle column would squeeze the
        # tooltips above into a narrow strip.
        general = Table.grid(padding=(0, 2))
        general.add_column(style="bold cyan", no_wrap=True)
        general.add_column(style="dim")
        for key, text in GENERAL:
            general.add_row(Text(key), Text(text))
        return Group(table, Text(""), general)

    def _tab_notes(self):
        """What the panel on screen says about itself beyond its keys (a panel with rules to
        explain defines help_notes)."""
        for widget in self.below.walk_children():
            if hasattr(widget, "help_notes") and widget.is_on_screen:
                yield widget.help_notes()

    def _our_bindings(self):
        """Bindings the tutor declares (not Textual's built-ins) on the screen below, its
        widgets and the app, innermost first."""
        owners = [*self.below.walk_children(), self.below, self.app]
        for owner in owners:
            for cls in type(owner).__mro__:
                if cls.__module__.startswith("tui.") and "BINDINGS" in vars(cls):
                    yield from vars(cls)["BINDINGS"]
