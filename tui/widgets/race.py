"""The race: RNN, GRU and LSTM trained side by side on a long-dependency task, with live curves,
the memoryless baseline, and a verdict per model that says only what the run showed."""

from __future__ import annotations

import time
from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from engine.race import CELLS, RaceConfig, RaceResult
from engine.validation import ConfigError
from lessons import progress
from lessons.catalog import Lesson
from tui.engine_client import EngineError
from tui.messages import RunRecorded
from tui.record import run_label
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.curves import CurvePlot, Line, Series, key
from tui.widgets.engine_job import JobPanel
from tui.widgets.memory import COLORS, MARKERS
from tui.widgets.message_line import MessageLine
from tui.widgets.toggle import Cycler, Toggle

NUMBERS = {"delay": "delay", "steps": "steps", "lr": "lr", "hidden": "hidden", "seed": "seed"}
FIRST_ROW = ("delay", "steps", "lr", "hidden")
BAR = 12  # characters in each model's progress bar
PLOT_INTERVAL = 0.25  # seconds between live redraws of the race plot


class RacePanel(JobPanel):
    DEFAULT_CSS = """
    RacePanel { padding: 0 1; }
    RacePanel Horizontal { margin-top: 1; }
    RacePanel Label { padding: 0 1 0 0; }
    RacePanel Input { width: 7; margin-right: 1; }
    RacePanel Toggle, RacePanel Cycler { margin-right: 2; }
    RacePanel Static { height: auto; }
    RacePanel #race-progress { height: 2; }
    RacePanel CurvePlot { height: 14; margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "start", "Start", id="race-start", tooltip="Start the race"),
        Binding("ctrl+r", "start", "Start", id="race-start-2", show=False, tooltip="Start"),
        Binding("space", "pause", "Pause", id="race-pause", tooltip="Pause or resume"),
        Binding("escape", "cancel", "Cancel", id="race-cancel", tooltip="Stop the race"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.paused = False
        self.config: RaceConfig | None = None
        self.latest: dict[str, dict] = {}  # the last progress shown, redrawn on pause
        self.plotted_at = 0.0  # monotonic time of the last live redraw of the plot

    def compose(self) -> ComposeResult:
        defaults = RaceConfig()
        with Horizontal(classes="row"):
            yield Label("task")
            yield Cycler([("adding", "adding"), ("copy", "copy")], defaults.task, id="race-task")
            for name in FIRST_ROW:
                yield Label(name)
                yield Input(str(getattr(defaults, NUMBERS[name])), id=f"race-{name}", compact=True)
        with Horizontal(classes="row"):
            yield Label("seed")
            yield Input(str(defaults.seed), id="race-seed", compact=True)
            for cell in CELLS:
                yield Toggle(cell.upper(), True, id=f"race-{cell}")
        with Horizontal(classes="row"):
            yield Toggle("clip gradients at norm 1", defaults.clip, id="race-clip")
            yield Toggle("LSTM forget-gate bias 1", defaults.forget_bias, id="race-bias")
        yield Static(
            Text("Enter (or ctrl+r) starts · space pauses · Escape cancels", style="dim"),
            id="race-keys",
        )
        yield MessageLine(id="race-message")
        yield Static(id="race-progress")
        yield CurvePlot("The race's loss curves appear here: Enter starts it.", id="race-plot")
        yield Static(id="race-key")
        yield Static(id="race-results")

    def on_mount(self) -> None:
        self.say("")

    def say(self, message: str) -> None:
        self.query_one(MessageLine).say(message)

    def current_config(self) -> RaceConfig:
        values = {
            field: self.query_one(f"#race-{name}", Input).value for name, field in NUMBERS.items()
        }
        models = [cell for cell in CELLS if self.query_one(f"#race-{cell}", Toggle).value]
        return RaceConfig(
            task=str(self.query_one("#race-task", Cycler).value),
            models=tuple(models),
            clip=self.query_one("#race-clip", Toggle).value,
            forget_bias=self.query_one("#race-bias", Toggle).value,
            **values,
        )

    # ---- running -----------------------------------------------------------------------------

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        if self.running:
            return
        try:
            config = self.current_config()
        except ConfigError as problem:
            self.say(f"Fix the settings first: {problem}.")
            return
        self.say("")
        self.config = config
        self.paused = False
        self.query_one("#race-results", Static).update("")
        self.show_progress(
            {name: {"state": "starting", "curve": [], "step": 0} for name in config.models}
        )
        self.focus()
        self.run_worker(
            partial(self._race, config), group="race", exclusive=True, exit_on_error=False
        )

    async def _race(self, config: RaceConfig) -> None:
        app = services(self)
        data = await self.run_job("race", config.to_dict(), self.progress)
        if data is None:
            return
        result = RaceResult.from_dict(data)
        run_id = app.store.record_run(
            self.lesson.id, "race", config.to_dict(), data, {"torch": result.torch_version}
        )
        self.show_progress(
            {
                name: {
                    "state": "solved" if model.solved_step else "done",
                    "curve": model.curve,
                    "step": model.steps_run,
                }
                for name, model in result.models.items()
            }
        )
        results = self.query_one("#race-results", Static)
        results.update(results_table(result, run_id))
        self.call_after_refresh(results.scroll_visible)
        self.post_message(RunRecorded(run_id))
        progress.refresh_status(app.store, self.lesson)

    def progress(self, event: dict) -> None:
        # The bars follow every event (about 20 a second); the plot, whose rendering costs
        # ~15 ms, redraws at most every PLOT_INTERVAL, and whenever a model finishes.
        now = time.monotonic()
        plot = bool(event.get("final")) or now - self.plotted_at >= PLOT_INTERVAL
        if plot:
            self.plotted_at = now
        self.show_progress(event.get("models", {}), plot=plot)

    def show_progress(self, models: dict[str, dict], plot: bool = True) -> None:
        config = self.config
        if config is None:
            return
        self.latest = models
        text = Text()
        for name, model in models.items():
            text.append(f"{name.upper():<5}", style="bold")
            text.append_text(_bar(model, config.steps))
            text.append("  ")
        if self.paused:
            text.append("paused (space resumes)", style="yellow")
        # Two lines always hold the three bars, so an update need not lay the screen out again
        # (about 20 a second during a race).
        self.query_one("#race-progress", Static).update(text, layout=False)
        if not plot:
            return
        series = []
        for name, model in models.items():
            curve = model.get("curve") or []
            steps = [point[0] for point in curve]
            # Validation in capitals, training (mean loss between evaluations) in lower case.
            for kind, column, marker in (
                ("val", 2, MARKERS[name]),
                ("train", 1, MARKERS[name].lower()),
            ):
                label = f"{name.upper()} {kind}" if kind == "val" else f"{name} {kind}"
                ys = [point[column] for point in curve]
                series.append(Series(label, steps, ys, marker=marker, color=COLORS[name]))
        baseline = config.baseline
        self.query_one("#race-plot", CurvePlot).show(
            series,
            lines=[Line("baseline", baseline), Line("solved below", baseline * 0.1, "white")],
            title=f"loss · baseline {baseline:.3g} (upper line) · solved below the lower line",
            xlabel="training step",
            x_range=(0, config.steps),
        )
        legend = key(series)
        legend.append("· upper line: baseline, lower: solved", style="dim")
        shown = self.query_one("#race-key", Static)
        if shown.content != legend:  # the same all race long: skip the relayout
            shown.update(legend)

    async def action_pause(self) -> None:
        if self.request_id is None:
            return
        engine = services(self).engine
        self.paused = not self.paused
        await (engine.pause if self.paused else engine.resume)(self.request_id)
        self.show_progress(self.latest)

    def job_failed(self, error: EngineError) -> None:
        if error.kind == "cancelled":
            self.say("Race cancelled: the curves show how far it got. Enter starts again.")
        else:
            self.say(f"The race stopped: {error}")


def _bar(model: dict, budget: int) -> Text:
    state = model.get("state")
    step = model.get("step") or 0
    if state == "solved":
        return Text(f"✓ solved at {step}", style="green")
    filled = int(BAR * min(step, budget) / budget)
    text = Text("█" * filled + "░" * (BAR - filled))
    text.append(f" {step}")
    return text


def results_table(result: RaceResult, run_id: int | None) -> Group:
    heading = Text(
        f"Race {run_label(run_id)}: {result.config.task}, delay {result.config.delay}, baseline "
        f"{result.baseline:.4g}, all verdicts in {result.seconds:.1f} s",
        style="bold",
    )
    table = Table(box=None, padding=(0, 1))
    for column in ("model", "params", "solved at", "final val", "verdict"):
        table.add_column(column, justify="right" if column in ("params", "final val") else "left")
    for name, model in result.models.items():
        solved = f"step {model.solved_step}, {model.seconds:.1f} s" if model.solved_step else "—"
        final = "—" if model.final_val is None else f"{model.final_val:.4f}"
        style = (
            "green"
            if model.verdict == "solved"
            else ("red" if "stuck" in model.verdict else "yellow")
        )
        table.add_row(
            name.upper(), f"{model.params:,}", solved, final, Text(model.verdict, style=style)
        )
    return Group(heading, table)


@tab_kind("race", "Race", "v", "RNN vs GRU vs LSTM", "RacePanel")
def race_tab(screen, tab):
    return RacePanel(screen.lesson)
