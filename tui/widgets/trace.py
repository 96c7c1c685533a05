"""The hidden-state trace: step a vanilla RNN through time and watch h_t as rolling memory.

Every number comes from the engine: the manual equation from the module's own weights, nn.RNN's
output for the same step, and their largest difference.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from engine.trace import PATTERNS, TraceConfig, TraceResult
from lessons.catalog import Lesson
from tui.engine_client import EngineError
from tui.messages import RunRecorded
from tui.services import services
from tui.widgets import heat

RADII = (0.0, 0.5, 1.0, 2.0)  # 0: torch's initial W_hh; then below, near and above 1
RADIUS_WORDS = {
    0.5: "below 1: memory fades",
    1.0: "near 1: memory lingers",
    2.0: "above 1: h saturates",
}


class TracePanel(VerticalScroll):
    DEFAULT_CSS = """
    TracePanel { padding: 0 1; }
    TracePanel Static { height: auto; }
    """
    BINDINGS = [
        Binding("right", "step(1)", "Forward", id="trace-forward", tooltip="One step forward"),
        Binding("left", "step(-1)", "Back", id="trace-back", tooltip="One step back"),
        Binding("home", "jump(0)", "First", id="trace-first", show=False, tooltip="Step 0"),
        Binding("end", "jump(-1)", "Last", id="trace-last", show=False, tooltip="The last step"),
        Binding("c", "pattern", "Pattern", id="trace-pattern", tooltip="Change the input pattern"),
        Binding("w", "radius", "W_hh radius", id="trace-radius", tooltip="Rescale W_hh"),
        Binding("r", "reseed", "New seed", id="trace-reseed", tooltip="New weights (and input)"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True
        self.config = TraceConfig()
        self.result: TraceResult | None = None
        self.run_id = 0
        self.t = 0

    def compose(self) -> ComposeResult:
        yield Static(Text("Running the trace…", style="dim"), id="trace-view")

    def on_mount(self) -> None:
        # The first trace is shown but not recorded: the learner has not chosen anything yet.
        self.rerun(self.config, record=False)

    def rerun(self, config: TraceConfig, record: bool = True) -> None:
        self.config = config
        self.run_worker(
            self._run(config, record), group="trace", exclusive=True, exit_on_error=False
        )

    async def _run(self, config: TraceConfig, record: bool) -> None:
        app = services(self)
        try:
            data = await app.engine.run("trace", config.to_dict())
        except EngineError as error:
            self.query_one("#trace-view", Static).update(
                Text(f"The trace did not run: {error}", style="red")
            )
            return
        self.result = TraceResult.from_dict(data)
        self.run_id = 0
        if record:
            self.run_id = app.store.record_run(
                self.lesson.id, "trace", config.to_dict(), data, {"torch": data["torch_version"]}
            )
            self.post_message(RunRecorded(self.run_id))
        self.t = min(self.t, config.steps - 1)
        self.show_step()

    def show_step(self) -> None:
        if self.result is not None:
            self.query_one("#trace-view", Static).update(
                step_view(self.result, self.t, self.run_id)
            )

    def action_step(self, delta: int) -> None:
        self._go(self.t + delta)

    def action_jump(self, t: int) -> None:
        """Go to step `t`; -1 means the last step."""
        self._go(t if t >= 0 else self.config.steps - 1)

    def _go(self, t: int) -> None:
        self.t = max(0, min(self.config.steps - 1, t))
        self.show_step()

    def action_pattern(self) -> None:
        following = PATTERNS[(PATTERNS.index(self.config.pattern) + 1) % len(PATTERNS)]
        self.rerun(_replace(self.config, pattern=following))

    def action_radius(self) -> None:
        following = RADII[(RADII.index(self.config.radius) + 1) % len(RADII)]
        self.rerun(_replace(self.config, radius=following))

    def action_reseed(self) -> None:
        self.rerun(_replace(self.config, seed=self.config.seed + 1))


def _replace(config: TraceConfig, **changes) -> TraceConfig:
    return TraceConfig.from_dict({**config.to_dict(), **changes})


def _vector(values: list[float]) -> Text:
    return Text(" ".join(f"{value:+.2f}" for value in values))


def settings_line(result: TraceResult, run_id: int) -> Text:
    config = result.config
    words = RADIUS_WORDS.get(config.radius, "initial")
    text = Text()
    text.append(f"nn.RNN({config.features}, {config.hidden})", style="bold")
    text.append(" · c pattern ")
    text.append(config.pattern, style="bold")
    text.append(" · w W_hh radius ")
    text.append(f"{result.spectral_radius:.2f}", style="bold")
    text.append(f" ({words}) · r seed {config.seed}")
    text.append(f" · run #{run_id}" if run_id else " · not saved until you change it", style="dim")
    return text


def step_view(result: TraceResult, t: int, run_id: int) -> Group:
    step = result.steps[t]
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    rows.add_row("x_t", _vector(step["x"]))
    rows.add_row("h_{t-1}", _vector(step["h_prev"]))
    rows.add_row("in tanh", _vector(step["pre"]))
    rows.add_row("h_t", _vector(step["h"]))
    rows.add_row("nn.RNN", _vector(step["torch_h"]))
    heading = Text(f"t = {t} of {len(result.steps) - 1} (← →)  ", style="bold")
    heading.append("h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)", style="italic")
    check = Text(f"max |h_t by hand − nn.RNN| = {step['diff']:.2e}")
    check.append(f" (all steps: {result.max_abs_diff:.2e})", style="dim")
    echo = Text("echo ‖h_t − h_t(no x_0)‖: ", style="bold")
    echo.append(" ".join(f"{s['echo']:.2f}".removeprefix("0") for s in result.steps[: t + 1]))
    columns = [s["h"] for s in result.steps[: t + 1]]
    return Group(
        settings_line(result, run_id),
        heading,
        rows,
        check,
        echo,
        Text("h over time: a row per unit, a column per step", style="bold"),
        heat.grid(columns),
        heat.legend(),
    )
