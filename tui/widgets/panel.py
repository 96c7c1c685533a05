"""The base of every lesson tab's panel: a scrolling column that can take the keyboard."""

from __future__ import annotations

import asyncio

from textual.containers import VerticalScroll

# The shortest pause that lets the event loop run due timers (asyncio.sleep(0) returns before
# them); the lesson screen pauses so between drawing its frame and building a tab's panel.
PAUSE = 0.001  # seconds


class Panel(VerticalScroll):
    """A lesson tab's panel, built when its tab is first shown and mounted as Textual mounts
    any widget: whole, in one layout.

    It used to mount and show itself about twelve widgets a frame apart, with hidden chunks,
    and to restyle itself alone (not its widgets) when its focus changed. Measured side by side
    with benchmarks/stock_widgets.py and benchmarks/ui_stall.py (2026-12-01, the 2-core
    development machine, lessons 6.4.2 and 6.4.3, every tab; median of 4-6 rounds, worst round
    in brackets), Textual's own way meets the targets (no gap over 50 ms, a key on screen
    within 100 ms):

    * opening a tab, worst gap of a 5 ms heartbeat: chunked 25 (26) ms, whole 31 (32) ms at
      80x24; chunked 23 (24) ms, whole 38 (41) ms at 200x60 (the race and shape-lab tabs). With
      ui_stall's 20 ms heartbeat the two do not differ: 38 (42) and 38 (44) ms at 200x60; the
      whole of ui_stall 31-40 ms either way.
    * restyling only the panel on a focus change (an override of Textual's has_focus watcher)
      kept the worst gap while moving between built tabs at 16 ms instead of 23 ms; the key to
      footer time did not change (37 ms median).
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shown = asyncio.Event()  # set once the panel and everything in it is mounted

    def on_mount(self) -> None:
        # Textual mounts what compose gave before a widget's Mount event.
        self.shown.set()
