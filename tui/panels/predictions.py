"""Panels where the learner predicts shapes, then runs the module: the shape check (6.4.1) and
the shape lab (6.4.2). What they share: Enter in a field runs, and a run waits for every
prediction to be a shape."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.widgets import Input

from engine.validation import ConfigError
from lessons.quiz import parse_shape
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Panel


class PredictsShapes(Panel):
    """A panel whose `action_reveal` runs the module once `config_to_run` and `predictions`
    have what it needs; it says things on its MessageLine. (A Panel, not a mixin: Textual finds
    @on handlers only on classes it builds.)"""

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_reveal()

    def predictions(
        self, prefix: str, names: Iterable[str], labels: dict[str, str] | None = None
    ) -> dict[str, str] | None:
        """The text of each `#{prefix}-{name}` field; None, with the learner told which to fill
        in (by its label, if `labels` gives one, and the keyboard in the first of them), while
        any is not a shape yet."""
        typed = {name: self.query_one(f"#{prefix}-{name}", Input).value for name in names}
        missing = [name for name, text in typed.items() if parse_shape(text) is None]
        if missing:
            said = " and ".join((labels or {}).get(name, name) for name in missing)
            self.say(f"Predict first: type {said} as a shape, such as (7, 1, 9).")
            self.query_one(f"#{prefix}-{missing[0]}", Input).focus()
            return None
        self.say("")
        return typed

    def say(self, message: str) -> None:
        self.query_one(MessageLine).say(message)

    def current_config(self) -> Any:
        raise NotImplementedError

    def config_to_run(self, fields: str = "settings") -> Any | None:
        """The settings to run with, or None after the learner was told what to fix."""
        try:
            return self.current_config()
        except ConfigError as problem:
            self.say(f"Fix the {fields} first: {problem}.")
            return None

    def action_reveal(self) -> None:
        raise NotImplementedError
