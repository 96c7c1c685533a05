"""The base of every lesson tab's panel: a scrolling column that can take the keyboard, and
that builds itself a few widgets at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from textual.containers import VerticalScroll
from textual.layout import Layout
from textual.widget import Widget

from tui.widgets.flow import FlowLayout

CHUNK = 12  # widgets mounted (then laid out and drawn) together
FRAME = 0.02  # seconds between chunks: longer than a screen update (1/60 s), so each is drawn alone
PAUSE = 0.001  # seconds: the shortest pause that lets the event loop run due timers


class Panel(VerticalScroll):
    DEFAULT_CSS = """
    Panel > .-later { display: none; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shown = asyncio.Event()  # set once every chunk is on screen

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        # Laying out and drawing a whole panel of 25-30 widgets for the first time held the
        # screen for 20-45 ms on these machines. Everything is mounted now (so the panel's
        # on_mount finds it all), but only the first chunk of about CHUNK widgets is shown; the
        # others appear a frame apart, each drawn in a third of the time, with keys and timers
        # running in between. (Textual's own lazy.Reveal does the same a widget at a time.)
        chunks = list(_chunks(widgets))
        for index, chunk in enumerate(chunks):
            if index:
                for widget in chunk:
                    widget.add_class("-later")
                # Mounting takes time too (styles, a message pump per widget): a timed pause
                # lets due timers and keys run between chunks. (sleep(0) returns before them.)
                await asyncio.sleep(PAUSE)
            await self.mount_all(chunk)
        self._later = chunks[1:]
        self._show_next()

    def _show_next(self) -> None:
        if self._later:
            for widget in self._later.pop(0):
                widget.remove_class("-later")
        if self._later:
            self.set_timer(FRAME, self._show_next)
        else:
            self.shown.set()

    def watch_has_focus(self, _has_focus: bool) -> None:
        # (An override of Widget's public watcher, using the stylesheet's public update_nodes.)
        # Textual restyles a widget and every widget inside it when its focus changes, in case a
        # rule styles children by their parent's focus. No rule here does, and for a panel of 30
        # widgets that took 12-25 ms each time a tab opened: restyle the panel alone.
        self.app.stylesheet.update_nodes([self], animate=True)


def _chunks(widgets: list[Widget]) -> Iterator[list[Widget]]:
    """Consecutive widgets, about CHUNK at a time counting what each holds (a row of fields)."""
    chunk: list[Widget] = []
    size = 0
    for widget in widgets:
        weight = _weight(widget)
        if chunk and size + weight > CHUNK:
            yield chunk
            chunk, size = [], 0
        chunk.append(widget)
        size += weight
    if chunk:
        yield chunk


def _weight(widget: Widget) -> int:
    return 1 + (widget.size_in_widgets if isinstance(widget, Row) else 0)


class Row(Widget):
    """A row of one-line fields in a panel. Its fields go left to right and onto more lines when
    they do not fit (FlowLayout), so none is ever out of sight at 60 columns. It counts the
    widgets it is given (in its constructor or with `with Row():` in compose), so a panel can
    weigh its chunks before anything mounts."""

    DEFAULT_CSS = """
    Row { width: 1fr; height: auto; }
    """

    def __init__(self, *children: Widget, classes: str = "", **kwargs) -> None:
        super().__init__(*children, classes=f"row {classes}".strip(), **kwargs)
        self.size_in_widgets = len(children)
        self._flow = FlowLayout()

    @property
    def layout(self) -> Layout:
        # Widget.layout is what Textual arranges the children with; a stylesheet can only
        # name Textual's own layouts.
        return self._flow

    def compose_add_child(self, widget: Widget) -> None:
        super().compose_add_child(widget)
        self.size_in_widgets += 1
