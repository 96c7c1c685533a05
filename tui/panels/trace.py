"""The trace: step an RNN, GRU or LSTM through time and watch h_t (and the gates, and c_t).

Every number comes from the engine: the equations by hand from the module's own weights, the
module's own output for the same step, and their largest difference.
"""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from engine.trace import GATE_NAMES, PATTERNS, TraceConfig, TraceResult
from lessons.catalog import Lesson
from tui import run_record
from tui.engine_client import EngineError
from tui.record import run_label
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets import heat
from tui.widgets.panel import Panel

RADII = (0.0, 0.5, 1.0, 2.0)  # 0: torch's initial W_hh; then below, near and above 1
RADIUS_WORDS = {0.5: "below 1: fades", 1.0: "near 1: lingers", 2.0: "above 1: saturates"}
MODULES = {"rnn": "nn.RNN", "gru": "nn.GRU", "lstm": "nn.LSTM"}
EQUATIONS = {
    "rnn": "h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)",
    "gru": "h_t = (1 − z) * n + z * h_{t-1}",
    "lstm": "c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t)",
}
GATE_MEANINGS = {
    "r": "reset: how much of h_{t-1} feeds the candidate",
    "z": "update: near 1 keeps h_{t-1}, near 0 takes n",
    "n": "new candidate state",
    "i": "input: how much of g enters c",
    "f": "forget: how much of c_{t-1} is kept",
    "g": "candidate values for c",
    "o": "output: how much of tanh(c) shows in h",
}
# Where PyTorch's GRU differs from the d2l / Cho et al. textbook form, said once.
GRU_FORM = (
    "PyTorch applies r after the product: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)); "
    "d2l and Cho et al. apply r to h first, which does not match nn.GRU."
)


class TracePanel(Panel):
    DEFAULT_CSS = """
    TracePanel { padding: 0 1; }
    TracePanel Static { height: auto; }
    """
    BINDINGS = [
        Binding("right", "step(1)", "Later", id="trace-forward", tooltip="One step later in time"),
        Binding("left", "step(-1)", "Earlier", id="trace-back", tooltip="One step earlier in time"),
        Binding("home", "jump(0)", "First", id="trace-first", show=False, tooltip="Step 0"),
        Binding("end", "jump(-1)", "Last", id="trace-last", show=False, tooltip="The last step"),
        Binding("c", "cell", "Cell", id="trace-cell", tooltip="RNN, GRU or LSTM"),
        Binding("i", "pattern", "Input", id="trace-pattern", tooltip="Change the input pattern"),
        Binding("w", "radius", "W_hh radius", id="trace-radius", tooltip="Rescale the RNN's W_hh"),
        Binding("r", "reseed", "New seed", id="trace-reseed", tooltip="New weights (and input)"),
    ]

    def __init__(self, lesson: Lesson, cells: tuple[str, ...] = ("rnn",), **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.cells = cells
        self.can_focus = True
        self.config = TraceConfig(cell=cells[0])
        self.result: TraceResult | None = None
        self.run_id = 0
        self.t = 0

    def compose(self) -> ComposeResult:
        yield Static(Text("Running the trace…", style="dim"), id="trace-view")

    def on_mount(self) -> None:
        # The first trace is shown but not recorded: the learner has not chosen anything yet.
        self.rerun(self.config, record=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cell":
            return len(self.cells) > 1
        if action == "radius":
            return self.config.cell == "rnn"
        return True

    def rerun(self, config: TraceConfig, record: bool = True) -> None:
        self.config = config
        self.refresh_bindings()
        self.run_worker(
            partial(self._run, config, record), group="trace", exclusive=True, exit_on_error=False
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
        self.run_id: int | None = 0
        if record:
            self.run_id = run_record.record(self, "trace", config.to_dict(), data)
        self.t = min(self.t, config.steps - 1)
        self.show_step()

    def show_step(self) -> None:
        if self.result is not None:
            view = step_view(self.result, self.t, self.run_id, len(self.cells) > 1)
            self.query_one("#trace-view", Static).update(view)

    def action_step(self, delta: int) -> None:
        self._go(self.t + delta)

    def action_jump(self, t: int) -> None:
        """Go to step `t`; -1 means the last step."""
        self._go(t if t >= 0 else self.config.steps - 1)

    def _go(self, t: int) -> None:
        self.t = max(0, min(self.config.steps - 1, t))
        self.show_step()

    def action_cell(self) -> None:
        following = self.cells[(self.cells.index(self.config.cell) + 1) % len(self.cells)]
        self.rerun(_replace(self.config, cell=following, radius=0.0))

    def action_pattern(self) -> None:
        following = PATTERNS[(PATTERNS.index(self.config.pattern) + 1) % len(PATTERNS)]
        self.rerun(_replace(self.config, pattern=following))

    def action_radius(self) -> None:
        if self.config.cell != "rnn":
            return
        following = RADII[(RADII.index(self.config.radius) + 1) % len(RADII)]
        self.rerun(_replace(self.config, radius=following))

    def action_reseed(self) -> None:
        self.rerun(_replace(self.config, seed=self.config.seed + 1))


def _replace(config: TraceConfig, **changes) -> TraceConfig:
    return TraceConfig.from_dict({**config.to_dict(), **changes})


def _vector(values: list[float]) -> Text:
    return Text(" ".join(f"{value:+.2f}" for value in values))


def settings_line(result: TraceResult, run_id: int | None, several_cells: bool) -> Text:
    config = result.config
    text = Text()
    text.append(f"{MODULES[config.cell]}({config.features}, {config.hidden})", style="bold")
    if several_cells:
        text.append(" · c cell")
    text.append(" · i input ")
    text.append(config.pattern, style="bold")
    if result.spectral_radius is not None:
        words = RADIUS_WORDS.get(config.radius, "initial")
        text.append(" · w W_hh radius ")
        text.append(f"{result.spectral_radius:.2f}", style="bold")
        text.append(f" ({words})")
    text.append(f" · r seed {config.seed}")
    text.append(f" · run {run_label(run_id)}" if run_id != 0 else " · not saved", style="dim")

    return text


def step_view(result: TraceResult, t: int, run_id: int | None, several_cells: bool = True) -> Group:
    cell = result.config.cell
    step = result.steps[t]
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(no_wrap=True)
    rows.add_column()
    rows.add_row("x_t", _vector(step["x"]), Text(""))
    rows.add_row("h_{t-1}", _vector(step["h_prev"]), Text(""))
    if cell == "lstm":
        rows.add_row("c_{t-1}", _vector(step["c_prev"]), Text(""))
    if cell == "rnn":
        rows.add_row("in tanh", _vector(step["pre"]), Text(""))
    for name in GATE_NAMES[cell]:
        values = step["gates"][name]
        rows.add_row(name, _vector(values), heat.strip(values))
    if cell == "lstm":
        rows.add_row("c_t", _vector(step["c"]), Text(""))
    rows.add_row("h_t", _vector(step["h"]), heat.strip(step["h"]))
    rows.add_row(MODULES[cell], _vector(step["torch_h"]), Text("its output at t", style="dim"))
    # t counts from 0, as in the equations; the step count from 1, so the last reads 12 of 12.
    heading = Text(f"t = {t} (step {t + 1} of {len(result.steps)}, ← →)  ", style="bold")
    heading.append(EQUATIONS[cell], style="italic")
    check = Text(f"max |h_t by hand − {MODULES[cell]}| = {step['diff']:.2e}")
    check.append(f" (all steps: {result.max_abs_diff:.2e})", style="dim")
    echo = Text("echo ‖h_t − h_t(no x_0)‖: ", style="bold")
    echo.append(" ".join(f"{s['echo']:.2f}".removeprefix("0") for s in result.steps[: t + 1]))
    parts = [settings_line(result, run_id, several_cells), heading]
    if cell == "gru":
        parts.append(Text(GRU_FORM, style="dim italic"))
    parts += [rows, check, echo]
    shown = result.steps[: t + 1]
    if GATE_NAMES[cell]:
        parts.append(Text("gates over time: the mean over units, a column per step", style="bold"))
        gates = [[sum(s["gates"][n]) / len(s["gates"][n]) for n in GATE_NAMES[cell]] for s in shown]
        parts.append(heat.grid(gates, labels=list(GATE_NAMES[cell])))
        meanings = " · ".join(f"{n}: {GATE_MEANINGS[n]}" for n in GATE_NAMES[cell])
        parts.append(Text(meanings, style="dim"))
    parts.append(Text("h over time: a row per unit, a column per step", style="bold"))
    parts.append(heat.grid([s["h"] for s in shown]))
    parts.append(heat.legend())
    return Group(*parts)


@tab_kind("trace", "Trace", "t", "h_t step by step", "TracePanel")
def trace_tab(screen, tab):
    return TracePanel(screen.lesson, cells=tuple(tab.options.get("cells", ("rnn",))))
