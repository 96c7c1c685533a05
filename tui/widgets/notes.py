"""Evidence notes: one text area per field, saved while the learner types (debounced)."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static, TextArea

from lessons.evidence import BY_KEY
from lessons.run_summary import summarize
from tui.services import services
from tui.widgets.panel import Panel

RUNS_SHOWN = 8
SAVE_DELAY = 0.5  # seconds after the first unsaved key: a killed terminal loses at most this


class NotesPanel(Panel):
    DEFAULT_CSS = """
    NotesPanel { padding: 0 1; }
    NotesPanel TextArea { height: 6; margin-top: 1; }
    NotesPanel .cites { height: auto; color: $text-muted; }
    NotesPanel #runs { margin-top: 1; height: auto; }
    """
    BINDINGS = [
        Binding("c", "cite", "Cite a run", id="notes-cite", tooltip="Cite one of your runs"),
    ]

    def __init__(self, fields: tuple[str, ...], runs_of: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields = fields
        self.runs_of = runs_of  # a lesson id: list its runs under the notes, to quote from
        self._dirty: dict[str, str] = {}  # field -> text not yet written
        self._timer: Timer | None = None
        self.current = fields[0] if fields else ""  # the note last written in: c cites into it
        self.can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(
            Text(
                "Your evidence notes, in your own words; they save as you type. "
                "Escape, then c cites one of your runs in the last note you wrote in.",
                style="dim",
            )
        )
        store = services(self).store
        for key in self.fields:
            field = BY_KEY[key]
            yield TextArea(
                store.note(key),
                id=f"note-{key}",
                placeholder=field.prompt,
                soft_wrap=True,
                show_line_numbers=False,
            )
            yield Static(id=f"cites-{key}", classes="cites")

        if self.runs_of:
            yield Static(id="runs")

    def on_mount(self) -> None:
        for key in self.fields:
            self._label(key, "saved" if services(self).store.note(key) else "empty")
            self.show_citations(key)
        self.refresh_runs()

    def on_descendant_blur(self, event) -> None:
        # Leaving a note saves it at once: whatever the learner does next sees it.
        if isinstance(event.widget, TextArea):
            self.flush()

    def on_descendant_focus(self, event) -> None:

        key = (event.widget.id or "").removeprefix("note-")
        if key in self.fields:
            self.current = key

    def show_citations(self, key: str) -> None:
        runs = services(self).store.citations(key)
        text = Text()
        for run in runs:
            text.append(f"cites #{run.id} {summarize(run)}\n")
        view = self.query_one(f"#cites-{key}", Static)
        view.update(text)
        view.display = bool(runs)

    def action_cite(self) -> None:
        from tui.screens.cite_picker import CitePicker

        if not self.current:
            return
        store = services(self).store
        key = self.current
        cited = {run.id for run in store.citations(key)}

        def chosen(run_id: int | None) -> None:
            if run_id:
                (store.uncite if run_id in cited else store.cite)(key, run_id)
                self.show_citations(key)

        self.app.push_screen(CitePicker(BY_KEY[key].label, store.runs(), cited), chosen)

    def refresh_runs(self) -> None:
        """List the lesson's latest runs, the evidence a note can point to."""
        if not self.runs_of:
            return
        runs = services(self).store.runs(self.runs_of)[-RUNS_SHOWN:]
        text = Text("Your latest runs in this lesson", style="bold")
        if not runs:
            text.append("\n  none yet: run something in the other tabs", style="dim")
        for run in reversed(runs):
            text.append(f"\n  #{run.id} ", style="bold")
            text.append(summarize(run))
        self.query_one("#runs", Static).update(text)

    def _label(self, key: str, state: str) -> None:
        # The border carries the field's name and save state, so both stay in view while typing.
        area = self.query_one(f"#note-{key}", TextArea)
        area.border_title = Content(BY_KEY[key].label)
        area.border_subtitle = Content(state)

    @on(TextArea.Changed)
    def changed(self, event: TextArea.Changed) -> None:
        key = (event.text_area.id or "").removeprefix("note-")
        if key not in self.fields:
            return
        self._dirty[key] = event.text_area.text
        self._label(key, "typing…")
        # Not reset by later keys: while the learner keeps typing, the note still saves every
        # SAVE_DELAY, so a killed terminal never loses more than that.
        if self._timer is None:
            self._timer = self.set_timer(SAVE_DELAY, self.flush)

    def flush(self) -> None:
        """Write every changed note now."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        store = services(self).store

        while self._dirty:
            key, text = self._dirty.popitem()
            store.save_note(key, text)
            if self.is_mounted:
                self._label(key, "saved " + time.strftime("%H:%M:%S"))

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.flush()
