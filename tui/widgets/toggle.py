"""Small one-line inputs that read without colour.

Toggle: a checkbox whose mark is X when on and blank when off (Textual's Checkbox always draws
an X and shows the state only by colour, which vt100 or NO_COLOR terminals do not show).
Cycler: a choice among a few options, changed with left/right or space.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Toggle(Widget, can_focus=True):
    """On or off, changed with space or Enter. One Text line: Textual's Checkbox costs several
    times as much to lay out and draw, and a lesson's panel may hold five of them."""

    DEFAULT_CSS = """
    Toggle { width: auto; height: 1; }
    Toggle:focus { text-style: bold reverse; }
    """
    BINDINGS = [
        Binding("enter,space", "toggle", "Toggle", id="toggle", show=False, tooltip="On or off"),
    ]

    value: reactive[bool] = reactive(False, init=False)

    class Changed(Message):
        def __init__(self, toggle: Toggle, value: bool) -> None:
            super().__init__()
            self.toggle = toggle
            self.value = value

        @property
        def control(self) -> Toggle:
            return self.toggle

    def __init__(self, label: str, value: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.set_reactive(Toggle.value, value)

    def render(self) -> Text:
        return Text(f"[{'X' if self.value else ' '}] {self.label}")

    def action_toggle(self) -> None:
        self.value = not self.value

    def on_click(self) -> None:
        self.action_toggle()

    def watch_value(self, value: bool) -> None:
        self.refresh()
        self.post_message(self.Changed(self, value))


class Cycler(Widget, can_focus=True):
    DEFAULT_CSS = """
    Cycler { width: auto; height: 1; padding: 0 1; background: $boost; }
    Cycler:focus { text-style: bold reverse; }
    """
    BINDINGS = [
        Binding(
            "right,space",
            "move(1)",
            "Next",
            id="cycle-next",
            show=False,
            tooltip="Next choice",
        ),
        Binding(
            "left",
            "move(-1)",
            "Previous",
            id="cycle-previous",
            show=False,
            tooltip="Previous choice",
        ),
    ]

    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        def __init__(self, cycler: Cycler, value: str) -> None:
            super().__init__()
            self.cycler = cycler
            self.value = value

        @property
        def control(self) -> Cycler:
            return self.cycler

    def __init__(self, options: Sequence[tuple[str, str]], value: str, **kwargs) -> None:
        """`options` are (label, value) pairs."""
        super().__init__(**kwargs)
        self.options = list(options)
        self.set_reactive(Cycler.value, value)

    def render(self) -> Text:
        label = dict((v, label) for label, v in self.options).get(self.value, self.value)
        return Text(f"◀ {label} ▶")

    def action_move(self, step: int) -> None:
        values = [value for _, value in self.options]
        self.value = values[(values.index(self.value) + step) % len(values)]

    def watch_value(self, value: str) -> None:
        self.refresh(layout=True)  # labels differ in length
        self.post_message(self.Changed(self, value))
