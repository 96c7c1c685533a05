"""Pick one of the learner's runs to cite in an evidence note (or to stop citing it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lessons.run_summary import summarize
from lessons.store import Run
from tui.screens.closing import close


class CitePicker(ModalScreen[int | None]):
    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape", "cancel", "Close", id="cite-close", tooltip="Cite nothing")]

    def __init__(self, label: str, runs: list[Run], cited: set[int]) -> None:
        super().__init__()
        self.label = label
        self.runs = runs
        self.cited = cited

    def compose(self) -> ComposeResult:
        with Vertical(id="cite-box"):
            yield Static(Text(f"Cite a run in “{self.label}”", style="bold"))
            yield Static(
                Text("Enter cites the highlighted run (or, if ✓, stops citing it).", style="dim")
            )
            if not self.runs:
                yield Static(Text("No runs yet: run something in a lesson first.", style="dim"))
            options = []
            for run in reversed(self.runs):
                mark = "✓ " if run.id in self.cited else "  "
                options.append(Option(Text(f"{mark}#{run.id} {summarize(run)}"), id=str(run.id)))
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        close(self, int(event.option.id or 0))

    def action_cancel(self) -> None:
        close(self)
