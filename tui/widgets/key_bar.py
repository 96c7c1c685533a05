"""The bottom line: the keys that work right now, the focused panel's own first.

Textual's Footer builds one widget per key and rebuilds them all, a frame after focus moves.
This draws the same keys as one line of text, and says only what fits: the panel's keys, then
the screen's, then the app's, with "? help" always at the right since the help lists every key.

Measured against the Footer on the same lesson screens (benchmarks/stock_widgets.py, 2026-12-01,
the 2-core development machine, lessons 6.4.2 and 6.4.3, a tab key until the footer shows the
new panel's keys and the screen is drawn; median of 5 rounds at 80x24, 3 at 200x60, worst
round in brackets): KeyBar median 36 ms, worst 56 (60) ms; Footer median 73 ms, worst 203 (211)
ms; at 200x60 46 ms and 55 (56) ms against 90 ms and 215 (240) ms. The Footer misses the target
(a key on screen within 100 ms). Its rebuilt widgets also leave garbage: counting the gaps with
one of the app's full garbage collections in them, opening and moving between tabs had gaps of
100-220 ms with the Footer against 28-66 ms with KeyBar.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

HELP_HINT = (" ? ", "all keys ")


class KeyBar(Static):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.call_after_refresh(self.show_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.show_keys()

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.show_keys()

    def keys(self) -> list[tuple[Binding, bool]]:
        """Shown bindings that work now, innermost first, one per action."""
        chain = self.screen.active_bindings.values()
        ordered = sorted(chain, key=lambda entry: -len(entry[0].ancestors_with_self))
        keys, actions = [], set()
        for _node, binding, enabled, _tooltip in ordered:
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append((binding, enabled))
        return keys

    def show_keys(self) -> None:
        if not self.is_attached:
            return
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        about_style = self.get_component_rich_style("key-bar--description", partial=True)
        hint = Text.assemble((HELP_HINT[0], key_style), (HELP_HINT[1], about_style))
        room = self.size.width - hint.cell_len
        line = Text(no_wrap=True)
        for binding, enabled in self.keys():
            if binding.action == "help":
                continue  # always at the right
            entry = Text.assemble(
                (f" {self.app.get_key_display(binding)} ", key_style),
                (f"{binding.description} ", about_style),
            )
            if not enabled:
                entry.stylize("dim")
            if line.cell_len + entry.cell_len > room:
                break
            line.append_text(entry)
        line.append(" " * max(0, room - line.cell_len))
        line.append_text(hint)
        if line != self.content:
            self.update(line, layout=False)
