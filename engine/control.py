"""How a running task and its caller talk: progress events out; cancel, pause and resume in,
checked every step."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Self


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


@dataclass(frozen=True)
class Progress:
    """What a long task reports while it runs; each task's module subclasses it.

    Typed inside a process; a plain dict between processes (the engine's JSON lines to the UI),
    read back there with the same class's from_dict.
    """

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(**data)

    @property
    def settled(self) -> bool:
        """Whether this event ends a stage: a terminal's status line about it is complete."""
        return False


Emit = Callable[[Progress], None]


def no_emit(event: Progress) -> None:
    """For callers that do not watch progress (the CLI's --json, the tests)."""
