"""Memory horizon: how long a nudge at step 0 survives in h_t, and how much the final answer still
feels each step (the gradient through time), for RNN, GRU and LSTM on one plot.

Two sources, both computed by torch: fresh models (run now), or the models trained in the
learner's latest race.
"""

from __future__ import annotations

import time

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from engine.horizon import SAMPLES, HorizonConfig, survives
from lessons.catalog import Lesson
from tui.engine_client import EngineError
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.curves import CurvePlot, Series, legend
from tui.widgets.panel import Panel

MARKERS = {"rnn": "R", "gru": "G", "lstm": "L"}
COLORS = {"rnn": "red", "gru": "cyan", "lstm": "green"}
WHAT = {
    "echo": ("echo of a nudge at step 0, ‖Δh_t‖", "step t"),
    "grad": ("gradient through time, ‖∂ answer / ∂x_t‖", "step t"),
}


class MemoryPanel(Panel):
    DEFAULT_CSS = """
    MemoryPanel { padding: 0 1; }
    MemoryPanel Static { height: auto; }
    MemoryPanel #memory-plots { height: auto; }
    MemoryPanel CurvePlot { height: 12; }
    """
    BINDINGS = [
        Binding("y", "what", "Echo/gradient", id="memory-what", tooltip="Plot the other measure"),
        Binding("s", "source", "Fresh/trained", id="memory-source", tooltip="Fresh or raced"),
        Binding("b", "bias", "Forget bias", id="memory-bias", tooltip="LSTM forget bias 1"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True
        self.what = "echo"
        self.source = "fresh"
        self.forget_bias = False
        self.models: dict[str, dict] = {}
        self.about = ""
        self.measuring = False  # fresh models are being measured in the engine (a few seconds)

    def compose(self) -> ComposeResult:
        yield Static(id="memory-about")
        # A plot per model, side by side on one scale: on one plot the LSTM's curve, drawn
        # last, covered the GRU's and the RNN's where they ran close.
        with Horizontal(id="memory-plots"):
            for name in MARKERS:
                yield CurvePlot("", id=f"memory-plot-{name}")
        yield Static(id="memory-key")
        yield Static(id="memory-summary")

    def on_mount(self) -> None:
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("source", "bias") and self.measuring:
            return None  # shown, dimmed: one measurement at a time
        return self.source == "fresh" if action == "bias" else True

    def reload(self) -> None:
        self.refresh_bindings()
        if self.source == "trained":
            self.load_trained()
        else:
            self.run_worker(self._fresh, group="memory", exclusive=True, exit_on_error=False)

    async def _fresh(self) -> None:
        config = HorizonConfig(forget_bias=self.forget_bias)
        bias = ", LSTM forget bias 1" if self.forget_bias else ""
        self.measuring = True
        self.refresh_bindings()
        self.show_about(
            Text(
                f"Measuring… building fresh RNN, GRU and LSTM (hidden {config.hidden}{bias}) "
                f"and running torch through {config.delay} steps of {SAMPLES} sequences, for the "
                f"echo of a nudge and the gradient through time; s and b wait until it is done.",
                style="yellow",
            )
        )
        started = time.monotonic()
        try:
            data = await services(self).engine.run("horizon", config.to_dict())
        except EngineError as error:
            self.show_about(Text(f"Could not measure: {error}", style="red"))
            return
        finally:
            self.measuring = False
            self.refresh_bindings()
        self.models = data["models"]
        self.about = (
            f"Fresh, untrained models (hidden {config.hidden}{bias}) on adding-problem inputs "
            f"of length {config.delay}, averaged over {SAMPLES} sequences; measured just now, in "
            f"{_took(time.monotonic() - started)}."
        )
        self.draw()

    def load_trained(self) -> None:
        races = services(self).store.runs(self.lesson.id, "race")
        latest = next((run for run in reversed(races) if _has_horizon(run.result)), None)
        if latest is None:
            self.models = {}
            self.show_about(
                Text("No finished race yet: run one in the Race tab, then come back (s).")
            )
            for plot in self.query(CurvePlot):
                plot.show([])
            self.query_one("#memory-summary", Static).update("")
            return
        result = latest.result
        self.models = {
            name: {"params": model["params"], **model["horizon"]}
            for name, model in result["models"].items()
            if model.get("horizon")
        }
        seeds = len(result.get("seeds", [])) > 1  # then each model's curves are its median seed's
        self.about = (
            f"The models trained in your race #{latest.id} ({result['task']}, delay "
            f"{result['delay']}{', each its median seed' if seeds else ''}), measured on its "
            f"validation data after training."
        )
        self.draw()

    def show_about(self, text: Text) -> None:
        self.query_one("#memory-about", Static).update(text)

    def draw(self) -> None:
        title, xlabel = WHAT[self.what]
        about = Text(self.about + "\n")
        about.append(
            f"y: {title} (log scale) · s: fresh/trained · b: LSTM forget bias", style="dim"
        )
        self.show_about(about)
        series = [
            Series(
                f"{name.upper()} ({model['params']:,} params)",
                list(range(len(model[self.what]))),
                model[self.what],
                marker=MARKERS[name],
                color=COLORS[name],
            )
            for name, model in self.models.items()
        ]
        steps = max((len(model[self.what]) for model in self.models.values()), default=1)
        values = [y for model in self.models.values() for y in model[self.what]]
        y_range = (min(values, default=1.0), max(values, default=1.0))
        by_name = dict(zip(self.models, series, strict=True))
        for name in MARKERS:
            one = by_name.get(name)
            self.query_one(f"#memory-plot-{name}", CurvePlot).show(
                [one] if one else [],
                title=name.upper() if one else "",
                xlabel=xlabel,
                x_range=(0, steps - 1),
                y_range=y_range,
            )

        self.query_one("#memory-key", Static).update(
            Group(
                legend(series, value=lambda v: f"{v:.2e}"),
                Text(f"each curve at its last step, t = {steps - 1}", style="dim"),
            )
        )
        self.query_one("#memory-summary", Static).update(summary(self.models, self.what))

    def action_what(self) -> None:
        self.what = "grad" if self.what == "echo" else "echo"
        if self.models and not self.measuring:
            self.draw()

    def action_source(self) -> None:
        self.source = "trained" if self.source == "fresh" else "fresh"
        self.reload()

    def action_bias(self) -> None:
        self.forget_bias = not self.forget_bias
        self.reload()


def _took(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _has_horizon(result: dict) -> bool:
    return any(model.get("horizon") for model in result.get("models", {}).values())


def summary(models: dict[str, dict], what: str) -> Text:
    text = Text()
    for name, model in models.items():
        curve = model[what]
        if what == "echo":
            last = survives(curve)
            text.append(f"{name.upper():<5}", style="bold")
            text.append(
                f"nudge at step 0: {curve[0]:.3f}; at the last step {curve[-1]:.2e}; "
                f"still ≥1% of its start up to step {last}\n"
            )
        else:
            ratio = curve[0] / curve[-1] if curve[-1] else 0.0
            text.append(f"{name.upper():<5}", style="bold")
            text.append(
                f"‖∂answer/∂x_0‖ = {curve[0]:.1e}, ‖∂answer/∂x_last‖ = {curve[-1]:.1e}: "
                f"step 0 gets {ratio:.0e} of the last step's gradient\n"
            )
    return text


@tab_kind("memory", "Memory", "m", "Memory horizon", "MemoryPanel")
def memory_tab(screen, tab):
    return MemoryPanel(screen.lesson)
