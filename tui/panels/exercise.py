"""Exercises: the learner writes PyTorch in a code editor; hidden checks judge each save.

The editor holds the learner's own copy (exercises.learner_files): saved to that file as they
type, checked a moment after each save in the app's one Checker (a worker process with torch;
this process never imports it), every check recorded. A file changed from outside (another
editor, F4) is reloaded and checked again.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Key
from textual.widgets import Static, TextArea

from exercises.catalog import Exercise, exercises_by_name
from exercises.learner_files import HINT_STATE, ensure_copy, file_stamp
from exercises.report import CheckReport
from exercises.runner import Checker, CheckerUnavailable
from lessons import catalog
from lessons.files import write_new_file
from tui.run_record import lesson_changed
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.panel import Panel
from tui.widgets.toggle import Cycler

SAVE_DELAY = 0.5  # seconds after the last key before the file is written
CHECK_DELAY = 0.8  # seconds after a save before it is checked (a burst of saves: one check)
POLL = 1.0  # seconds between looks at the file for changes made outside the app
MORE = "F5: all of it"
FAILS_BEFORE_SOLUTION = 3  # failed checks after which F3 offers the solution (confirmed)


def app_checker(app) -> Checker:
    """The app's one Checker, made (and its worker started) by the first exercise tab."""
    checker = getattr(app, "exercise_checker", None)
    if checker is None:
        checker = app.exercise_checker = Checker()
    return checker


def exercise_title(exercise: Exercise) -> str:
    return f"Exercise {exercise.number}: {exercise.title}"


def report_text(report: CheckReport) -> Text:
    """One line per check (a mark, its name, why it failed) and what the code printed (the
    verdict is on the status line, always in view). Plain Text: learner code and its messages
    hold brackets."""
    text = Text()
    for result in report.checks:
        text.append(
            "✓ " if result.passed else "✗ ", style="bold green" if result.passed else "bold red"
        )
        text.append(result.name)
        if result.message:
            text.append(f": {result.message}")
        text.append("\n")
    if report.output.strip():
        text.append("your code printed:\n", style="bold")
        for line in report.output.rstrip("\n").splitlines()[-12:]:
            text.append(f"  {line}\n")
    text.rstrip()
    return text


class CodeEditor(TextArea):
    """A code editor whose Escape leaves it (the lesson screen's Back), as every text box's does:
    Textual's indenting TextArea would move the keyboard to the next widget instead."""

    async def _on_key(self, event: Key) -> None:
        if event.key == "escape":
            # Skips TextArea's own handler (Textual calls every class's _on_key); the key goes
            # on to the screen's bindings.
            event.prevent_default()
            return
        await super()._on_key(event)


class ExercisePanel(Panel):
    DEFAULT_CSS = """
    /* Every column goes to the code: without the panel's and the editor's side padding and
       with a thin scroll bar, the editor at 80 columns has 71 for text (70 with three-digit
       line numbers), room for the files' 68. */
    ExercisePanel { padding: 0; }
    ExercisePanel CodeEditor { padding: 0; scrollbar-size-vertical: 1; }
    ExercisePanel #exercise-task { height: 1; }
    /* The editor gets most of the height: the task is the file's own docstring (in the editor),
       so only its title is shown above, and the feedback scrolls in a quarter of the panel
       (F5 gives it most of the panel and back). At 80x24 that leaves 10 lines of code, at
       60x20 six, however long the feedback. */
    ExercisePanel #exercise-editor { height: 1fr; min-height: 5; }
    ExercisePanel .exercise-note { height: auto; color: $text-muted; }
    ExercisePanel #exercise-problem { height: auto; text-style: bold; color: $error; }
    ExercisePanel #exercise-feedback { height: auto; max-height: 25%; }
    ExercisePanel.-feedback-full #exercise-feedback { height: 1fr; max-height: 100%; }
    ExercisePanel.-feedback-full #exercise-editor { height: 5; min-height: 5; }
    ExercisePanel #exercise-result, ExercisePanel #exercise-extra { height: auto; }
    """
    BINDINGS = [
        # Control and F keys only: the learner types code, and every letter is code.
        Binding("ctrl+r", "check", "Check", id="exercise-check", tooltip="Check your code now"),
        Binding("f2", "hint", "Hint", id="exercise-hint", tooltip="A hint (it is recorded)"),
        Binding("f3", "solution", "Solution", id="exercise-solution", tooltip="The reference"),
        Binding("f4", "external", "$EDITOR", id="exercise-editor-key", tooltip="Your own editor"),
        Binding(
            "f5", "feedback", "Feedback", id="exercise-feedback-key", tooltip="Feedback in full"
        ),
        Binding("enter", "write", "Write", id="exercise-write", tooltip="Edit the code"),
    ]

    def __init__(self, lesson: str, names: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.names = names
        self.exercise = exercises_by_name()[names[0]]
        self.can_focus = True
        self.path: Path | None = None
        self.saved_text = ""  # what the file holds, as far as this panel knows
        self.stamp: tuple[int, int] | None = None  # the file's stamp when last read or written
        self.checking = False
        self.check_again = False  # a check was asked for while one ran
        self.solution_asked = False  # F3 once after three failures: the next F3 shows it
        self._save_timer = None
        self._check_timer = None
        # Soft wrap: the files keep to 68 columns, which fit the editor at 80; on a narrower
        # screen a long line wraps instead of hiding its end off to the right.
        self.editor = CodeEditor.code_editor(
            language="python", id="exercise-editor", soft_wrap=True
        )

    # ---- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if len(self.names) > 1:
            # The chooser names the exercise; a lone exercise's title is a line of its own.
            options = [(exercise_title(exercises_by_name()[name]), name) for name in self.names]
            yield Cycler(options, self.exercise.name, id="exercise-choice")
        else:
            yield Static(id="exercise-task")
        yield Static(id="exercise-problem")
        yield self.editor
        yield Static(id="exercise-status", classes="exercise-note")
        with VerticalScroll(id="exercise-feedback"):
            yield Static(id="exercise-result")
            yield Static(id="exercise-extra")

    def on_mount(self) -> None:
        self.query_one("#exercise-problem", Static).display = False
        self.show_exercise()
        checker = app_checker(self.app)
        if checker.pid is None:
            self.status("starting the checker… (it loads torch in its own process)")
            self._start_checker(checker)
        self.set_interval(POLL, self.poll_file, name="exercise file watch")

    @work(thread=True, exit_on_error=False, group="exercise-checker-start")
    def _start_checker(self, checker: Checker) -> None:
        try:
            checker.start()
        except CheckerUnavailable as error:
            self.app.call_from_thread(self.status, f"the checker cannot start: {error}")
            return
        self.app.call_from_thread(self.status, "the checker is starting; save to check")

    def show_exercise(self) -> None:
        """Load the chosen exercise's copy into the editor (made from the template if new)."""
        exercise = self.exercise
        for task in self.query("#exercise-task").results(Static):
            task.update(
                Text(exercise_title(exercise), style="bold", no_wrap=True, overflow="ellipsis")
            )
        self.query_one("#exercise-result", Static).update("")
        self.query_one("#exercise-extra", Static).update("")
        self.solution_asked = False
        try:
            self.path = ensure_copy(services(self).data_dir, exercise)
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            self.path = None
            self.problem(f"Cannot open your copy: {error}")
            return
        self.problem("")
        self.status("saved as you type, checked a moment later; Enter edits, Esc leaves")
        self._load(text)
        editor = self.editor
        editor.border_title = Text(self.path.name)
        last = services(self).store.exercise_checks(exercise.name)
        if last:
            self.status("passed before" if last[-1].passed else "last check failed; ctrl+r checks")

    def _load(self, text: str) -> None:
        self.saved_text = text
        self.stamp = file_stamp(self.path) if self.path else None
        self.editor.load_text(text)

    @on(Cycler.Changed, "#exercise-choice")
    def chose(self, event: Cycler.Changed) -> None:
        self.save_now()
        self.exercise = exercises_by_name()[event.value]
        self.show_exercise()

    # ---- saving ----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.editor.text != self.saved_text

    @on(TextArea.Changed, "#exercise-editor")
    def edited(self, event: TextArea.Changed) -> None:
        if not self.dirty:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_now)
        self.status("typing…")

    def save_now(self) -> bool:
        """Write the editor's text to the learner's file (whole or not at all); True if saved
        (or nothing to save). A failure is shown and the text stays in the editor."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.path is None or not self.dirty:
            return True
        text = self.editor.text
        try:
            # On the event loop: the atomic write with its fsync took 0.42 ms median, 2.6 ms at
            # worst in 50 writes of an exercise-sized file here, far under the 50 ms gap target.
            write_new_file(self.path, text, overwrite=True)
        except OSError as error:
            self.problem(
                f"Not saved: {error}. Your text stays here; it is tried again as you type."
            )
            return False
        self.problem("")
        self.saved_text = text
        self.stamp = file_stamp(self.path)
        self.status("saved " + time.strftime("%H:%M:%S"))
        self.check_soon()
        return True

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea):
            self.save_now()

    def on_unmount(self) -> None:
        self.save_now()

    # ---- watching the file -----------------------------------------------------------------

    def poll_file(self) -> None:
        """Another program (an IDE, another terminal) saved the file: reload it and check."""
        if self.path is None:
            return
        stamp = file_stamp(self.path)
        if stamp is None or stamp == self.stamp:
            return
        self.stamp = stamp
        if self.dirty:
            self.problem(
                f"{self.path.name} was changed outside the app; your unsaved edits here are kept "
                "(they will overwrite it when saved)."
            )
            return
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        if text != self.saved_text:
            self._load(text)
            self.status("reloaded: changed outside the app")
            self.check_soon()

    # ---- checking --------------------------------------------------------------------------

    def check_soon(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.action_check)

    def action_check(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        if not self.save_now() or self.path is None:
            return
        if self.checking:
            self.check_again = True  # never two at once: this one runs when that one ends
            return
        self.checking = True
        self.status("checking…")
        self._run_check(self.exercise, self.path, self.saved_text)

    @work(thread=True, exit_on_error=False, group="exercise-check")
    def _run_check(self, exercise: Exercise, path: Path, code: str) -> None:
        try:
            report = app_checker(self.app).check(exercise.name, path)
        except CheckerUnavailable as error:
            self.app.call_from_thread(self._checked, exercise, code, None, str(error))
            return
        self.app.call_from_thread(self._checked, exercise, code, report, "")

    def _checked(
        self, exercise: Exercise, code: str, report: CheckReport | None, error: str
    ) -> None:
        self.checking = False
        if report is not None:
            failure = report.first_failure
            store = services(self).store
            store.record_exercise_check(
                exercise.name,
                exercise.lesson,
                report.passed,
                "" if failure is None else failure.name,
                store.get_state(HINT_STATE + exercise.name) is not None,
                code,
                report.measured,
            )
            # A passing exercise can pass its lesson (a [pass] exercises rule).
            lesson_changed(self, catalog.lesson(exercise.lesson))
        if exercise is self.exercise and self.is_mounted:
            if report is None:
                self.status(f"not checked: {error}")
            else:
                self.query_one("#exercise-result", Static).update(report_text(report))
                verdict = report.verdict()
                self.status(f"{verdict} · well done" if report.passed else f"{verdict} · {MORE}")
        if self.check_again and self.is_mounted:
            self.check_again = False
            self.action_check()

    # ---- help: hint, solution, another editor ----------------------------------------------

    def action_write(self) -> None:
        self.editor.focus()

    def action_feedback(self) -> None:
        """Give the feedback most of the panel (the editor keeps a few lines), or give it back."""
        self.toggle_class("-feedback-full")

    def action_hint(self) -> None:
        store = services(self).store
        key = HINT_STATE + self.exercise.name
        if store.get_state(key) is None:
            store.set_state(key, str(time.time()))
        self.query_one("#exercise-extra", Static).update(
            Text.assemble(("Hint: ", "bold"), self.exercise.hint)
        )

    def action_solution(self) -> None:
        checks = services(self).store.exercise_checks(self.exercise.name)
        extra = self.query_one("#exercise-extra", Static)
        if not any(check.passed for check in checks):
            failed = sum(not check.passed for check in checks)
            if failed < FAILS_BEFORE_SOLUTION:
                extra.update(
                    Text(
                        f"The reference solution opens once your code passes, or after "
                        f"{FAILS_BEFORE_SOLUTION} failed checks ({failed} so far). F2 gives a hint."
                    )
                )
                return
            if not self.solution_asked:
                self.solution_asked = True
                extra.update(
                    Text(
                        f"{failed} checks failed. Press F3 again to read the reference solution "
                        "(try the hint, F2, first?)."
                    )
                )
                return
        extra.update(Text.assemble(("Reference solution:\n", "bold"), self.exercise.solution()))

    def action_external(self) -> None:
        """Edit the file in $VISUAL or $EDITOR (else vi); on return, reload it and check."""
        if self.path is None or not self.save_now():
            return
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(command), str(self.path)], check=False)
        except SuspendNotSupported:
            # Under textual-serve (a browser) there is no terminal to hand over.
            self.problem(
                f"{command} cannot run here (no terminal to hand over); edit {self.path} in "
                "another window instead: it is watched, and checked when saved."
            )
            return
        except (OSError, ValueError) as error:
            self.problem(f"Cannot run {command}: {error}")
            return
        self.reload_after_edit()

    def reload_after_edit(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace") if self.path else ""
        except OSError as error:
            self.problem(f"Cannot read {self.path}: {error}")
            return
        if text != self.saved_text or file_stamp(self.path) != self.stamp:
            self._load(text)
        self.action_check()

    # ---- lines under the editor ------------------------------------------------------------

    def status(self, text: str) -> None:
        for view in self.query("#exercise-status").results(Static):  # none once taken down
            view.update(Text(text))

    def problem(self, text: str) -> None:
        for view in self.query("#exercise-problem").results(Static):  # none once taken down
            view.update(Text(text))
            view.display = bool(text)


def lesson_exercises(lesson: str, names: object = None) -> tuple[str, ...]:
    """The tab's `exercises` option, else every exercise whose LESSON is this lesson."""
    known = exercises_by_name()
    if names is None:
        return tuple(name for name, exercise in known.items() if exercise.lesson == lesson)
    if not isinstance(names, list) or not all(name in known for name in names):
        raise ValueError(f"{lesson}: exercises must list known exercises ({', '.join(known)})")
    return tuple(names)


@tab_kind("exercise", "Exercises", "x", "Write PyTorch yourself", "ExercisePanel", id="exercises")
def exercise_tab(screen, tab):
    """`exercises = ["gru-cell", ...]`; default: every exercise of the lesson, in order."""
    names = lesson_exercises(screen.lesson.id, tab.options.get("exercises"))
    if not names:
        raise ValueError(f"{screen.lesson.id}: the exercise tab has no exercises")
    return ExercisePanel(screen.lesson.id, names)
