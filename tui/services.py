"""What screens and widgets may ask of the app: the learner's record and the engine.

One small protocol instead of widgets reaching into the app's attributes directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lessons.store import Store
    from tui.engine_client import EngineClient


class Services(Protocol):
    store: Store
    engine: EngineClient
    data_dir: object


def services(node) -> Services:
    return node.app
