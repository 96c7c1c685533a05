"""What screens and widgets may ask of the app: the learner's record and the engine.

One small protocol instead of widgets reaching into the app's attributes directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lessons.store import Store
    from tui.engine_client import EngineClient
    from tui.lesson_memory import LessonMemory


class Services(Protocol):
    store: Store
    engine: EngineClient
    data_dir: object
    lesson_memory: dict[str, LessonMemory]  # lesson id -> what its tabs were set to


def services(node) -> Services:
    return node.app
