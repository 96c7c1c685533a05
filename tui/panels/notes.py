"""Evidence notes: one text area per field, saved while the learner types (debounced)."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static, TextArea

from lessons.evidence import BY_KEY, FIELDS
from lessons.run_summary import summarize
from tui.record_writer import WriterState
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.panel import Panel

RUNS_SHOWN = 8
FIELD_KEYS = tuple(field.key for field in FIELDS)


class NotesPanel(Panel):
    DEFAULT_CSS = """
    NotesPanel { padding: 0 1; }
    NotesPanel TextArea { height: 6; margin-top: 1; }
    NotesPanel .cites { height: auto; color: $text-muted; }
    NotesPanel #runs { margin-top: 1; height: auto; }
    NotesPanel #save-problem { height: auto; text-style: bold; color: $error; }
    """
    BINDINGS = [
        # ctrl+t works while a note has the keyboard too (TextArea does not use it); a letter
        # would open the picker from prose typed outside a note.
        Binding("ctrl+t", "cite", "Cite a run", id="notes-cite", tooltip="Cite one of your runs"),
        # The tab opens with the panel focused, not a note: a key pressed by habit right after
        # opening it (say, after "continue where I left off") is not typed into a note.
        Binding("enter", "write", "Write", id="notes-write", tooltip="Write in your last note"),
    ]

    def __init__(self, fields: tuple[str, ...], runs_of: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields = fields
        self.runs_of = runs_of  # a lesson id: list its runs under the notes, to quote from
        self.current = fields[0] if fields else ""  # the note last written in: c cites into it
        self.can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(
            Text(
                "Your evidence notes, in your own words; they save as you type. "
                "Enter writes in your last note, Tab moves between them; ctrl+t cites one of your "
                "runs in the note you are writing (or wrote in last).",
                style="dim",
            )
        )
        yield Static(id="save-problem")
        store = services(self).store
        for key in self.fields:
            field = BY_KEY[key]
            yield TextArea(
                store.note_for_editing(key),
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
            self.show_citations(key)
        self.show_saving(services(self).store.writer.state)
        self.app.record_signal.subscribe(self, self.show_saving)
        self.refresh_runs()

    def show_saving(self, state: WriterState) -> None:
        """Each note's border says whether it is in the record; a problem is spelled out."""
        store = services(self).store
        for key in self.fields:
            if key in state.unsaved_notes:
                label = f"not saved yet: {state.problem}, retrying" if state.problem else "typing…"
            elif key in state.saved:
                label = "saved " + time.strftime("%H:%M:%S", time.localtime(state.saved[key]))
            else:
                label = "saved" if store.note(key) else "empty"
            self._label(key, label)
        problem = self.query_one("#save-problem", Static)
        problem.update(
            Content(
                f"Not saved yet: {state.problem}. Your text stays here and rnn-tutor keeps "
                "retrying; ctrl+q asks before quitting."
            )
            if state.problem and state.unsaved_notes
            else Content("")
        )
        problem.display = bool(state.problem and state.unsaved_notes)

    def on_descendant_blur(self, event) -> None:
        # Leaving a note saves it at once: whatever the learner does next sees it.
        if isinstance(event.widget, TextArea):
            self.flush()

    def on_descendant_focus(self, event) -> None:
        key = (event.widget.id or "").removeprefix("note-")
        if key in self.fields:
            self.current = key
            # Entering a note, the learner goes on writing: the cursor goes to its end.
            area = event.widget
            area.move_cursor(area.document.end)

    def action_write(self) -> None:
        if self.current:
            self.query_one(f"#note-{self.current}", TextArea).focus()

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
            # Back to the note the citation went into (its cursor at the end), whichever
            # widget had the keyboard before: the learner goes on writing about the run.
            self.query_one(f"#note-{key}", TextArea).focus()

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
        services(self).store.writer.set_note(key, event.text_area.text)
        self._label(key, "typing…")

    def flush(self) -> None:
        """Write every changed note now (on the writer's thread: this never waits)."""
        services(self).store.writer.save_notes_now()

    def on_unmount(self) -> None:
        self.flush()


@tab_kind("notes", "Notes", "e", "Your evidence notes", "NotesPanel")
def notes_tab(screen, tab):
    """`fields = "all"` shows every evidence note; `runs = true` lists the lesson's runs."""
    lesson = screen.lesson
    fields = FIELD_KEYS if tab.options.get("fields") == "all" else lesson.evidence
    return NotesPanel(tuple(fields), runs_of=lesson.id if tab.options.get("runs") else "")
