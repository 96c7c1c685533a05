"""Shape mistakes, one key each, run for real on the shape lab's module."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from engine.shape_failures import MODES, FailureConfig, FailureResult
from engine.shapes import ShapesConfig
from lessons.catalog import Lesson
from lessons.failure_text import TITLES, explain
from tui.engine_client import EngineError
from tui.record import run_label
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import lab_module, tab_kind
from tui.widgets.panel import Panel


class FailuresPanel(Panel):
    DEFAULT_CSS = """
    FailuresPanel { padding: 0 1; }
    FailuresPanel Static { height: auto; }
    """
    BINDINGS = [
        Binding("1", "fail(1)", "Time-major", id="fail-time-major", tooltip=TITLES[MODES[0]]),
        Binding("2", "fail(2)", "Input size", id="fail-input-size", tooltip=TITLES[MODES[1]]),
        Binding("3", "fail(3)", "Hidden shape", id="fail-hidden", tooltip=TITLES[MODES[2]]),
    ]

    def __init__(self, lesson: Lesson, config: ShapesConfig, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True
        self.config = config  # the shape lab's module

    def compose(self) -> ComposeResult:
        menu = Text("Run a classic mistake on the shape lab's module:\n")
        for number, mode in enumerate(MODES, start=1):
            menu.append(f"  {number}  {TITLES[mode]}\n")
        yield Static(menu)
        yield Static(id="failure-result")

    def shared_changed(self, key: str, value) -> None:
        if key == "lab":
            self.show_config(value)

    def show_config(self, config: ShapesConfig) -> None:
        self.config = config

    def action_fail(self, number: int) -> None:
        view = self.query_one("#failure-result", Static)
        if self.config is None:
            view.update(Text("Fix the shape lab's settings first.", style="red"))
            return
        config = FailureConfig(mode=MODES[number - 1], **self.config.to_dict())
        view.update(Text(f"Running: {TITLES[config.mode]}…", style="dim"))
        self.run_worker(
            partial(self._run, config), group="failures", exclusive=True, exit_on_error=False
        )

    async def _run(self, config: FailureConfig) -> None:
        app = services(self)
        view = self.query_one("#failure-result", Static)
        try:
            data = await app.engine.run("shape-failure", config.to_dict())
        except EngineError as error:
            view.update(Text(f"Could not run it: {error}", style="red"))
            return
        result = FailureResult.from_dict(data)
        run_id = record(self, "shape-failure", config.to_dict(), data)
        view.update(failure_view(result, run_id))


def failure_view(result: FailureResult, run_id: int | None) -> Group:
    heading = Text(f"{TITLES[result.config.mode]} (run {run_label(run_id)})", style="bold")
    code = Syntax(result.code, "python", theme="ansi_dark", word_wrap=True)
    if result.raised:
        outcome = Text("torch raised RuntimeError:\n", style="bold red")
        outcome.append(result.error, style="red")
    else:
        shapes = result.shapes
        outcome = Text("No error. torch returned:\n", style="bold yellow")
        for name in ("output", "h_n", "c_n"):
            if name in shapes:
                outcome.append(f"  {name}: {tuple(shapes[name])}\n")
    return Group(
        heading, Text(""), code, Text(""), outcome, Text(""), Text(explain(result), style="italic")
    )


@tab_kind("shape-failures", "Failure modes", "f", "Shape mistakes", "FailuresPanel", id="failures")
def shape_failures_tab(screen, tab):
    return FailuresPanel(screen.lesson, lab_module(screen))
