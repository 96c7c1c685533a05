"""How a running task is steered from outside: cancel, pause and resume, checked every step."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Cancelled(Exception):
    """A task was cancelled; it stops at its next step."""


class Control:
    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()  # a paused task must wake up to notice

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def checkpoint(self) -> None:
        """Call once a step: waits while paused, raises Cancelled if cancelled."""
        while not self._running.wait(0.05):
            pass
        if self._cancelled.is_set():
            raise Cancelled


Emit = Callable[[dict[str, Any]], None]


def no_emit(event: dict[str, Any]) -> None:
    """For callers that do not watch progress (the CLI's --json, the tests)."""
