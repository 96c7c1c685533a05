"""The last model a task trained, kept by the engine process so that a later task can ask it
(names-guess asks the last names model, generate-sample samples the last generate model)
without training again. Tasks run on threads of that process, so reads and writes are locked.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class Held(Generic[T]):
    def __init__(self) -> None:
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T | None:
        with self._lock:
            return self._value

    def set(self, value: T | None) -> None:
        with self._lock:
            self._value = value
