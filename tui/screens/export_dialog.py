"""Save a file the learner names: never replaces an existing file without a second Enter.

A relative name lands beside the default file (the data dir), not in whatever folder the app
happened to be started from, so the learner finds it where the dialog pointed.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from lessons.files import write_new_file
from tui.screens.closing import close


class ExportDialog(ModalScreen[Path | None]):
    AUTO_FOCUS = "Input"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-export", tooltip="Save nothing")]

    def __init__(self, title: str, default_path: Path, text: str) -> None:
        super().__init__()
        self.heading = title
        self.default_path = default_path
        self.text = text
        self._confirm_replace: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Text(self.heading, style="bold"))
            yield Static(
                Text(
                    f"Save to (Enter saves, Escape cancels; a bare name goes in "
                    f"{self.default_path.parent}):"
                )
            )
            yield Input(str(self.default_path), id="export-path")
            yield Static("", id="export-message", markup=False)

    @on(Input.Changed)
    def path_changed(self) -> None:
        self._confirm_replace = None
        self.query_one("#export-message", Static).update("")

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        message = self.query_one("#export-message", Static)
        raw = event.value.strip()
        if not raw:
            message.update("Type a file name, for example rnn_first_loop.py.")
            return
        replace = self._confirm_replace == raw
        try:
            path = self.default_path.parent / Path(raw).expanduser()
            written = write_new_file(path, self.text, overwrite=replace)

        except FileExistsError:
            self._confirm_replace = raw
            message.update(f"{path} already exists. Press Enter again to replace it.")
            return
        except (OSError, ValueError) as error:
            message.update(f"Could not save: {error}")
            return
        close(self, written)

    def action_cancel(self) -> None:
        close(self)
