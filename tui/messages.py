"""Messages that go up from lesson panels to their screen."""

from __future__ import annotations

from textual.message import Message

from engine.shapes import ShapesConfig
from tui.record_writer import WriterState


class LabConfigChanged(Message):
    """The shape lab holds a new valid configuration; other tabs show the same module."""

    def __init__(self, config: ShapesConfig) -> None:
        super().__init__()
        self.config = config


class RunRecorded(Message):
    """A run was stored; panels that list the learner's runs refresh."""

    def __init__(self, run_id: int | None) -> None:
        super().__init__()
        self.run_id = run_id


class SeriesChosen(Message):
    """The Data tab settled on a series and window; training and failure modes use the same."""

    def __init__(self, settings: dict) -> None:
        super().__init__()
        self.settings = settings  # dataset or csv + column, window, horizon, test


class RecordWriteChanged(Message):
    """The record writer saved something, or met or got past a problem (posted to the app)."""

    def __init__(self, state: WriterState) -> None:
        super().__init__()
        self.state = state
