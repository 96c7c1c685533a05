"""The base every lesson screen shares: header, engine status, footer, and the lesson keys."""

from __future__ import annotations

import asyncio
import json
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Static, TextArea

from lessons import catalog
from lessons.catalog import Lesson
from tui.messages import RunRecorded
from tui.screens.closing import close
from tui.services import services
from tui.widgets.engine_status import EngineStatus
from tui.widgets.key_bar import KeyBar
from tui.widgets.notes import NotesPanel
from tui.widgets.panel import PAUSE, Panel
from tui.widgets.tabs import Tab, TabPage, TabStrip
from tui.widgets.title_bar import TitleBar

PLACE_STATE = "last_place"


class LessonScreen(Screen):
    # "" (not None): with the app's "*" an Input would take focus and swallow the letter keys.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Leave a text box, or go back"),
        Binding("n", "neighbour(1)", "Next lesson", id="next-lesson", tooltip="Open the next one"),
        Binding(
            "p",
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


LEARN = Tab("learn", "Learn", "l", "The lesson text", "LearnPanel")
QUIZ = Tab("quiz", "Quiz", "q", "The self-check quiz", "QuizPanel")
NOTES = Tab("notes", "Notes", "e", "Your evidence notes", "TextArea")


class TabbedLessonScreen(LessonScreen):
    """A lesson made of tabs; subclasses list TABS and build each tab's panel."""

    TABS: ClassVar[tuple[Tab, ...]] = ()

    def __init__(self, lesson: Lesson) -> None:
        super().__init__(lesson)
        self.building: set[str] = set()  # tabs whose panels are being mounted now

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
        another tab's state get it from the screen, since that tab may never have been built."""
        raise NotImplementedError

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
