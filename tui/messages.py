"""Messages that go up from lesson panels to their screen."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from tui.record_writer import WriterState


class SharedChanged(Message):
    """A tab changed state other tabs of its lesson use (the shape lab's module, the Data tab's
    series): the screen keeps it in `shared[key]` and hands it to every built panel."""

    def __init__(self, key: str, value: Any) -> None:
        super().__init__()
        self.key = key
        self.value = value


class RunRecorded(Message):
    """A run was stored; panels that list the learner's runs refresh."""

    def __init__(self, run_id: int | None) -> None:
        super().__init__()
        self.run_id = run_id


class RecordWriteChanged(Message):
    """The record writer saved something, or met or got past a problem (posted to the app)."""

    def __init__(self, state: WriterState) -> None:
        super().__init__()
        self.state = state
