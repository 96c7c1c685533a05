"""Quitting while some notes are not in the record yet: say so, and let the learner choose."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from lessons.evidence import BY_KEY
from lessons.unsaved_notes import write_unsaved_notes
from tui.screens.closing import close


class UnsavedScreen(ModalScreen[None]):
    AUTO_FOCUS = "#unsaved-write"
    DEFAULT_CSS = """
    UnsavedScreen { align: center middle; }
    #unsaved-box { width: 72; max-width: 100%; height: auto; padding: 1 2;
                   background: $panel; border: round $error; }
    #unsaved-box Button { width: 100%; margin-top: 1; }
    #unsaved-box Button:focus { text-style: bold reverse; }
    """
    BINDINGS = [
        Binding(
            "w",
            "write",
            "Write to a file and quit",
            id="unsaved-write-key",
            tooltip="Write the unsaved notes to a plain text file beside the record, then quit",
        ),
        Binding(
            "escape",
            "stay",
            "Stay",
            id="unsaved-stay",
            tooltip="Go back; rnn-tutor keeps trying to save",
        ),
    ]

    def compose(self) -> ComposeResult:
        writer = self.app.store.writer
        fields = ", ".join(
            BY_KEY[key].label if key in BY_KEY else key for key in writer.unsaved_notes()
        )
        problem = writer.state.problem or "the record did not answer in time"
        with Vertical(id="unsaved-box"):
            yield Static(Text("Some notes are not saved yet", style="bold"))
            yield Static(
                Text(
                    f"Not in your record: {fields}. Why: {problem}. rnn-tutor keeps "
                    f"retrying while it runs. w writes them to a text file in "
                    f"{self.app.data_dir} (or your home folder) before quitting."
                )
            )
            yield Button("w  Write them to a file, then quit", id="unsaved-write", compact=True)
            yield Button("Esc  Stay (keep retrying)", id="unsaved-back", compact=True)
            yield Button("Quit without them", id="unsaved-discard", compact=True)
            yield Static("", id="unsaved-message", markup=False)

    @on(Button.Pressed, "#unsaved-write")
    def action_write(self) -> None:
        app = self.app
        written = write_unsaved_notes(app.data_dir, app.store.writer.unsaved_notes())
        if written is None:
            self.query_one("#unsaved-message", Static).update(
                "No folder would take the file (the data folder, your home, the temp folder)."
                " Copy the text from the note, or stay and free some space."
            )
            return
        app.exit(message=f"Your unsaved notes are in {written}")

    @on(Button.Pressed, "#unsaved-back")
    def action_stay(self) -> None:
        close(self)

    @on(Button.Pressed, "#unsaved-discard")
    def discard(self) -> None:
        self.app.exit()
