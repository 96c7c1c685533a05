"""The base every lesson screen shares: header, engine status, footer, and the lesson keys."""

from __future__ import annotations

import asyncio
import json
from functools import cache
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Static, TextArea

from lessons import catalog
from lessons.catalog import Lesson, TabSpec
from tui.lesson_memory import LessonMemory, remember, restore
from tui.messages import RunRecorded, SharedChanged
from tui.panels.notes import NotesPanel
from tui.screens.closing import close
from tui.services import services
from tui.tab_kinds import SCREEN_ACTIONS, TabKind, lookup
from tui.widgets.engine_status import EngineStatus
from tui.widgets.key_bar import KeyBar
from tui.widgets.panel import PAUSE, Panel
from tui.widgets.tabs import Tab, TabPage, TabStrip
from tui.widgets.title_bar import TitleBar

PLACE_STATE = "last_place"


class LessonScreen(Screen):
    # "" (not None): with the app's "*" an Input would take focus and swallow the letter keys.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Leave a text box, or go back"),
        # Control keys, never letters: prose typed where no text box has the keyboard must not
        # leave the lesson.
        Binding(
            "ctrl+n", "neighbour(1)", "Next lesson", id="next-lesson", tooltip="Open the next one"
        ),
        Binding(
            "ctrl+p",
            "neighbour(-1)",
            "Prev lesson",
            id="previous-lesson",
            tooltip="Open the previous lesson",
        ),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self.initial_tab: str | None = None
        self.title = lesson.label
        self.sub_title = lesson.purpose
        # Leaving a screen before it has finished mounting trips Textual's widgets (a learner
        # holding n or Escape can); the leaving keys wait until the first frame is drawn.
        self.drawn = False

    @property
    def settled(self) -> bool:
        """Whether the screen may be left: nothing on it is still being mounted."""
        return self.drawn

    def on_mount(self) -> None:
        store = services(self).store
        if self.lesson.built and store.lesson_status(self.lesson.id) == "not started":
            store.set_lesson_status(self.lesson.id, "in progress")
        self.remember_place()
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        self.drawn = True

    def remember_place(self, tab: str = "", tab_label: str = "") -> None:
        """Where "continue where I left off" will bring the learner back to."""
        place = {"lesson": self.lesson.id, "tab": tab, "tab_label": tab_label}
        services(self).store.set_state(PLACE_STATE, json.dumps(place))

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, (Input, TextArea)):
            # First Escape leaves the text box so letter keys work again; the next one goes back.
            for ancestor in focused.ancestors:
                if getattr(ancestor, "can_focus", False):
                    ancestor.focus()
                    return
            tabs = self.query(TabStrip)
            if tabs:
                tabs.first().focus()
            else:
                self.set_focus(None)
            return
        if self.settled:
            close(self)

    def action_neighbour(self, step: int) -> None:
        if not self.settled:
            return
        other = catalog.neighbour(self.lesson.id, step)

        if other is None:
            which = "last" if step > 0 else "first"
            self.notify(f"This is the {which} lesson.", markup=False)
        else:
            self.app.open_lesson(other.id)


class TabbedLessonScreen(LessonScreen):
    """Any lesson made of tabs, built from its content file's [[tabs]] (see lesson_screen).

    Each tab's kind (tui.tab_kinds) builds its panel when the tab is first shown. `shared`
    holds what one tab hands to others (a SharedChanged message), such as the shape lab's
    module, so a tab built later starts from it.
    """

    TABS: ClassVar[tuple[Tab, ...]] = ()
    SPECS: ClassVar[dict[str, tuple[TabSpec, TabKind]]] = {}

    def __init__(self, lesson: Lesson) -> None:
        super().__init__(lesson)
        self.building: set[str] = set()  # tabs whose panels are being mounted now
        # What the learner set here last time (this run of the app), put back tab by tab.
        self.memory = services(self).lesson_memory.setdefault(lesson.id, LessonMemory())
        self.shared: dict[str, Any] = dict(self.memory.shared)

    def on_screen_suspend(self) -> None:
        # Left (or covered by a dialog): note the fields while they are still on screen.
        remember(self.memory, self, self.shared)

    @property
    def settled(self) -> bool:
        # A tab's panel is mounted when the tab is first shown, so a learner can leave while it
        # mounts; wait for it, and for the opening tab's panel, like for the first frame.
        if not self.drawn or self.building:
            return False
        strips = self.query(TabStrip)  # none while the screen is being taken down
        page = self.query(f"#{strips.first().active}") if strips else None
        return bool(page) and bool(page.first().children)

    def __init_subclass__(cls, **kwargs) -> None:
        # One key per tab, declared with the tab itself. Set before Textual's own
        # __init_subclass__, which merges the class's BINDINGS.
        cls.BINDINGS = [
            *(
                Binding(
                    tab.key, f"tab('{tab.id}')", tab.label, id=f"tab-{tab.id}", tooltip=tab.tooltip
                )
                for tab in cls.TABS
            ),
            *cls.__dict__.get("BINDINGS", []),  # any keys the screen declares itself
        ]

        super().__init_subclass__(**kwargs)

    def panel(self, tab: Tab) -> Widget:
        """A new panel for `tab`, built when the tab is first shown: panels that depend on
        another tab's state get it from `shared`, since that tab may never have been built."""
        spec, kind = self.SPECS[tab.id]
        return kind.build(self, spec)

    def action_run(self, name: str) -> None:
        """A key a tab kind adds to the whole screen (TabKind.screen_keys)."""
        SCREEN_ACTIONS[name](self)

    @on(SharedChanged)
    def shared_changed(self, event: SharedChanged) -> None:
        self.shared[event.key] = event.value
        for page in self.query(TabPage):  # panels not built yet read `shared` when they are
            for panel in page.children:
                if panel is not event.control and hasattr(panel, "shared_changed"):
                    panel.shared_changed(event.key, event.value)

    def compose(self) -> ComposeResult:
        yield TitleBar(self.lesson.label, self.lesson.purpose)
        ids = [tab.id for tab in self.TABS]
        initial = self.initial_tab if self.initial_tab in ids else ids[0]
        yield TabStrip(self.TABS, initial)
        with ContentSwitcher(initial=initial):
            for tab in self.TABS:
                # Empty pages: each tab's panel is built when the tab is first shown (the
                # opening one too, just after the screen's frame). Building every tab at once
                # held the UI for 100-250 ms each time a lesson opened.
                yield TabPage(id=tab.id)
        yield EngineStatus()
        yield KeyBar()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabStrip).active = tab

    @on(TabStrip.Activated)
    def tab_activated(self, event: TabStrip.Activated) -> None:
        tab = self._tab(event.tab_id)
        pages = self.query(f"#{event.tab_id}")
        if tab is None or not pages:
            return  # or the screen is being taken down
        page = pages.first(TabPage)
        self.query_one(ContentSwitcher).current = tab.id
        self.remember_place(tab.id, tab.label)
        if page.children or tab.id in self.building:
            self._focus_tab(tab.id)
            return
        # Built on a worker, not in this handler: the screen lays out and draws only between
        # its messages, and a panel mounts a chunk at a time with a frame drawn after each.
        # Meanwhile the tab line has the keyboard, not the panel of the tab just left (hidden).
        self.building.add(tab.id)
        self.query_one(TabStrip).focus()
        self.run_worker(self._build(tab, page), group="tab-build", exit_on_error=False)

    async def _build(self, tab: Tab, page: TabPage) -> None:
        try:
            # The screen's frame first, then the panel: a timed pause between the two lets
            # keys and timers run. (sleep(0) would not: it returns before timers that are due.)
            await asyncio.sleep(PAUSE)
            panel = self.panel(tab)
            await page.mount(panel)
            if isinstance(panel, Panel):
                await panel.shown.wait()  # the widget to focus may be in its last chunk
            restore(self.memory, panel)
        except Exception as error:  # a tab that cannot be built must not lock the screen
            await page.mount(Static(Text(f"This tab could not be built: {error}", style="red")))
            self.notify(f"{tab.label} could not be built: {error}", severity="error", markup=False)
            return
        finally:
            self.call_after_refresh(self._built, tab.id)
        strips = self.query(TabStrip)
        if strips and strips.first().active == tab.id:  # the learner may have moved on
            self._focus_tab(tab.id)

    def _built(self, tab_id: str) -> None:
        self.building.discard(tab_id)

    @on(RunRecorded)
    def run_recorded(self) -> None:
        for panel in self.query(NotesPanel):  # a notes tab not yet built reads them when it is
            panel.refresh_runs()

    def _tab(self, tab_id: str) -> Tab | None:
        return next((tab for tab in self.TABS if tab.id == tab_id), None)

    def _focus_tab(self, tab_id: str) -> None:
        tab = self._tab(tab_id)
        if tab is not None:
            targets = self.query_one(f"#{tab.id}").query(tab.focus)
            if not targets:
                return  # the screen closed while the tab's panel was being built
            target = targets.first()
            # A panel may hand the keyboard on (say, to its answer box) with take_focus().
            getattr(target, "take_focus", target.focus)()


@cache
def lesson_screen(lesson_id: str) -> type[TabbedLessonScreen]:
    """The screen class of a lesson, made from its declared tabs (one class per lesson, so its
    tab keys are ordinary bindings, listed in the help and the key bar)."""
    lesson = catalog.lesson(lesson_id)
    tabs: list[Tab] = []
    specs: dict[str, tuple[TabSpec, TabKind]] = {}
    screen_keys: list[Binding] = []
    for spec in lesson.tabs:
        kind = lookup(spec.kind)
        tab = Tab(
            spec.id or kind.id,
            spec.label or kind.label,
            spec.key or kind.key,
            spec.tooltip or kind.tooltip,
            kind.focus,
        )
        tabs.append(tab)
        specs[tab.id] = (spec, kind)
        screen_keys += kind.screen_keys
    keys = [tab.key for tab in tabs]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{lesson_id}: two tabs open with the same key ({keys})")
    name = "Lesson_" + "".join(c if c.isalnum() else "_" for c in lesson_id)
    namespace = {
        "__module__": __name__,  # else Textual's metaclass names its own module
        "TABS": tuple(tabs),
        "SPECS": specs,
        "BINDINGS": screen_keys,
    }
    return type(name, (TabbedLessonScreen,), namespace)
