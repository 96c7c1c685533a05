"""The Padding tab: a batch of sequences of different lengths, padded, packed and run.

Before the run the learner sees the settings and the lengths the seed draws (the data: the
predictions need them; the pack-lengths task draws them as the run will), and predicts the
padded input's shape, the packed data's, pad_packed_sequence's output's, h_n's, and batch_sizes.
Enter runs the pack task; then the padded grid, batch_sizes under its columns, sorted_indices,
and each sequence's true last state beside the padded run's output[:, -1].
"""

from __future__ import annotations

import json
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from engine.pack import CELL_NAMES, LIMITS, MAX_SEED, PackConfig, PackResult
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.pack_feedback import PREDICTED, SHAPES, format_counts, grade_predictions
from lessons.quiz import parse_shape
from tui.engine_client import EngineError
from tui.panels.pack_view import result_view
from tui.panels.predictions import PredictsShapes
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row
from tui.widgets.toggle import Cycler

NUMBERS = ("batch", "max_len", "features", "hidden", "seed")
WIDTHS = {"seed": 11}  # columns of a number field (default 4): a seed has up to 10 digits
SETTLE = 0.25  # seconds after the last edit before the lengths are asked for


class PackPanel(PredictsShapes):
    DEFAULT_CSS = """
    PackPanel { padding: 0 1; }
    PackPanel Row { margin-top: 1; }
    PackPanel Label { padding: 0 1 0 0; }
    PackPanel .number { width: 4; margin-right: 1; }
    PackPanel #pack-seed { width: 11; }
    PackPanel .guess { width: 1fr; min-width: 12; margin-right: 2; }
    PackPanel Cycler { margin-right: 2; }
    PackPanel Static { height: auto; }
    PackPanel #pack-lengths, PackPanel #pack-code, PackPanel #pack-result { margin-top: 1; }
    """
    BINDINGS = [
        Binding("r", "reveal", "Run", id="pack-run", tooltip="Pack and run the batch, check you"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True
        self._asking = None  # the timer that asks for the lengths once the edits settle
        self._wanted: PackConfig | None = None  # the settings whose lengths belong on screen

    def compose(self) -> ComposeResult:
        yield Static(Text("Predict for these lengths, then Enter (or r) runs"), id="pack-intro")
        with Row():
            yield Label("cell")
            yield Cycler([(name, cell) for cell, name in CELL_NAMES.items()], "gru", id="pack-cell")
            for name in NUMBERS:
                yield Label(name)
                yield Input(id=f"pack-{name}", classes="number", max_length=10, compact=True)
        yield Static(id="pack-lengths")
        yield Static(id="pack-code")
        with Row():
            for key, name in PREDICTED.items():
                yield Label(name)
                placeholder = "list" if key == "batch_sizes" else "shape"
                yield Input(
                    id=f"guess-{key}", classes="guess", placeholder=placeholder, compact=True
                )
        yield MessageLine(id="pack-message")
        yield Static(id="pack-result")

    def on_mount(self) -> None:
        config = PackConfig()
        self.query_one("#pack-cell", Cycler).value = config.cell
        for name in NUMBERS:
            self.query_one(f"#pack-{name}", Input).value = str(getattr(config, name))
        self.config_changed()

    # ---- the settings and the lengths they draw -----------------------------------------------

    def current_config(self) -> PackConfig:
        values = {name: self.query_one(f"#pack-{name}", Input).value for name in NUMBERS}
        return PackConfig(cell=str(self.query_one("#pack-cell", Cycler).value), **values)

    @on(Input.Changed, ".number")
    @on(Cycler.Changed)
    def edited(self) -> None:
        self.config_changed()

    def config_changed(self) -> None:
        if self._asking is not None:
            self._asking.stop()
        try:
            config = self.current_config()
        except ConfigError as problem:
            self._wanted = None
            self.say(f"{problem}. Limits: " + _limits_text())
            self.query_one("#pack-lengths", Static).update("")
            self.query_one("#pack-result", Static).update("")
            return
        self.say("")
        self.query_one("#pack-code", Static).update(_code(config))
        self.query_one("#pack-lengths", Static).update(
            Text(f"lengths: drawing them from seed {config.seed}…", style="dim")
        )
        self.query_one("#pack-result", Static).update(Text("Predict, then run.", style="dim"))
        self._wanted = config
        self._asking = self.set_timer(SETTLE, partial(self.ask_lengths, config))

    def ask_lengths(self, config: PackConfig) -> None:
        self.run_worker(
            partial(self._lengths, config),
            group="pack-lengths",
            exclusive=True,
            exit_on_error=False,
        )

    async def _lengths(self, config: PackConfig) -> None:
        try:
            data = await services(self).engine.run("pack-lengths", config.to_dict())
        except EngineError as error:
            shown = Text(f"The lengths could not be drawn: {error}", style="bold")
        else:
            shown = _lengths_text(config, data["lengths"])
        if config == self._wanted:  # not settings the learner has edited since
            self.query_one("#pack-lengths", Static).update(shown)

    # ---- predict and reveal -------------------------------------------------------------------

    def action_reveal(self) -> None:
        config = self.config_to_run()
        if config is None:
            return
        guesses = self.predictions("guess", SHAPES, PREDICTED)
        if guesses is None:
            return
        batch_sizes = self.query_one("#guess-batch_sizes", Input)
        if parse_shape(batch_sizes.value) is None:
            self.say("Predict first: type batch_sizes as a list, such as [3, 2, 1].")
            batch_sizes.focus()
            return
        guesses["batch_sizes"] = batch_sizes.value
        result = self.query_one("#pack-result", Static)
        result.update(Text("Running…", style="dim"), layout=not result.size.height)
        self.run_worker(
            partial(self._run, config, guesses), group="pack", exclusive=True, exit_on_error=False
        )

    async def _run(self, config: PackConfig, guesses: dict[str, str]) -> None:
        try:
            data = await services(self).engine.run("pack", config.to_dict())
        except EngineError as error:
            self.query_one("#pack-result", Static).update(
                Text(f"The batch did not run: {error}", style="bold")
            )
            return
        result = PackResult.from_dict(data)
        grades = grade_predictions(guesses, result.shapes, result.batch_sizes)
        all_right = all(grade.correct for grade in grades.values())
        answer = json.dumps({"config": config.to_dict(), "predictions": guesses})
        run_id = record(self, "pack", config.to_dict(), data, (answer, all_right))
        self.query_one("#pack-lengths", Static).update(_lengths_text(config, result.lengths))
        shown = self.query_one("#pack-result", Static)
        shown.update(result_view(result, guesses, grades, run_id))
        # The result is taller than the screen: bring its top (your guesses against torch's)
        # into view once it is laid out, and give the keyboard to the panel, so the keys
        # scroll it and nothing types into a field scrolled out of sight.
        self.focus()
        self.call_after_refresh(self.scroll_to_widget, shown, top=True)


def _limits_text() -> str:
    limits = ", ".join(f"{name} {low}-{high}" for name, (low, high) in LIMITS.items())
    return f"{limits}, seed 0-{MAX_SEED}"


def _lengths_text(config: PackConfig, lengths: list[int]) -> Text:
    text = Text("lengths ", style="bold")
    text.append(format_counts(lengths))
    text.append(f"  (seed {config.seed} drew them)", style="dim")
    return text


def _code(config: PackConfig) -> Text:
    unpacked = "unpacked, _ = pad_packed_sequence(out, batch_first=True)"
    return Text(
        f"model = nn.{CELL_NAMES[config.cell]}({config.features}, {config.hidden}, "
        "batch_first=True)\n"
        "x = pad_sequence(seqs, batch_first=True)\n"
        "packed = pack_padded_sequence(x, lengths,\n"
        "    batch_first=True, enforce_sorted=False)\n"
        + (
            "out, (h_n, c_n) = model(packed)\n"
            if config.cell == "lstm"
            else "out, h_n = model(packed)\n"
        )
        + unpacked
    )


@tab_kind("pack", "Padding", "p", "Pad, pack, and the true last state", "#guess-input", id="pack")
def pack_tab(screen, tab):
    return PackPanel(screen.lesson)
