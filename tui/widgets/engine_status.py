"""One line that says what the engine process is doing: starting, ready, restarting or failed."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.engine_client import EngineState

MESSAGES = {
    "starting": "engine starting ({detail})…",
    "ready": "engine ready · {detail}",
    "restarting": "engine stopped: {detail}…",
    "failed": "engine failed: {detail}",
    "stopped": "engine stopped",
}


class EngineStatus(Static):
    DEFAULT_CSS = """
    EngineStatus { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    EngineStatus.-ready { color: $text-success; }
    EngineStatus.-restarting, EngineStatus.-failed { color: $text-error; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "engine_state", self.show_state)

    def show_state(self, state: EngineState) -> None:
        text = MESSAGES.get(state.phase, "{detail}").format(detail=state.detail)
        self.update(Content(text))
        for phase in MESSAGES:
            self.set_class(state.phase == phase, f"-{phase}")
