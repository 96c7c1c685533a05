"""The seed's GRU shape check, live: change the sizes, predict the shapes, then let torch answer."""

from __future__ import annotations

import contextlib
import json
from functools import partial

from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from engine.shape_check import LIMITS, ShapeCheckConfig, ShapeCheckResult
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.experiment import SCRIPT_NAME, first_loop_script
from lessons.quiz import Grade, grade_shape
from lessons.words import counted
from tui.engine_client import EngineError
from tui.panels.predictions import PredictsShapes
from tui.path_text import saved_notice
from tui.record import run_label
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row

SIZE_FIELDS = ("batch", "seq_len", "features", "hidden")
PREDICTIONS = ("outputs_shape", "hidden_shape")
SIZES_STATE = "roadmap.sizes"


class ShapeCheckPanel(PredictsShapes):
    DEFAULT_CSS = """
    ShapeCheckPanel { padding: 0 1; }
    ShapeCheckPanel Row { margin-top: 1; }
    ShapeCheckPanel Label { padding: 0 1 0 0; }
    ShapeCheckPanel Input { margin-right: 2; }
    ShapeCheckPanel .size { width: 7; }
    ShapeCheckPanel .prediction { width: 1fr; }
    ShapeCheckPanel #snippet { margin-top: 1; height: auto; }
    ShapeCheckPanel #result { height: auto; margin-top: 1; }
    """
    BINDINGS = [
        Binding("r", "reveal", "Run", id="reveal", tooltip="Run the GRU, check your guess"),
        Binding("ctrl+s", "export", "Export script", id="export", tooltip="Save rnn_first_loop.py"),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Set the sizes, predict the two shapes, then Enter (or r) runs the real GRU.")
        )
        with Row():
            for name in SIZE_FIELDS:
                yield Label(name)
                yield Input(id=f"size-{name}", classes="size", max_length=12, compact=True)
        with Row():
            for name in PREDICTIONS:
                yield Label(name)
                yield Input(
                    id=f"predict-{name}",
                    classes="prediction",
                    placeholder="type a shape",
                    max_length=80,
                    compact=True,
                )
        yield MessageLine(id="message")
        yield Static(id="result")
        yield Static(id="snippet")

    def on_mount(self) -> None:
        # The lesson's sizes over the task's defaults: a lesson need not name every one.
        sizes = ShapeCheckConfig.from_dict(dict(self.lesson.default_config)).to_dict()
        saved = services(self).store.get_state(SIZES_STATE)
        if saved:
            # A stale saved value falls back to the syllabus's sizes.
            with contextlib.suppress(ConfigError, ValueError, TypeError):
                sizes = ShapeCheckConfig.from_dict(json.loads(saved)).to_dict()
        for name in SIZE_FIELDS:
            self.query_one(f"#size-{name}", Input).value = str(sizes[name])
        self.show_pending()

    # ---- sizes ---------------------------------------------------------------------------

    def current_config(self) -> ShapeCheckConfig:
        values = {name: self.query_one(f"#size-{name}", Input).value for name in SIZE_FIELDS}
        return ShapeCheckConfig.from_dict(values)

    @on(Input.Changed, ".size")
    def sizes_changed(self) -> None:
        try:
            config = self.current_config()
        except ConfigError as problem:
            self.say(f"{problem}. Limits: " + _limits_text())
            return
        self.say("")
        self.query_one("#snippet", Static).update(
            Syntax(first_loop_script(config), "python", theme="ansi_dark", word_wrap=True)
        )
        services(self).store.set_state(SIZES_STATE, json.dumps(config.to_dict()))
        self.show_pending()

    def show_pending(self) -> None:
        self.query_one("#result", Static).update(
            Text("Output appears here after you predict and run.", style="dim")
        )

    # ---- predict and reveal --------------------------------------------------------------

    def action_reveal(self) -> None:
        config = self.config_to_run("sizes")
        if config is None:
            return
        predictions = self.predictions("predict", PREDICTIONS)
        if predictions is None:
            return
        ready = services(self).engine.state.ready
        waiting = "" if ready else " (the engine is still loading torch)"
        self.query_one("#result", Static).update(Text(f"Running the GRU…{waiting}", style="dim"))
        self.run_worker(
            partial(self._reveal, config, predictions),
            name="shape-check",
            group="shape-check",
            exclusive=True,
            exit_on_error=False,
        )

    async def _reveal(self, config: ShapeCheckConfig, predictions: dict[str, str]) -> None:
        app = services(self)
        try:
            data = await app.engine.run("shape-check", config.to_dict())
        except EngineError as error:
            self.query_one("#result", Static).update(
                Text(f"The shape check did not run: {error}", style="red")
            )
            return
        result = ShapeCheckResult.from_dict(data)
        grades = {
            name: grade_shape(text, getattr(result, name)) for name, text in predictions.items()
        }
        all_right = all(grade.correct for grade in grades.values())
        run_id = record(
            self, "shape-check", config.to_dict(), data, (json.dumps(predictions), all_right)
        )
        self.query_one("#result", Static).update(_result_text(result, grades, run_id))

    def action_export(self) -> None:
        from tui.screens.export_dialog import ExportDialog

        try:
            config = self.current_config()
        except ConfigError as problem:
            self.notify(f"Fix the sizes first: {problem}.", severity="error", markup=False)
            return
        app = services(self)

        def saved(path) -> None:
            if path is not None:
                app.store.record_export("script", str(path))

                notice = saved_notice("the script", path)
                self.notify(f"{notice}\nRun it with:\npython {path.name}", markup=False)

        app.push_screen(
            ExportDialog(
                "Export this mini experiment",
                app.data_dir / SCRIPT_NAME,
                first_loop_script(config),
            ),
            saved,
        )


def _limits_text() -> str:
    return ", ".join(f"{name} 1-{high}" for name, high in LIMITS.items())


def _result_text(result: ShapeCheckResult, grades: dict[str, Grade], run_id: int | None) -> Group:
    heading = Text(
        f"Output of run {run_label(run_id)} (torch {result.torch_version}):", style="bold"
    )
    lines = Table.grid(padding=(0, 2))
    lines.add_column(no_wrap=True)
    lines.add_column()
    sequence_line, *predicted_lines = result.lines()
    lines.add_row(Text(sequence_line), Text(""))
    for line, name in zip(predicted_lines, PREDICTIONS, strict=True):
        grade = grades[name]
        mark, style = ("✓", "green") if grade.correct else ("✗", "red")
        lines.add_row(Text(line), Text(f"{mark} {grade.message}", style=style))
    batch, seq_len, hidden = result.outputs_shape
    explanation = Text(
        f"hidden_size={hidden} is the length of the memory vector. outputs holds one "
        f"{hidden}-number vector for each step ({counted(seq_len, 'step')}) of each sequence "
        f"({counted(batch, 'sequence')}). hidden keeps only the last step's vector per "
        f"sequence; its first dimension ({result.hidden_shape[0]}) counts layers, and "
        f"batch_first does not move it.",
        style="italic",
    )
    return Group(heading, lines, Text(""), explanation)


@tab_kind("shape-check", "Shape check", "s", "Run the GRU", "#size-batch", id="shape")
def shape_check_tab(screen, tab):
    return ShapeCheckPanel(screen.lesson)
