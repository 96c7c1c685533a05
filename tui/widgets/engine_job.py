"""A panel that runs one long engine task at a time, which the learner can cancel (Escape)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.actions import SkipAction
from textual.widgets import Input

from engine.control import Progress
from engine.tasks import TASKS
from engine.validation import ConfigError
from tui.engine_client import EngineError
from tui.services import services
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Panel

BUSY = "A run is going: wait for it to finish, or Escape cancels it."


class JobPanel(Panel):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = True
        self.request_id: int | None = None

    @property
    def running(self) -> bool:
        return self.request_id is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cancel", "pause"):
            return self.running
        # Starting while a run goes is answered ("busy", see busy()), never silently dropped.
        return True

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()  # Enter in a settings field starts, as Enter on the panel does

    def action_start(self) -> None:
        raise NotImplementedError

    def current_config(self) -> Any:
        raise NotImplementedError

    def config_to_start(self) -> Any | None:
        """The settings a new run starts with, or None after the learner was told why not: a
        run is going, or a field does not hold a valid value."""
        if self.busy():
            return None
        try:
            return self.current_config()
        except ConfigError as problem:
            self.say(f"Fix the settings first: {problem}.")
            return None

    def busy(self) -> bool:
        """Whether a run is going; if so, the learner is told so (an action then does nothing)."""
        if self.running:
            self.say(BUSY)
        return self.running

    def say(self, message: str) -> None:
        """On the panel's MessageLine; a panel without one shows it as a notification."""
        lines = self.query(MessageLine)
        if lines:
            lines.first().say(message)
        elif message:
            self.notify(message, markup=False)

    async def run_job(
        self, task: str, config: dict[str, Any], on_progress: Callable[[Any], None]
    ) -> dict[str, Any] | None:
        """The task's result, or None after `job_failed` has told the learner why.

        `on_progress` gets each progress event as the task's declared class (engine.tasks),
        read back from the engine's JSON with that class's from_dict.
        """
        progress_type: type[Progress] | None = TASKS[task].progress

        def typed(event: dict) -> None:
            on_progress(progress_type.from_dict(event) if progress_type else event)

        def started(request_id: int) -> None:
            self.request_id = request_id
            self.refresh_bindings()

        try:
            return await services(self).engine.run(
                task, config, on_progress=typed, on_start=started
            )
        except EngineError as error:
            self.job_failed(error)
            return None
        finally:
            self.request_id = None
            self.refresh_bindings()
            for line in self.query(MessageLine):  # the run it spoke of is over
                if str(line.content) == BUSY:
                    line.say("")

    def job_failed(self, error: EngineError) -> None:
        raise NotImplementedError

    async def action_cancel(self) -> None:
        if self.request_id is None:
            raise SkipAction  # nothing runs: Escape does what it does elsewhere (go back)
        await services(self).engine.cancel(self.request_id)
