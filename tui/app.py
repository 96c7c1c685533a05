"""The rnn-tutor Textual app: the lesson list, the lesson screens, the engine and the record."""

from __future__ import annotations

import asyncio
import gc
import importlib
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import get_current_worker

from lessons import catalog
from lessons.store import Store
from lessons.unsaved_notes import write_unsaved_notes
from tui.engine_client import EngineClient, EngineState
from tui.messages import RecordWriteChanged
from tui.record import Record
from tui.record_writer import RecordWriter, WriterState
from tui.screens.closing import close
from tui.screens.lesson_list import LessonListScreen
from tui.screens.too_small import TooSmallScreen, too_small

if TYPE_CHECKING:
    from tui.lesson_memory import LessonMemory

LESSON_MODULES = (
    "tui.screens.coming_soon",
    "tui.screens.lesson",
    "tui.panels",
    "tui.screens.help",
)


# Python starts a full garbage-collection pass whenever enough objects have piled up, and a full
# pass walks every tracked object: 5-10 ms measured here, 20-40 ms while a race keeps both cores
# busy, and often in the middle of laying out a screen just built. The app turns those automatic
# passes off while it runs and makes one itself every few seconds, as its own step between
# frames, and not while a task streams progress (for a minute at most); the quick
# young-generation passes stay.
FULL_COLLECTION_EVERY = 5.0  # seconds
FULL_COLLECTION_DEFERRED_AT_MOST = 60.0  # seconds: a task left paused must not stop them for good
NO_AUTOMATIC_FULL_COLLECTION = 1_000_000  # young-generation passes before Python would run one
QUIT_WAIT = 1.5  # seconds quitting waits for the last notes to reach the record


class TutorApp(App):
    # Absolute, so subclasses elsewhere (the benchmark's heartbeat app) find it too: Textual
    # resolves a relative CSS_PATH beside the subclass's own file.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "rnn-tutor"
    SUB_TITLE = "recurrent networks, step by step"
    # ctrl+o (open a lesson by name): ctrl+p is the previous lesson.
    COMMAND_PALETTE_BINDING = "ctrl+o"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave the tutor (notes are saved)"),
        Binding(
            "question_mark",
            "help",
            "Help",
            id="help",
            tooltip="Every key on this screen",
            key_display="?",
        ),
        # F1 reaches the help even while a text box has the keyboard and "?" would be typed.
        Binding("f1", "help", "Help", id="help-f1", show=False, tooltip="Every key on this screen"),
    ]

    engine_state: reactive[EngineState] = reactive(EngineState("stopped"), init=False)

    def __init__(
        self,
        data_dir: Path,
        engine_command: list[str] | None = None,
        start_engine: bool = True,
        on_record_wait: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        store = Store.open(data_dir, on_wait=on_record_wait)
        self.store = Record(store, RecordWriter(data_dir, self._record_changed))
        # Notes panels follow the saving state (saved, typing, not saved yet and why).
        self.record_signal: Signal[WriterState] = Signal(self, "record-changed")
        self._save_problem = ""  # the problem last told to the learner
        self.lesson_memory: dict[str, LessonMemory] = {}  # see tui.lesson_memory
        self.engine = EngineClient(on_state=self._engine_changed, command=engine_command)
        self._start_engine = start_engine
        # The exercises' Checker (exercises.runner), made by the first exercise tab opened.
        self.exercise_checker = None
        self._gc_threshold = gc.get_threshold()  # put back when the app ends
        self.last_full_collection = time.monotonic()  # public: a test makes it a minute old

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(number, self._exit_on_signal, number)
        gc.set_threshold(*self._gc_threshold[:2], NO_AUTOMATIC_FULL_COLLECTION)
        # (A method, not gc.collect itself: Textual cannot inspect a built-in's parameters.)
        self.set_interval(FULL_COLLECTION_EVERY, self.collect_garbage, name="full collection")
        self.push_screen(LessonListScreen())
        self.call_after_refresh(self.fit_terminal)

        for notice in self.store.notices:
            self.notify(notice, title="Your progress file", severity="warning", markup=False)
        if self._start_engine:
            # Started after the first frame is queued: the list never waits for torch.
            self.call_after_refresh(self.run_worker, self.engine.start(), name="engine-start")
        self.call_after_refresh(self.warm_imports)

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm-imports")
    def warm_imports(self) -> None:
        """Import the lesson screens' modules (Markdown, plotext, ...: ~100 ms) on a thread after
        the first frame, so opening the first lesson does not wait for them. The thread holds
        the GIL 5 ms at a time at most, so the screen stays live meanwhile."""
        worker = get_current_worker()
        for name in LESSON_MODULES:
            if worker.is_cancelled:  # the app is closing
                return
            importlib.import_module(name)
        # Everything loaded so far lives as long as the app: keep it out of the cyclic garbage
        # collector's full passes, which otherwise stall the screen for tens of milliseconds.
        gc.freeze()

    def collect_garbage(self) -> None:
        waited = time.monotonic() - self.last_full_collection
        if not self.engine.busy or waited > FULL_COLLECTION_DEFERRED_AT_MOST:
            gc.collect()
            self.last_full_collection = time.monotonic()

    async def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(number)
        try:
            await self.engine.stop()
            if self.exercise_checker is not None:
                await asyncio.to_thread(self.exercise_checker.close)
            # The writer finishes off its thread (a few seconds at most if the record is stuck);
            # the app's own connection closes here, on the thread that made it.
            await asyncio.to_thread(self.store.writer.close)
            self.store.close()
        finally:
            gc.set_threshold(*self._gc_threshold)

    # ---- the record's writes -----------------------------------------------------------

    def _record_changed(self, state: WriterState) -> None:
        # Called on the writer's thread; post_message is thread-safe once the app runs.
        if self.is_running:
            self.post_message(RecordWriteChanged(state))

    def on_record_write_changed(self, message: RecordWriteChanged) -> None:
        state = message.state
        if state.problem and state.problem != self._save_problem:
            self.notify(
                f"Not saved yet: {state.problem}. rnn-tutor keeps retrying; what you typed "
                "stays on screen.",
                title="Your record",
                severity="error",
                timeout=10,
                markup=False,
            )
        elif not state.problem and self._save_problem:
            self.notify("Saving works again: your record is up to date.", markup=False)
        self._save_problem = state.problem
        for other in state.conflicts:
            when = time.strftime("%H:%M:%S", time.localtime(other.updated))
            self.notify(
                f"Your note {other.field!r} was also changed in another window ({when}). "
                "Both versions are kept as revisions; nothing was overwritten.",
                title="Two windows",
                severity="warning",
                timeout=15,
                markup=False,
            )
        self.record_signal.publish(state)

    async def action_quit(self) -> None:
        """Quit once every note is in the record; if some cannot be written, ask first."""
        from tui.screens.unsaved import UnsavedScreen

        if await asyncio.to_thread(self.store.writer.flush, QUIT_WAIT):
            self.exit()
            return
        if not isinstance(self.screen, UnsavedScreen):
            self.push_screen(UnsavedScreen())

    def save_before_exit(self) -> Path | None:
        """For a signal: write pending notes to the record, else to a plain file beside it."""
        if self.store.writer.flush(QUIT_WAIT):
            return None
        return write_unsaved_notes(self.data_dir, self.store.writer.unsaved_notes())

    def _exit_on_signal(self, signal_number: int) -> None:
        # A closed SSH session (SIGHUP) or `kill` (SIGTERM): save as ctrl+q would, then go.
        self.save_before_exit()
        self.exit(return_code=128 + signal_number)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_terminal)

    def fit_terminal(self) -> None:
        """Ask for a bigger terminal while this one is too small; get out of the way after."""
        small = too_small(*self.size)
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not small:
            close(self.screen)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed while the app shuts down arrive after Textual has cleared its screens, and
        # its own key handler then fails for want of a screen (found by the soak monkey).
        if isinstance(event, events.Key) and not self.screen_stack:
            return
        await super().on_event(event)

    def _engine_changed(self, state: EngineState) -> None:
        self.engine_state = state

    # ---- navigation --------------------------------------------------------------------

    def lesson_screen(self, lesson_id: str) -> Screen:
        # Imported here, not at the top, so the lesson list draws first; warm_imports has
        # usually loaded them by the time a lesson opens.
        from tui.screens.coming_soon import ComingSoonScreen
        from tui.screens.lesson import lesson_screen

        lesson = catalog.lesson(lesson_id)
        if lesson.built and lesson.tabs:
            return lesson_screen(lesson.id)(lesson)
        return ComingSoonScreen(lesson)

    def open_lesson(self, lesson_id: str, tab: str | None = None) -> None:
        """Open a lesson above the lesson list, replacing any lesson already open."""
        from tui.screens.lesson import LessonScreen

        if any(isinstance(s, LessonScreen) and not s.settled for s in self.screen_stack):
            return  # one is still mounting: replacing it now would trip Textual's widgets
        screen = self.lesson_screen(lesson_id)

        if tab:
            screen.initial_tab = tab
        while len(self.screen_stack) > 2:  # [default, lesson list, lesson, any dialogs]
            self.pop_screen()
        self.push_screen(screen)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for lesson in catalog.lessons():
            yield SystemCommand(
                f"Open {lesson.label}",
                lesson.purpose,
                lambda lesson_id=lesson.id: self.open_lesson(lesson_id),
            )
        yield from super().get_system_commands(screen)
