"""Textual's stock widgets against our own, side by side in one run: the same lesson screens
(6.4.2 and 6.4.3, every real panel) built each way, measured from inside the app.

The ways (each a lesson screen; only its tab line, footer and panel building differ):

* ours: TabStrip (one line), a tab's panel built when the tab is first shown, KeyBar (one line).
* stock: TabbedContent with every panel in a Lazy (all built just after the screen's first
  frame, as Textual's docs suggest for tab panes), and Textual's Footer.
* three in between, one piece changed each: ours with the Footer, TabbedContent with our panel
  building and KeyBar, and TabbedContent with Lazy and KeyBar.

For each way and lesson, a learner's path: open the lesson, press each tab's key in turn (its
panel is built), then go round the built tabs again, twice. Reported:

* open: the worst gap of a 5 ms heartbeat from opening the lesson until its first tab is shown.
* tabs: the worst gap while each tab is opened for the first time.
* key to footer: a tab key (its panel built) until the footer shows the new panel's keys and the
  screen has been drawn after it, median and worst over the presses; and the worst gap during
  those presses. Targets: a key answers on screen within 100 ms; no gap over 50 ms.

The heartbeat is finer than ui_stall's 20 ms so that the ways' differences show; a gap is the
longest step of the event loop plus at most one beat. No engine runs, and gaps with one of the
app's full garbage collections in them are left out (ui_stall measures those): the screens are
the point.
The ways take turns, round after round (the machine is shared and noisy); each figure is the
median of the rounds, with the worst round in brackets.

`python -m benchmarks.stock_widgets [--rounds N] [--only TEXT] [--beat MS] [--size WxH]`
(--only: the ways whose name has TEXT).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, TabbedContent, TabPane, TextArea

from lessons import catalog
from tui.app import TutorApp
from tui.screens.lesson import TabbedLessonScreen, lesson_screen
from tui.widgets.engine_status import EngineStatus
from tui.widgets.key_bar import KeyBar
from tui.widgets.panel import Panel
from tui.widgets.title_bar import TitleBar

BEAT = 0.005  # seconds
SETTLE = 0.3  # seconds after each step, so a gap that follows it is counted with it
LESSONS = ("rnn-basics", "lstm-gru")
ROUNDS = 3
ROUNDS_OF_KEYS = 2
TARGET_GAP_MS, TARGET_KEY_MS = 50, 100
SIZE = (80, 24)
TIMEOUT = 20.0  # seconds for any one step


@dataclass(frozen=True)
class Way:
    name: str
    tab_line: str  # "strip" (ours) or "tabbed" (TabbedContent)
    panels: str  # "first shown" (ours) or "lazy" (Lazy, all at once)
    footer: str  # "keybar" (ours) or "footer" (Textual's)


WAYS = (
    Way("ours: TabStrip, panels built when first shown, KeyBar", "strip", "first shown", "keybar"),
    Way("stock: TabbedContent + Lazy, Footer", "tabbed", "lazy", "footer"),
    Way("ours with Textual's Footer", "strip", "first shown", "footer"),
    Way("TabbedContent, our panel building and KeyBar", "tabbed", "first shown", "keybar"),
    Way("TabbedContent + Lazy, KeyBar", "tabbed", "lazy", "keybar"),
)


def screen_class(way: Way, lesson_id: str) -> type[TabbedLessonScreen]:
    """The lesson's own screen with its tab line, footer and panel building swapped for `way`."""
    base = lesson_screen(lesson_id)
    if way.tab_line == "strip":

        class Strip(base):
            def compose(self) -> ComposeResult:
                for widget in super().compose():
                    yield (
                        Footer()
                        if isinstance(widget, KeyBar) and way.footer == "footer"
                        else widget
                    )

        return Strip

    class Tabbed(base):
        @property
        def settled(self) -> bool:
            return self.drawn and not self.building

        def compose(self) -> ComposeResult:
            yield TitleBar(self.lesson.label, self.lesson.purpose)
            with TabbedContent(initial=self.initial_tab or self.TABS[0].id):
                for tab in self.TABS:
                    with TabPane(tab.label, id=tab.id):
                        if way.panels == "lazy":
                            yield Lazy(self.panel(tab))
            yield EngineStatus()
            yield KeyBar() if way.footer == "keybar" else Footer()

        def action_tab(self, tab: str) -> None:
            self.query_one(TabbedContent).active = tab

        @on(TabbedContent.TabActivated)
        def pane_activated(self, event: TabbedContent.TabActivated) -> None:
            tab = self._tab(event.pane.id)
            self.remember_place(tab.id, tab.label)  # as the lesson screen does
            if way.panels == "lazy" or event.pane.children or tab.id in self.building:
                self._focus_tab(tab.id)
                return
            self.building.add(tab.id)
            self.run_worker(self._build_pane(tab, event.pane), group="tab-build")

        async def _build_pane(self, tab, pane: TabPane) -> None:
            panel = self.panel(tab)
            await pane.mount(panel)
            if isinstance(panel, Panel):
                await panel.shown.wait()
            self.building.discard(tab.id)
            if self.query_one(TabbedContent).active == tab.id:
                self._focus_tab(tab.id)

    return Tabbed


class Bench(TutorApp):
    def __init__(self, way: Way, data_dir: Path, beat: float = BEAT) -> None:
        super().__init__(data_dir, start_engine=False)
        self.way = way
        self.beat = beat
        self.beats: list[float] = []
        self.collections: list[float] = []  # start, end, start, ... of full collections

    def on_mount(self) -> None:
        # No super().on_mount(): Textual calls each class's handler along the MRO itself.
        self.set_interval(self.beat, lambda: self.beats.append(time.perf_counter()))
        gc.callbacks.append(self.note_collection)

    def on_unmount(self) -> None:
        gc.callbacks.remove(self.note_collection)

    def note_collection(self, _phase: str, info: dict) -> None:
        if info["generation"] == 2:
            self.collections.append(time.perf_counter())

    def lesson_screen(self, lesson_id: str) -> Screen:
        return screen_class(self.way, lesson_id)(catalog.lesson(lesson_id))

    def mark(self) -> int:
        return max(len(self.beats) - 1, 0)

    def worst_gap_ms(self, since: int) -> float:
        """The longest gap between beats since `since`, leaving out those the app's full
        garbage collection falls in: its timer runs every few seconds whatever the screen
        shows, it would land on one way's tab and not another's, and ui_stall measures it."""
        runs = list(zip(self.collections[::2], self.collections[1::2], strict=False))
        gaps = [
            b - a
            for a, b in itertools.pairwise(self.beats[since:])
            if not any(a < end and start < b for start, end in runs)
        ]
        return max(gaps, default=0.0) * 1000


def footer_keys(screen: Screen) -> str:
    """What the footer shows now, whichever footer it is."""
    bars = screen.query(KeyBar)
    if bars:
        return bars.first().content.plain
    return " ".join(key.description for key in screen.query("FooterKey"))


def shown_tab(screen: Screen) -> str:
    switchers = screen.query(ContentSwitcher)
    return (switchers.first().current or "") if switchers else ""


def panel_complete(screen: Screen, tab_id: str) -> bool:
    pages = screen.query(f"#{tab_id}")
    if not pages:
        return False  # the screen is still being composed
    panels = pages.first().query(Panel)
    built = panels.first().shown.is_set() if panels else bool(pages.first().query("*"))
    return built and screen.settled and shown_tab(screen) == tab_id


async def until(check: Callable[[], bool], what: str | Callable[[], str]) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError(what if isinstance(what, str) else what())
        await asyncio.sleep(0.0005)


async def leave_text_box(app: TutorApp) -> None:
    """Escape out of a text box, as a learner does before a letter key (it would be typed)."""
    if isinstance(app.screen.focused, (Input, TextArea)):
        app.simulate_key("escape")
        await until(lambda: not isinstance(app.screen.focused, (Input, TextArea)), "escape")
        await asyncio.sleep(0.05)


async def drawn(app: TutorApp) -> None:
    """Until the screen has been refreshed after everything so far."""
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await done.wait()


async def one_lesson(app: Bench, lesson_id: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    mark = app.mark()
    app.open_lesson(lesson_id)
    await until(lambda: getattr(app.screen, "lesson", None) is catalog.lesson(lesson_id), "open")
    screen = app.screen
    first = screen.TABS[0].id
    await until(lambda: panel_complete(screen, first), "first tab")
    await asyncio.sleep(SETTLE)
    result["open"] = app.worst_gap_ms(mark)

    gaps = []
    for tab in screen.TABS[1:]:
        await leave_text_box(app)
        mark = app.mark()
        app.simulate_key(tab.key)
        await until(lambda tab=tab: panel_complete(screen, tab.id), f"tab {tab.id}")
        await asyncio.sleep(SETTLE)
        gaps.append((app.worst_gap_ms(mark), f"{lesson_id} {tab.id}"))
    result["tabs"], result["worst tab"] = max(gaps)

    # Round the built tabs: once to learn what the footer shows on each, then measured.
    footers: dict[str, str] = {}
    latencies = []
    for index, tab in enumerate(screen.TABS * (ROUNDS_OF_KEYS + 1)):
        if index == len(screen.TABS):
            mark = app.mark()
        await leave_text_box(app)
        before = footer_keys(screen)
        started = time.perf_counter()
        app.simulate_key(tab.key)
        if tab.id in footers and footers[tab.id] != before:
            await until(
                lambda tab=tab: (
                    footer_keys(screen) == footers[tab.id] and shown_tab(screen) == tab.id
                ),
                lambda tab=tab: (
                    f"footer for {tab.id}: {footers[tab.id]!r}, shown "
                    f"{footer_keys(screen)!r} on {shown_tab(screen)}"
                ),
            )
            await drawn(app)
            latencies.append((time.perf_counter() - started) * 1000)
        elif tab.id not in footers:
            await until(lambda tab=tab: shown_tab(screen) == tab.id, f"back to {tab.id}")
            await asyncio.sleep(SETTLE)
            footers[tab.id] = footer_keys(screen)
        await asyncio.sleep(0.05)
    await asyncio.sleep(SETTLE)
    result["keys gap"] = app.worst_gap_ms(mark)
    result["key median"] = statistics.median(latencies)
    result["key worst"] = max(latencies)
    return result


async def measure(way: Way, beat: float = BEAT, size: tuple[int, int] = SIZE) -> dict[str, Any]:
    app = Bench(way, Path(tempfile.mkdtemp(prefix="rnn-tutor-bench-")), beat)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await asyncio.sleep(1.0)  # the lesson modules are imported after the first frame
        results = [await one_lesson(app, lesson_id) for lesson_id in LESSONS]
    worst = {name: max(one[name] for one in results) for name in results[0]}
    worst["key median"] = statistics.median(one["key median"] for one in results)
    worst["worst tab"] = max(results, key=lambda one: one["tabs"])["worst tab"]
    return worst


def main(
    rounds: int = ROUNDS, only: str = "", beat: float = BEAT, size: tuple[int, int] = SIZE
) -> dict[str, list[dict[str, Any]]]:
    ways = [way for way in WAYS if only in way.name]
    results: dict[str, list[dict[str, Any]]] = {way.name: [] for way in ways}
    for _ in range(rounds):
        for way in ways:
            results[way.name].append(asyncio.run(measure(way, beat, size)))
    verdict = {True: "meets", False: "misses"}
    print(
        f"Stock widgets against ours: median of {rounds} rounds (worst round); a "
        f"{beat * 1000:.0f} ms heartbeat; "
        f"lessons {', '.join(LESSONS)}; {size[0]}x{size[1]}; {time.strftime('%Y-%m-%d')}"
    )
    for name, runs in results.items():

        def ms(key: str, runs: list[dict[str, Any]] = runs) -> str:
            values = [run[key] for run in runs]
            return f"{statistics.median(values):.0f} ({max(values):.0f}) ms"

        worst_tab = max(runs, key=lambda run: run["tabs"])["worst tab"]
        gap = max(max(run[key] for run in runs) for key in ("open", "tabs", "keys gap"))
        key = max(run["key worst"] for run in runs)
        print(
            f"  {name}: worst gap opening the lesson {ms('open')}, opening a tab {ms('tabs')} "
            f"(worst: {worst_tab}), during tab keys {ms('keys gap')}; tab key to footer "
            f"drawn: median {ms('key median')}, worst {ms('key worst')}. Targets: gaps <= "
            f"{TARGET_GAP_MS} ms {verdict[gap <= TARGET_GAP_MS]}, keys <= {TARGET_KEY_MS} ms "
            f"{verdict[key <= TARGET_KEY_MS]}"
        )
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--only", default="", help="only the ways whose name has this text")
    parser.add_argument("--beat", type=float, default=BEAT * 1000, help="heartbeat, ms")
    parser.add_argument("--size", default="x".join(map(str, SIZE)), help="terminal, WxH")
    arguments = parser.parse_args()
    width, height = (int(part) for part in arguments.size.split("x"))
    main(arguments.rounds, arguments.only, arguments.beat / 1000, (width, height))
