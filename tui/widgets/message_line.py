"""An inline message under a form: a clear sentence about what to fix, hidden when there is none."""

from __future__ import annotations

from textual.widgets import Static


class MessageLine(Static):
    DEFAULT_CSS = """
    MessageLine { color: $text-error; height: auto; margin-top: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)  # the text may quote what the learner typed
        self.display = False

    def say(self, message: str) -> None:
        if message == str(self.content):
            return  # each update lays the screen out again: most calls clear an empty line
        self.update(message)
        self.display = bool(message)
