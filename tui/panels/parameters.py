"""The parameter count of the shape lab's module: torch's sum(p.numel()) beside the formula, and
every named parameter with its shape."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from engine.shapes import GATES, ShapesConfig, ShapesResult
from tui.engine_client import EngineError
from tui.services import services
from tui.tab_kinds import lab_module, tab_kind
from tui.widgets.panel import Panel


class ParametersPanel(Panel):
    DEFAULT_CSS = """
    ParametersPanel { padding: 0 1; }
    ParametersPanel Static { height: auto; }
    """

    def __init__(self, config: ShapesConfig, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = True
        self.first_config = config  # the shape lab's module when this tab was first opened
        self.config: ShapesConfig | None = None

    def on_mount(self) -> None:
        self.show_config(self.first_config)

    def compose(self) -> ComposeResult:
        yield Static(Text("Counting the parameters…", style="dim"), id="params-view")

    def shared_changed(self, key: str, value) -> None:
        if key == "lab":
            self.show_config(value)

    def show_config(self, config: ShapesConfig) -> None:
        """Count the parameters of the module `config` describes (the shape lab's module)."""
        if config == self.config:
            return
        self.config = config
        self.run_worker(
            partial(self._count, config), group="parameters", exclusive=True, exit_on_error=False
        )

    async def _count(self, config: ShapesConfig) -> None:
        view = self.query_one("#params-view", Static)
        try:
            data = await services(self).engine.run("shapes", config.to_dict())
        except EngineError as error:
            self.config = None  # so the next visit tries again
            view.update(Text(f"Could not count: {error}", style="red"))
            return
        view.update(parameters_view(ShapesResult.from_dict(data)))


def parameters_view(result: ShapesResult) -> Group:
    config = result.config
    agree = result.total_parameters == result.formula_total
    heading = Text(f"model = {config.module_call()}\n", style="bold")
    heading.append(f"sum(p.numel() for p in model.parameters()) = {result.total_parameters:,}\n")
    heading.append(f"the formula, layer by layer             = {result.formula_total:,}  ")
    heading.append("✓ they agree" if agree else "✗ they differ", style="green" if agree else "red")
    gates = GATES[config.cell]
    why = Text(
        f"\n{config.cell.upper()} stacks {gates} block{'s' if gates > 1 else ''} per matrix: "
        f"gates × (hidden × input + hidden × h + 2 × hidden)"
        + (" + proj × hidden for W_hr" if config.proj_size else "")
        + "; from layer 1 on, input = num_directions × h.",
        style="italic",
    )
    formula = Table(box=None, padding=(0, 1), show_edge=False)
    for column in ("layer", "direction", "input", "working", "count"):
        formula.add_column(column, justify="right" if column in ("input", "count") else "left")
    for row in result.formula:
        formula.add_row(
            str(row.layer), row.direction, str(row.input_size), row.working, f"{row.count:,}"
        )
    tensors = Table(box=None, padding=(0, 1), show_edge=False)
    tensors.add_column("named parameter")
    tensors.add_column("shape")
    tensors.add_column("numel", justify="right")
    for parameter in result.parameters:
        tensors.add_row(
            parameter["name"], str(tuple(parameter["shape"])), f"{parameter['numel']:,}"
        )
    return Group(heading, why, Text(""), formula, Text(""), tensors)


@tab_kind("parameters", "Parameters", "a", "Parameter count", "ParametersPanel", id="params")
def parameters_tab(screen, tab):
    return ParametersPanel(lab_module(screen))
