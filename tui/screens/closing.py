"""Closing a screen exactly once.

Screen.dismiss() pops whatever screen is on top. Keys arrive faster than screens close, so a
second Escape can reach a screen that is already closing, and its dismiss() would pop the
screen below it (at worst the last one). Every screen of the tutor closes through here.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

# Not `_closing`: that is Textual's own MessagePump flag, and setting it stops the screen's
# removal from ever finishing.
DISMISSED = "_rnn_tutor_dismissed"


def close(screen: Screen, result: Any = None) -> None:
    if screen.app.screen is not screen or getattr(screen, DISMISSED, False):
        return
    setattr(screen, DISMISSED, True)
    screen.dismiss(result)
