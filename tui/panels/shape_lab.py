"""The shape lab: build an RNN, LSTM or GRU, predict output, h_n (and c_n), then let torch answer.

Each wrong dimension is highlighted with the reason. A drill key deals a fresh random
configuration (seeded, so a session can be replayed) and keeps a streak.
"""

from __future__ import annotations

import json
import random
from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from engine.shapes import CELL_NAMES, LIMITS, ShapesConfig, ShapesResult
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.drill import drill_config
from lessons.quiz import format_shape, parse_shape
from lessons.shape_feedback import DimensionCheck, check_prediction, final_state_lines
from tui.engine_client import EngineError
from tui.messages import SharedChanged
from tui.panels.predictions import PredictsShapes
from tui.record import run_label
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row
from tui.widgets.toggle import Cycler, Toggle

NUMBER_FIELDS = {  # input id -> config field
    "batch": "batch",
    "seq_len": "seq_len",
    "input": "features",
    "hidden": "hidden",
    "layers": "layers",
    "proj": "proj_size",
}
TENSORS = ("output", "h_n", "c_n")
DRILL_STATE = "rnn-basics.drill"


class ShapeLabPanel(PredictsShapes):
    DEFAULT_CSS = """
    ShapeLabPanel { padding: 0 1; }
    ShapeLabPanel Row { margin-top: 1; }
    ShapeLabPanel Label { padding: 0 1 0 0; }
    ShapeLabPanel .number { width: 5; margin-right: 1; }
    ShapeLabPanel .guess { width: 1fr; margin-right: 2; }
    ShapeLabPanel Cycler { margin-right: 2; }
    ShapeLabPanel Toggle { margin-right: 2; }
    ShapeLabPanel #drill-status { width: 1fr; content-align: right middle; color: $text-muted; }
    ShapeLabPanel #lab-code, ShapeLabPanel #lab-result { height: auto; margin-top: 1; }
    """
    BINDINGS = [
        Binding("r", "reveal", "Run", id="lab-reveal", tooltip="Run the module, check your guess"),
        Binding("d", "drill", "Drill", id="lab-drill", tooltip="A fresh random config to predict"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True
        # The config the drill dealt last: a prediction for exactly it counts to the streak.
        self.dealt: ShapesConfig | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Predict the shapes, then Enter or r runs the layer · d deals a drill"))
        with Row():
            yield Label("cell")
            yield Cycler([(name, cell) for cell, name in CELL_NAMES.items()], "lstm", id="lab-cell")
            yield Toggle("bidirectional", id="lab-bidirectional")
            yield Toggle("batch_first", True, id="lab-batch_first")
            yield Static(id="drill-status")
        with Row():
            for name in NUMBER_FIELDS:
                yield Label(name)
                yield Input(id=f"lab-{name}", classes="number", max_length=6, compact=True)
        with Row():
            for tensor in TENSORS:
                yield Label(tensor, id=f"label-{tensor}")
                yield Input(
                    id=f"guess-{tensor}", classes="guess", placeholder="shape", compact=True
                )
        yield MessageLine(id="lab-message")
        yield Static(id="lab-result")
        yield Static(id="lab-code")

    def on_mount(self) -> None:
        config = ShapesConfig.from_dict(self.lesson.default_config)
        self.fill(config)
        self.show_drill_status()

    # ---- the configuration -----------------------------------------------------------------

    def fill(self, config: ShapesConfig) -> None:
        """Put `config` into the fields (the drill and start-up use this)."""
        self.query_one("#lab-cell", Cycler).value = config.cell
        self.query_one("#lab-bidirectional", Toggle).value = config.bidirectional
        self.query_one("#lab-batch_first", Toggle).value = config.batch_first
        for name, field in NUMBER_FIELDS.items():
            self.query_one(f"#lab-{name}", Input).value = str(getattr(config, field))
        for tensor in TENSORS:
            self.query_one(f"#guess-{tensor}", Input).value = ""
        self.config_changed()

    def current_config(self) -> ShapesConfig:
        values = {
            field: self.query_one(f"#lab-{name}", Input).value
            for name, field in NUMBER_FIELDS.items()
        }
        return ShapesConfig(
            cell=str(self.query_one("#lab-cell", Cycler).value),
            bidirectional=self.query_one("#lab-bidirectional", Toggle).value,
            batch_first=self.query_one("#lab-batch_first", Toggle).value,
            **values,
        )

    @on(Input.Changed, ".number")
    @on(Cycler.Changed)
    @on(Toggle.Changed)
    def edited(self) -> None:
        self.config_changed()

    def config_changed(self) -> None:
        is_lstm = self.query_one("#lab-cell", Cycler).value == "lstm"
        for selector in ("#label-c_n", "#guess-c_n"):
            self.query_one(selector).display = is_lstm
        try:
            config = self.current_config()
        except ConfigError as problem:
            self.say(f"{problem}. Limits: " + _limits_text())
            return
        self.say("")
        code = Text(f"model = {config.module_call()}\nx = torch.randn{config.input_shape}")
        code.append("\noutput, (h_n, c_n) = model(x)" if is_lstm else "\noutput, h_n = model(x)")
        self.query_one("#lab-code", Static).update(code)
        self.query_one("#lab-result", Static).update(
            Text("Predict the shapes, then run.", style="dim")
        )
        self.post_message(SharedChanged("lab", config))

    # ---- predict and reveal ------------------------------------------------------------------

    def action_reveal(self) -> None:
        config = self.config_to_run()
        if config is None:
            return
        tensors = TENSORS if config.cell == "lstm" else TENSORS[:2]
        guesses = self.predictions("guess", tensors)
        if guesses is None:
            return
        # One line in the space the last result had: no new layout (the run takes ~10 ms).
        result = self.query_one("#lab-result", Static)
        result.update(Text("Running…", style="dim"), layout=not result.size.height)
        self.run_worker(
            partial(self._reveal, config, guesses, drilled=config == self.dealt),
            group="shape-lab",
            exclusive=True,
            exit_on_error=False,
        )

    async def _reveal(self, config: ShapesConfig, guesses: dict[str, str], drilled: bool) -> None:
        app = services(self)
        try:
            data = await app.engine.run("shapes", config.to_dict())
        except EngineError as error:
            self.query_one("#lab-result", Static).update(
                Text(f"The module did not run: {error}", style="red")
            )
            return
        result = ShapesResult.from_dict(data)
        predicted = {tensor: parse_shape(text) for tensor, text in guesses.items()}
        checks = {
            tensor: check_prediction(config, tensor, shape, result.shapes[tensor])
            for tensor, shape in predicted.items()
        }
        all_right = all(check.correct for dims in checks.values() for check in dims)
        answer = {"config": config.to_dict(), "predictions": guesses, "drill": drilled}
        run_id = record(self, "shapes", config.to_dict(), data, (json.dumps(answer), all_right))
        store = services(self).store
        for tensor, dims in checks.items():
            if not all(check.correct for check in dims):
                # Each wrong tensor comes back in the review as a question of its own.
                source = "drill" if drilled else "shape lab"
                field = f"shapes.{tensor}"
                typed = format_shape(predicted[tensor])
                store.record_mistake(
                    self.lesson.id, source, "shapes", config.to_dict(), field, typed
                )
        if drilled:
            self.count_streak(all_right)
        self.query_one("#lab-result", Static).update(
            _result_view(result, checks, predicted, run_id)
        )

    # ---- the drill ---------------------------------------------------------------------------

    def drill_state(self) -> dict:
        saved = services(self).store.get_state(DRILL_STATE)
        try:
            state = json.loads(saved) if saved else {}
            if not isinstance(state, dict):
                state = {}
        except ValueError:
            state = {}
        state.setdefault("seed", random.randrange(2**31))
        for key in ("index", "streak", "best"):
            state.setdefault(key, 0)
        return state

    def save_drill_state(self, state: dict) -> None:
        services(self).store.set_state(DRILL_STATE, json.dumps(state))
        self.show_drill_status()

    def action_drill(self) -> None:
        state = self.drill_state()
        config = drill_config(state["seed"], state["index"])
        state["index"] += 1
        self.save_drill_state(state)
        self.dealt = config
        self.fill(config)
        self.query_one("#guess-output", Input).focus()

    def count_streak(self, right: bool) -> None:
        state = self.drill_state()
        state["streak"] = state["streak"] + 1 if right else 0
        state["best"] = max(state["best"], state["streak"])
        self.save_drill_state(state)

    def show_drill_status(self) -> None:
        state = self.drill_state()
        if not state["index"]:
            text = "drill: press d"
        else:
            text = f"drill #{state['index']} · streak {state['streak']}"
        self.query_one("#drill-status", Static).update(Text(text))


def _limits_text() -> str:
    return ", ".join(f"{name} 1-{high}" for name, high in LIMITS.items()) + ", proj < hidden"


def _shape_with_marks(actual: list[int], checks: list[DimensionCheck]) -> Text:
    """The torch shape with each wrongly predicted dimension highlighted (reverse video too,
    so it shows without colour)."""
    text = Text("(")
    for index, size in enumerate(actual):
        wrong = not checks[index].correct
        text.append(str(size), style="bold reverse red" if wrong else "")
        text.append(", " if index < len(actual) - 1 else ")")
    return text


def _result_view(
    result: ShapesResult,
    checks: dict[str, list[DimensionCheck]],
    predicted: dict[str, tuple[int, ...]],
    run_id: int | None,
) -> Group:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_row(
        "", Text("torch", style="dim"), Text("you", style="dim"), Text("dims", style="dim")
    )
    table.add_row(
        "input",
        Text(format_shape(result.shapes["input"])),
        Text(""),
        Text(" · ".join(result.labels["input"]), style="dim"),
    )
    reasons = Text()
    for tensor, dims in checks.items():
        right = all(check.correct for check in dims)
        table.add_row(
            tensor,
            _shape_with_marks(result.shapes[tensor], dims),
            Text(
                ("✓ " if right else "✗ ") + format_shape(predicted[tensor]),
                style="green" if right else "red",
            ),
            Text(" · ".join(result.labels[tensor]), style="dim"),
        )
        for reason in dict.fromkeys(check.reason for check in dims if check.reason):
            reasons.append(f"✗ {tensor}: {reason}\n", style="red")
    heading = Text(f"Run {run_label(run_id)} · torch {result.torch_version}", style="bold")
    verdict = reasons or Text("All right: every dimension where you put it.", style="green")
    parts = [heading, table, Text(""), verdict]
    if result.final_states:
        parts += [Text(""), final_states_view(result)]
    return Group(*parts)


def final_states_view(result: ShapesResult) -> Text:
    """The output[:, -1] trap of a bidirectional layer, measured on this run."""
    heading, *rows, note = final_state_lines(result)
    text = Text(heading + "\n", style="bold")
    for row in rows:
        text.append(row + "\n")
    text.append(note, style="dim")
    return text


@tab_kind("shape-lab", "Shape lab", "s", "Predict, then run", "#guess-output", id="lab")
def shape_lab_tab(screen, tab):
    return ShapeLabPanel(screen.lesson)
