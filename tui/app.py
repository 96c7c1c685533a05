"""The rnn-tutor Textual app: the lesson list, the lesson screens, the engine and the record."""

from __future__ import annotations

import gc
import importlib
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from lessons import catalog
from lessons.store import Store
from tui.engine_client import EngineClient, EngineState
from tui.screens.closing import close
from tui.screens.lesson_list import LessonListScreen
from tui.screens.too_small import TooSmallScreen, too_small

LESSON_MODULES = (
    "tui.screens.coming_soon",
    "tui.screens.roadmap",
    "tui.screens.rnn_basics",
    "tui.screens.lstm_gru",
    "tui.screens.sequence_practice",
    "tui.screens.self_check",
    "tui.screens.help",
)


def warm_imports() -> None:
    for name in LESSON_MODULES:
        importlib.import_module(name)
    # Everything loaded so far lives as long as the app: keep it out of the cyclic garbage
    # collector's full passes, which otherwise stall the screen for tens of milliseconds.
    gc.freeze()


# Python starts a full garbage-collection pass whenever enough objects have piled up, and a full
# pass walks every tracked object: 5-10 ms measured here, 20-40 ms while a race keeps both cores
# busy, and often in the middle of laying out a screen just built. The app turns those automatic
# passes off while it runs and makes one itself every few seconds, as its own step between
# frames, and not while a task streams progress (for a minute at most); the quick
# young-generation passes stay.
FULL_COLLECTION_EVERY = 5.0  # seconds
FULL_COLLECTION_DEFERRED_AT_MOST = 60.0  # seconds: a task left paused must not stop them for good
NO_AUTOMATIC_FULL_COLLECTION = 1_000_000  # young-generation passes before Python would run one


class TutorApp(App):
    # Absolute, so subclasses elsewhere (the benchmark's heartbeat app) find it too: Textual
    # resolves a relative CSS_PATH beside the subclass's own file.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "rnn-tutor"
    SUB_TITLE = "recurrent networks, step by step"
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
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.store = Store.open(data_dir)
        self.engine = EngineClient(on_state=self._engine_changed, command=engine_command)
        self._start_engine = start_engine
        self._gc_threshold = gc.get_threshold()  # put back when the app ends
        self._last_full_collection = time.monotonic()

    def on_mount(self) -> None:
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
        # The lesson screens' modules (Markdown, plotext, ...) take ~100 ms to import: do it on
        # a thread after the first frame, so opening the first lesson does not wait for them.
        # The thread holds the GIL 5 ms at a time at most, so the screen stays live meanwhile.
        self.call_after_refresh(
            threading.Thread(target=warm_imports, name="warm-imports", daemon=True).start
        )

    def collect_garbage(self) -> None:
        waited = time.monotonic() - self._last_full_collection
        if not self.engine.busy or waited > FULL_COLLECTION_DEFERRED_AT_MOST:
            gc.collect()
            self._last_full_collection = time.monotonic()

    async def on_unmount(self) -> None:
        try:
            await self.engine.stop()
            self.store.close()
        finally:
            gc.set_threshold(*self._gc_threshold)

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
        from tui.screens.lstm_gru import LstmGruScreen
        from tui.screens.rnn_basics import RnnBasicsScreen
        from tui.screens.roadmap import RoadmapScreen
        from tui.screens.self_check import SelfCheckScreen
        from tui.screens.sequence_practice import SequencePracticeScreen

        lesson = catalog.lesson(lesson_id)
        built = {
            "roadmap": RoadmapScreen,
            "rnn-basics": RnnBasicsScreen,
            "lstm-gru": LstmGruScreen,
            "sequence-practice": SequencePracticeScreen,
            "self-check": SelfCheckScreen,
        }

        screen_class = built.get(lesson.id) if lesson.built else None
        return (screen_class or ComingSoonScreen)(lesson)

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
