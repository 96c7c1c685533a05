"""The race: RNN, GRU and LSTM trained side by side on a long-dependency task, with live curves,
the memoryless baseline, and a verdict per model that follows the written rules. Also the
clipping demo: the same race run with gradient clipping off and then on."""

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

from engine.clipping import DEMO_LR, ClipDemoConfig, ClipDemoResult
from engine.race import (
    CELLS,
    DEFAULT_DELAY,
    SOLVED_FRACTION,
    ModelProgress,
    RaceConfig,
    RaceProgress,
    RaceResult,
)
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.numbers import loss
from lessons.race_text import (
    clipping_story,
    median_note,
    rules,
    seed_verdicts,
    solved_cell,
    spike_sentences,
    step_times,
    task_brief,
)
from tui.engine_client import EngineError
from tui.panels.memory import COLORS, MARKERS
from tui.record import run_label
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.curves import CurvePlot, Line, Series
from tui.widgets.engine_job import JobPanel
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row
from tui.widgets.toggle import Cycler, Toggle

ROWS = (
    ("delay", "steps", "lr", "hidden"),
    ("seed", "seeds"),
    ("symbols", "alphabet"),
)
COPY_ONLY = ("symbols", "alphabet")
BAR = 12  # characters in each model's progress bar
PLOT_INTERVAL = 0.25  # seconds between live redraws of the race plot
HALVES = {"unclipped": "clipping off", "clipped": "clipping on"}


class RacePanel(JobPanel):
    DEFAULT_CSS = """
    RacePanel { padding: 0 1; }
    RacePanel Row { margin-top: 1; }
    RacePanel Label { padding: 0 1 0 0; }
    RacePanel Input { width: 7; margin-right: 1; }
    RacePanel Toggle, RacePanel Cycler { margin-right: 2; }
    RacePanel Static { height: auto; }
    RacePanel #race-task-about { margin-top: 1; }
    RacePanel #race-progress { height: 2; }
    RacePanel #race-plots { height: auto; margin-top: 1; }
    RacePanel CurvePlot { height: 13; }
    """
    BINDINGS = [
        Binding("enter", "start", "Start", id="race-start", tooltip="Start the race"),
        Binding("ctrl+r", "start", "Start", id="race-start-2", show=False, tooltip="Start"),
        Binding(
            "ctrl+l",  # not a letter: it starts a minute of work
            "demo",
            "Clip demo",
            id="race-clip-demo",
            tooltip=f"Race the copy task at lr {DEMO_LR:g} with clipping off, then on",
        ),
        Binding("space", "pause", "Pause", id="race-pause", tooltip="Pause the race"),
        Binding("space", "resume", "Resume", id="race-resume", tooltip="Resume the race"),
        Binding("escape", "cancel", "Cancel", id="race-cancel", tooltip="Stop the race"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.paused = False
        self.config: RaceConfig | None = None
        self.half = ""  # during the clipping demo: which half is running
        self.latest: dict[str, ModelProgress] = {}  # the last progress shown, redrawn on pause
        self.plotted_at = 0.0  # monotonic time of the last live redraw of the plot
        self.legend_height = 0  # lines in the legend under the plots

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One key, two bindings: the key bar offers the one that applies now.
        if action == "pause":
            return self.running and not self.paused
        if action == "resume":
            return self.running and self.paused
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        defaults = RaceConfig()
        for number, row in enumerate(ROWS):
            with Row():
                if number == 0:
                    yield Label("task")
                    yield Cycler(
                        [("adding", "adding"), ("copy", "copy")], defaults.task, id="race-task"
                    )
                for name in row:
                    yield Label(name)
                    field = Input(str(getattr(defaults, name)), id=f"race-{name}", compact=True)
                    field.disabled = name in COPY_ONLY and defaults.task != "copy"
                    yield field
                if number == 1:
                    for cell in CELLS:
                        yield Toggle(cell.upper(), True, id=f"race-{cell}")
                if number == 2:
                    yield Toggle("clip at norm 1", defaults.clip, id="race-clip")
                    yield Toggle("LSTM forget bias 1", defaults.forget_bias, id="race-bias")
        yield Static(Text(task_brief(defaults), style="dim"), id="race-task-about")
        yield Static(
            Text(
                "Enter starts · space pauses · Escape cancels · ctrl+l clipping demo · ? the rules",
                style="dim",
            ),
            id="race-keys",
        )
        yield MessageLine(id="race-message")
        yield Static(id="race-progress")
        yield Static(id="race-plot-title")
        # A plot per model, side by side on one scale: on one plot, curves that ran together
        # hid each other (a solved GRU's under the LSTM's).
        with Horizontal(id="race-plots"):
            for number, cell in enumerate(CELLS):
                placeholder = "The race's loss curves appear here: Enter starts it."
                yield CurvePlot(placeholder if number == 0 else "", id=f"race-plot-{cell}")
        yield Static(id="race-key")
        yield Static(id="race-results")

    def on_mount(self) -> None:
        self.say("")

    def help_notes(self) -> Text:
        """For the help screen: how the race's verdicts are given, and what its settings do."""
        lines = [
            "How the race gives its verdicts (v: final validation loss, b: the baseline), the "
            "first rule that holds:",
            *(f"  {rule}" for rule in rules()),
            "seeds N: each model trains from seeds seed, seed+1, ..., seed+N-1; the table says "
            "in how many it was solved and shows the curves of its median seed.",
            "adding is many-to-one: the head reads only output[:, -1], the last step. copy is "
            "many-to-many: the head reads every step's output and every step is scored.",
            "clip at norm 1: before each update, a gradient whose norm (all parameters as one "
            "vector) is above 1 is rescaled to norm 1, keeping its direction "
            "(torch.nn.utils.clip_grad_norm_).",
            f"x: the clipping demo races the copy task at lr {DEMO_LR:g} twice from the same "
            "weights and data, clipping off and then on.",
        ]
        return Text("\n".join(lines))

    def current_config(self) -> RaceConfig:
        values = {
            name: self.query_one(f"#race-{name}", Input).value for row in ROWS for name in row
        }
        models = [cell for cell in CELLS if self.query_one(f"#race-{cell}", Toggle).value]
        return RaceConfig(
            task=str(self.query_one("#race-task", Cycler).value),
            models=tuple(models),
            clip=self.query_one("#race-clip", Toggle).value,
            forget_bias=self.query_one("#race-bias", Toggle).value,
            **values,
        )

    # ---- the settings ------------------------------------------------------------------------

    @on(Cycler.Changed, "#race-task")
    def task_changed(self, event: Cycler.Changed) -> None:
        event.stop()
        self.follow_task(str(event.value))

    def follow_task(self, task: str) -> None:
        delay = self.query_one("#race-delay", Input)
        # A delay left at the other task's default follows the task; one the learner typed stays.
        if delay.value.strip() in {str(d) for t, d in DEFAULT_DELAY.items() if t != task}:
            delay.value = str(DEFAULT_DELAY[task])
        for name in COPY_ONLY:
            self.query_one(f"#race-{name}", Input).disabled = task != "copy"
        self.describe_task()

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("race-delay", "race-symbols", "race-alphabet"):
            self.describe_task()

    def describe_task(self) -> None:
        try:
            about = Text(task_brief(self.current_config()), style="dim")
        except ConfigError as problem:
            about = Text(f"Fix the settings: {problem}.", style="dim")
        self.query_one("#race-task-about", Static).update(about)

    # ---- running -----------------------------------------------------------------------------

    def action_start(self) -> None:
        config = self.config_to_start()
        if config is None:
            return
        self.begin(config)
        self.run_worker(
            partial(self._race, config), group="race", exclusive=True, exit_on_error=False
        )

    def action_demo(self) -> None:
        if self.busy():
            return
        # The demo's task and learning rate go into the fields, so what ran is what the
        # learner sees; seed, budget, sizes and models stay as they are.
        demo = ClipDemoConfig()
        self.query_one("#race-task", Cycler).value = demo.task
        self.follow_task(demo.task)  # now, not when the cycler's message arrives
        for name in ("delay", "symbols", "alphabet"):
            self.query_one(f"#race-{name}", Input).value = str(getattr(demo, name))
        self.query_one("#race-lr", Input).value = f"{demo.lr:g}"
        self.query_one("#race-seeds", Input).value = "1"
        try:
            race = self.current_config()
            demo = ClipDemoConfig(
                **{name: getattr(race, name) for name in ClipDemoConfig.__dataclass_fields__}
            )
        except ConfigError as problem:
            self.say(f"Fix the settings first: {problem}.")
            return
        self.begin(demo.race(clip=False))
        self.run_worker(
            partial(self._demo, demo), group="race", exclusive=True, exit_on_error=False
        )

    def begin(self, config: RaceConfig) -> None:
        self.say("")
        self.config = config
        self.paused = False
        self.half = ""
        self.query_one("#race-results", Static).update("")
        for cell in CELLS:
            self.query_one(f"#race-plot-{cell}").display = cell in config.models
        self.show_progress(
            {name: ModelProgress("starting", [], step=0, seed=0) for name in config.models}
        )
        self.focus()

    async def _race(self, config: RaceConfig) -> None:
        data = await self.run_job("race", config.to_dict(), self.progress)
        if data is None:
            return
        result = RaceResult.from_dict(data)
        run_id = record(self, "race", config.to_dict(), data)
        self.show_final(result)
        self.show_results(results_table(result, run_id))

    async def _demo(self, demo: ClipDemoConfig) -> None:
        data = await self.run_job("clipping", demo.to_dict(), self.progress)
        self.half = ""
        if data is None:
            return
        result = ClipDemoResult.from_dict(data)
        run_id = record(self, "clipping", demo.to_dict(), data)
        self.show_demo_plot(result)
        self.show_results(demo_tables(result, run_id))

    def show_results(self, shown: Group) -> None:
        results = self.query_one("#race-results", Static)
        results.update(shown)
        self.call_after_refresh(results.scroll_visible)

    def show_final(self, result: RaceResult) -> None:
        several = result.config.seeds > 1
        self.show_progress(
            {
                name: ModelProgress(
                    state="solved" if model.solved_step and not several else "done",
                    curve=model.curve,
                    step=model.steps_run,
                    seed=model.seed,
                    seeds_done=result.config.seeds,
                    solved_in=model.solved_in,
                )
                for name, model in result.models.items()
            }
        )

    def progress(self, event: RaceProgress) -> None:
        half = event.half
        if half and half != self.half and self.config is not None:
            self.half = half
            self.config = RaceConfig.from_dict({**self.config.to_dict(), "clip": half == "clipped"})
        # The bars follow every event (about 20 a second); the plot, whose rendering costs
        # ~15 ms, redraws at most every PLOT_INTERVAL, and whenever a model finishes.
        now = time.monotonic()
        plot = event.final or now - self.plotted_at >= PLOT_INTERVAL
        if plot:
            self.plotted_at = now
        self.show_progress(event.models, plot=plot)

    def show_progress(self, models: dict[str, ModelProgress], plot: bool = True) -> None:
        config = self.config
        if config is None:
            return
        self.latest = models
        text = Text()
        if self.half:
            text.append(f"{HALVES[self.half]}: ", style="bold")
        for name, model in models.items():
            text.append(f"{name.upper():<5}", style="bold")
            text.append_text(_bar(model, config.steps, config.seeds))
            text.append("  ")
        if self.paused:
            text.append("paused (space resumes)", style="yellow")
        # Two lines always hold the three bars, so an update need not lay the screen out again
        # (about 20 a second during a race).
        self.query_one("#race-progress", Static).update(text, layout=False)
        if not plot:
            return
        series = {}
        for name, model in models.items():
            curve = model.curve
            steps = [point[0] for point in curve]
            # Validation in capitals, on top; training (mean loss between evaluations) in lower
            # case and faint, drawn first.
            series[name] = [
                Series(
                    "train",
                    steps,
                    [point[1] for point in curve],
                    marker=MARKERS[name].lower(),
                    color=COLORS[name],
                    style="dim",
                ),
                Series("val", steps, [point[2] for point in curve], MARKERS[name], COLORS[name]),
            ]
        self.plot(series, "training and validation loss")

    def show_demo_plot(self, demo: ClipDemoResult) -> None:
        """Both halves' validation curves: clipped in capitals, unclipped in lower case."""
        series = {}
        for name in demo.config.models:
            series[name] = []
            for half, marker in (
                ("unclipped", MARKERS[name].lower()),
                ("clipped", MARKERS[name]),
            ):
                curve = getattr(demo, half).models[name].curve
                series[name].append(
                    Series(
                        HALVES[half],
                        [p[0] for p in curve],
                        [p[2] for p in curve],
                        marker=marker,
                        color=COLORS[name],
                    )
                )
        self.plot(series, "validation loss only")

    def plot(self, series: dict[str, list[Series]], note: str) -> None:
        """Each model's curves on its own plot, all on one y scale, and a legend that gives
        every curve's last value."""
        config = self.config
        if config is None:
            return
        baseline = config.baseline
        lines = [
            Line("baseline", baseline),
            Line("solved below", baseline * SOLVED_FRACTION, "white"),
        ]
        values = [y for curves in series.values() for one in curves for y in one.ys]
        y_range = (min(values, default=baseline), max(values, default=baseline))
        for name, curves in series.items():
            self.query_one(f"#race-plot-{name}", CurvePlot).show(
                curves,
                lines=lines,
                title=f"{name.upper()} loss",
                xlabel="training step",
                x_range=(0, config.steps),
                y_range=y_range,
            )
        title = Text(
            f"loss, log scale · upper line: baseline {loss(baseline)} · lower line: solved, "
            f"{loss(baseline * SOLVED_FRACTION)}",
            style="dim",
        )
        shown = self.query_one("#race-plot-title", Static)
        if shown.content != title:  # the same all race long: skip the relayout
            shown.update(title)
        legend = race_legend(series, note)
        # As many lines as models all race long: new values need no new layout.
        height = len(legend.split())
        self.query_one("#race-key", Static).update(legend, layout=height != self.legend_height)
        self.legend_height = height

    async def action_pause(self) -> None:
        await self.pause(True)

    async def action_resume(self) -> None:
        await self.pause(False)

    async def pause(self, paused: bool) -> None:
        if self.request_id is None or paused == self.paused:
            return
        engine = services(self).engine
        self.paused = paused
        self.refresh_bindings()  # the space key now offers the other one
        await (engine.pause if paused else engine.resume)(self.request_id)
        self.show_progress(self.latest)

    def job_failed(self, error: EngineError) -> None:
        if error.kind == "cancelled":
            self.say("Race cancelled: the curves show how far it got. Enter starts again.")
        else:
            self.say(f"The race stopped: {error}")


def race_legend(series: dict[str, list[Series]], note: str) -> Text:
    """A line per model with each curve's marker, name and last value, so a curve hidden under
    another is still read; then the note."""
    text = Text()
    for name, curves in series.items():
        text.append(f"{name.upper():<5}", style="bold")
        for one in curves:
            text.append(f"{one.marker} ", style=f"bold {one.color}")
            text.append(f"{one.label} ")
            text.append(f"{loss(one.ys[-1]) if one.ys else '-':<8}", style="bold")
            text.append("  ")
        text.append("\n")
    text.append(f"last values · {note}", style="dim")
    return text


def _bar(model: ModelProgress, budget: int, seeds: int = 1) -> Text:
    state = model.state
    step = model.step
    if state == "solved":
        return Text(f"✓ solved at {step}", style="green")
    if state == "done" and seeds > 1:
        return Text(f"✓ solved in {model.solved_in} of {seeds}", style="green")
    filled = int(BAR * min(step, budget) / budget)
    text = Text("█" * filled + "░" * (BAR - filled))
    text.append(f" {step}")
    if seeds > 1:
        text.append(f" seed {model.seed}", style="dim")
    return text


def _style(verdict: str) -> str:
    if verdict == "solved":
        return "green"
    if verdict.startswith(("stuck", "worse", "diverged")):
        return "red"
    return "yellow"


def results_table(result: RaceResult, run_id: int | None) -> Group:
    config = result.config
    several = config.seeds > 1
    seeds = f"seeds {config.seed}-{config.seed + config.seeds - 1}" if several else ""
    heading = Text(
        f"Race {run_label(run_id)}: {config.task}, delay {config.delay}, baseline "
        f"{loss(result.baseline)}{', ' + seeds if seeds else ''}, all verdicts in "
        f"{result.seconds:.1f} s",
        style="bold",
    )
    table = Table(box=None, padding=(0, 1))
    verdict = "verdict, median seed" if several else "verdict"
    for column in ("model", "params", "solved", "final val", verdict):
        table.add_column(column, justify="right" if column in ("params", "final val") else "left")
    for name, model in result.models.items():
        solved = solved_cell(result, name)
        shown = model.verdict
        if several and model.median_step:
            shown = f"solved at step {model.median_step}"  # the median seed's, like the rest
        elif model.solved_step and not several:
            solved += f", {model.seconds:.1f} s"
        final = loss(model.final_val)
        table.add_row(
            name.upper(),
            f"{model.params:,}",
            solved,
            final,
            Text(shown, _style(model.verdict)),
        )
    notes = []
    if several:
        notes += [f"{name.upper()}: {seed_verdicts(result, name)}" for name in result.models]
        notes.append(median_note(result))
    notes.append(step_times(result))
    notes += spike_sentences(result)
    return Group(heading, table, *(Text(note) for note in notes))


def demo_tables(demo: ClipDemoResult, run_id: int | None) -> Group:
    config = demo.config
    heading = Text(
        f"Clipping demo {run_label(run_id)}: {config.task}, delay {config.delay}, lr "
        f"{config.lr:g}, seed {config.seed}",
        style="bold",
    )
    table = Table(box=None, padding=(0, 1))
    for column in ("model", "clipping", "verdict", "largest ‖grad‖", "spikes"):
        table.add_column(column, justify="right" if column == "largest ‖grad‖" else "left")
    for name in config.models:
        for half in ("unclipped", "clipped"):
            model = getattr(demo, half).models[name]
            largest = max(model.grad_norms, default=float("nan"))
            spikes = ", ".join(f"step {int(spike[0])}" for spike in model.spikes) or "none"
            table.add_row(
                name.upper() if half == "unclipped" else "",
                "off" if half == "unclipped" else "on",
                Text(model.verdict, _style(model.verdict)),
                f"{largest:.3g}",
                spikes,
            )
    return Group(heading, table, *(Text(line) for line in clipping_story(demo)))


@tab_kind("race", "Race", "v", "RNN vs GRU vs LSTM", "RacePanel")
def race_tab(screen, tab):
    return RacePanel(screen.lesson)
