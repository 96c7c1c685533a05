"""A lesson's tabs: one line naming them, and a page per tab of which one is shown.

The tab line is one line of text, where Textual's TabbedContent builds about a dozen widgets for
the row (a container, a bar, a widget per tab, an underline). The open tab is drawn reversed and
each tab's key letter underlined, which read on a vt100 or NO_COLOR terminal as well as in
colour; while the strip has the keyboard the open tab is framed ▸ ◂. When the names do not all
fit (60 columns), the other tabs' names are cut short ("Param…", the key letter always kept) so
every tab stays on the line; only if even that fails do the first tabs give way to "…".

Measured against TabbedContent holding the same panels, built the same way, with our KeyBar
(benchmarks/stock_widgets.py, 2026-12-01, the 2-core development machine, lessons 6.4.2 and
6.4.3; a 5 ms heartbeat, gaps with a full garbage collection in them left out; median of 5
rounds at 80x24, 3 at 200x60, worst round in brackets):

* worst gap opening a lesson: TabStrip 21 (26) ms, TabbedContent 34 (34) ms; at 200x60 26 (26)
  and 44 (44) ms.
* worst gap opening a tab: 31 (33) and 29 (32) ms; at 200x60 38 (38) and 33 (41) ms.
* worst gap while moving between built tabs: 21 (24) and 29 (31) ms; 25 (26) and 32 (32) ms.
* a tab key until the footer shows the new keys, drawn: median 36 and 26 ms, worst 56 (60) and
  58 (63) ms; at 200x60 median 46 and 32 ms, worst 55 (56) and 65 (65) ms.

So TabbedContent meets the targets too (no gap over 50 ms, a key on screen within 100 ms);
TabStrip keeps more room under the gap target (the 6.4.2 screen's 13 ms) and marks the open tab
and each tab's key without colour, where TabbedContent answers a key ~10 ms sooner. TabStrip
stays for the margin and the reading without colour. With
its panes in Lazy (every panel built just after the screen's first frame) a round reached a 51 ms
gap opening a lesson at 80x24 and 82 ms moving between tabs at 200x60: panels stay built when
their tab is first shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = 1  # columns between tab names (each name has a space either side)
MORE = "… "  # starts the line when tabs on the left give way
SHORTEST = 2  # characters a cut name keeps at least: the first letter and "…"


@dataclass(frozen=True)
class Tab:
    id: str
    label: str
    key: str  # the letter that opens the tab
    tooltip: str
    focus: str  # selector of the widget that takes the keyboard when the tab opens


class TabPage(Container):
    """One tab's page; its panel is mounted when the tab is first shown."""

    DEFAULT_CSS = """
    TabPage { height: 1fr; }
    """


class TabStrip(Widget, can_focus=True):
    DEFAULT_CSS = """
    TabStrip { height: 1; width: 1fr; padding: 0 1; margin-bottom: 1; }
    TabStrip:focus { background: $accent 20%; }
    """
    BINDINGS = [
        Binding(
            "left", "move(-1)", "Previous tab", id="tab-previous", show=False, tooltip="Tab left"
        ),
        Binding("right", "move(1)", "Next tab", id="tab-next", show=False, tooltip="Tab right"),
    ]

    active: reactive[str] = reactive("", init=False)

    class Activated(Message):
        """A tab was opened (the first one too, once the strip is mounted)."""

        def __init__(self, tab_id: str) -> None:
            super().__init__()
            self.tab_id = tab_id

    def __init__(self, tabs: Sequence[Tab], active: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tabs = list(tabs)
        self.set_reactive(TabStrip.active, active)

    def on_mount(self) -> None:
        self.post_message(self.Activated(self.active))

    def watch_active(self, tab_id: str) -> None:
        self.refresh()
        self.post_message(self.Activated(tab_id))

    def action_move(self, step: int) -> None:
        ids = [tab.id for tab in self.tabs]
        self.active = ids[(ids.index(self.active) + step) % len(ids)]

    def shown(self) -> list[tuple[int, Tab, Text]]:
        """The tabs on the line, each with the column it starts at and its text as drawn."""
        width = self.content_size.width
        texts = self._texts(width)
        active = [tab.id for tab in self.tabs].index(self.active)

        def end_of_active(first: int) -> int:
            start = len(MORE) if first else 0
            shown = texts[first : active + 1]
            return start + sum(text.cell_len for text in shown) + GAP * (active - first)

        first = 0
        while first < active and end_of_active(first) > width:
            first += 1
        placed, column = [], len(MORE) if first else 0
        for tab, text in zip(self.tabs[first:], texts[first:], strict=True):
            placed.append((column, tab, text))
            column += text.cell_len + GAP
        return placed

    def _texts(self, width: int) -> list[Text]:
        """Each tab's text: the full names if they fit in `width`, else the other tabs' names
        cut to the longest length that fits (the open tab's too, if need be)."""
        focused = self.has_focus

        def texts(limit: int | None, cut_active: bool) -> list[Text]:
            return [
                tab_text(
                    tab,
                    tab.id == self.active,
                    focused=focused,
                    limit=limit if cut_active or tab.id != self.active else None,
                )
                for tab in self.tabs
            ]

        def fits(candidate: list[Text]) -> bool:
            return sum(text.cell_len for text in candidate) + GAP * (len(candidate) - 1) <= width

        longest = max(len(tab.label) for tab in self.tabs) + 4  # room for " (k)"
        for cut_active in (False, True):
            for limit in range(longest, SHORTEST - 1, -1):
                candidate = texts(limit, cut_active)
                if fits(candidate):
                    return candidate
        return texts(SHORTEST, True)

    def render(self) -> Text:
        shown = self.shown()
        line = Text(MORE if shown[0][0] else "", no_wrap=True, overflow="ellipsis")
        for column, _tab, text in shown:
            line.append(" " * (column - line.cell_len))
            line.append_text(text)
        return line

    def on_click(self, event: events.Click) -> None:
        column = event.x - self.styles.padding.left
        for start, tab, text in self.shown():
            if start <= column < start + text.cell_len:
                self.active = tab.id
                return

    def on_focus(self) -> None:
        self.refresh()  # the open tab's ▸ ◂ frame comes and goes with the keyboard

    def on_blur(self) -> None:
        self.refresh()


def short_label(label: str, key: str, limit: int | None = None) -> tuple[str, int]:
    """The label as shown and the index of its key letter in it. A label without its key letter
    gets it in brackets ("Race (v)"); one longer than `limit` is cut to end in "…", keeping the
    key letter ("Param…", "Ra…(v)")."""
    at = label.lower().find(key.lower())
    if at < 0:
        if limit is not None and len(label) + 4 > limit:
            cut = label[: max(1, limit - 4)] + "…"
            return f"{cut}({key})", len(cut) + 1
        return f"{label} ({key})", len(label) + 2
    if limit is None or len(label) <= limit:
        return label, at
    return label[: max(limit - 1, at + 1)].rstrip() + "…", at


def tab_text(tab: Tab, active: bool, focused: bool = False, limit: int | None = None) -> Text:
    """` Label ` with the key letter underlined; the open tab reversed, and framed `▸Label◂`
    while the strip has the keyboard. `limit` cuts the label short (see short_label)."""
    label, at = short_label(tab.label, tab.key, limit)
    left, right = ("▸", "◂") if active and focused else (" ", " ")
    text = Text(f"{left}{label}{right}", style="reverse bold" if active else "")
    text.stylize("underline", at + 1, at + 2)
    return text
