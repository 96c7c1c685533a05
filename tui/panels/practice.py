"""The Train tab: the train/eval loop as code, then run for real with live curves, early
stopping, and the model's errors beside three naive baselines, relative MAE and MASE."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from engine.practice import CELLS, PracticeConfig, PracticeProgress, PracticeResult
from lessons.catalog import Lesson
from lessons.numbers import in_units, loss
from lessons.practice_text import finite, mase_sentence, number, rel_mae_sentence, trend_note
from lessons.words import counted
from tui.engine_client import EngineError
from tui.panels.follows_series import FollowsSeries
from tui.panels.series import time_axis
from tui.record import run_label
from tui.run_record import record
from tui.tab_kinds import chosen_series, tab_kind
from tui.widgets.curves import CurvePlot, Series, legend
from tui.widgets.engine_job import JobPanel
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row
from tui.widgets.toggle import Cycler, Toggle

NUMBERS = ("hidden", "epochs", "lr", "patience", "seed")
BAR = 16
LOOP = """for epoch in range(epochs):
    model.train()
    for x, y in batches(train):  # [batch, window, 1]
        prediction = model(x)    # forward
        loss = mse(prediction, y)
        optimizer.zero_grad()    # backward adds up
        loss.backward()          # fills p.grad
        optimizer.step()         # Adam updates p
    model.eval()
    with torch.no_grad():        # validate, no graph
        val_loss = mse(model(val_x), val_y)
    # no better val_loss for `patience` epochs:
    # stop, and keep the best epoch's weights"""


class PracticePanel(FollowsSeries, JobPanel):
    series_line_id = "practice-series"

    DEFAULT_CSS = """
    PracticePanel { padding: 0 1; }
    PracticePanel Row { margin-top: 1; }
    PracticePanel Label { padding: 0 1 0 0; }
    PracticePanel Input { width: 7; margin-right: 1; }
    PracticePanel Cycler, PracticePanel Toggle { margin-right: 2; }
    PracticePanel Static { height: auto; }
    PracticePanel CurvePlot { height: 12; margin-top: 1; }
    PracticePanel #practice-predictions { height: auto; display: none; }
    """
    BINDINGS = [
        Binding("enter", "start", "Train", id="practice-start", tooltip="Train and evaluate"),
        Binding("escape", "cancel", "Cancel", id="practice-cancel", tooltip="Stop training"),
    ]

    def __init__(self, lesson: Lesson, series: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.series = series  # the Data tab's series, window and split

    def compose(self) -> ComposeResult:
        defaults = PracticeConfig()
        yield Static(Syntax(LOOP, "python", theme="ansi_dark"), id="practice-loop")
        with Row():
            yield Label("model")
            yield Cycler(
                [(cell.upper() if cell != "linear" else "linear", cell) for cell in CELLS],
                defaults.cell,
                id="practice-cell",
            )
            for name in NUMBERS[:2]:
                yield Label(name)
                yield Input(str(getattr(defaults, name)), id=f"practice-{name}", compact=True)
        with Row():
            for name in NUMBERS[2:]:
                yield Label(name)
                yield Input(str(getattr(defaults, name)), id=f"practice-{name}", compact=True)
            yield Toggle("differences", defaults.difference, id="practice-difference")
        yield Static(id="practice-series")
        yield Static(Text("Enter trains · Escape cancels", style="dim"))
        yield MessageLine()
        yield Static(id="practice-progress")
        yield CurvePlot("The loss curves appear here: Enter trains.", id="practice-curve")
        yield Static(id="practice-key")
        yield Static(id="practice-results")
        # Model and persistence each against the truth, side by side: on one plot the two
        # forecasts hid the truth wherever all three ran together.
        with Horizontal(id="practice-predictions"):
            yield CurvePlot(id="practice-model-plot")
            yield CurvePlot(id="practice-persistence-plot")
        yield Static(id="practice-predictions-key")
        yield Static(id="practice-multistep")

    def on_mount(self) -> None:
        self.query_one("#practice-curve").display = False
        self.use_series(self.series)

    def current_config(self) -> PracticeConfig:
        values = {name: self.query_one(f"#practice-{name}", Input).value for name in NUMBERS}
        return PracticeConfig.from_dict(
            {
                **self.series,
                **values,
                "cell": str(self.query_one("#practice-cell", Cycler).value),
                "difference": self.query_one("#practice-difference", Toggle).value,
            }
        )

    def action_start(self) -> None:
        config = self.config_to_start()
        if config is None:
            return
        self.say("")
        self.query_one("#practice-results", Static).update("")
        self.query_one("#practice-multistep", Static).update("")
        self.query_one("#practice-predictions").display = False
        self.query_one("#practice-predictions-key", Static).update("")
        self.focus()
        self.run_worker(
            partial(self._train, config), group="practice", exclusive=True, exit_on_error=False
        )

    async def _train(self, config: PracticeConfig) -> None:
        bar = self.query_one("#practice-progress", Static)
        bar.update(Text("Loading the series…", style="dim"))
        # The loop's code fills the first screen: bring the progress bar and the live curves,
        # which sit below it, into view.
        self.scroll_to_widget(bar, top=True, animate=False)
        data = await self.run_job("practice", config.to_dict(), self.progress)
        if data is None:
            return
        result = PracticeResult.from_dict(data)
        run_id = record(self, "practice", config.to_dict(), data)
        self.show_curve(result.curve, result.best_epoch, config.epochs, result.status)
        self.show_results(result, run_id)

    def progress(self, event: PracticeProgress) -> None:
        self.show_curve(event.curve, event.best_epoch, event.epochs, event.status)

    def show_curve(self, curve: list, best: int, epochs: int, status: str) -> None:
        epoch = curve[-1][0] if curve else 0
        filled = int(BAR * min(epoch, epochs) / max(epochs, 1))
        text = Text(f"epoch {epoch}/{epochs} ", style="bold")
        text.append("█" * filled + "░" * (BAR - filled))
        text.append(f"  best validation at epoch {best}  ({status})")
        self.query_one("#practice-progress", Static).update(text)
        plot = self.query_one("#practice-curve", CurvePlot)
        plot.display = True
        epochs_seen = [point[0] for point in curve]
        # Training faint and drawn first: validation, the one that decides, stays on top.
        series = [
            Series(
                "train loss",
                epochs_seen,
                [p[1] for p in curve],
                marker="t",
                color="cyan",
                style="dim",
            ),
            Series(
                "validation loss", epochs_seen, [p[2] for p in curve], marker="V", color="yellow"
            ),
        ]
        plot.show(
            series,
            title="loss per epoch (normalised units)",
            xlabel="epoch",
            x_range=(1, max(epochs, 2)),
        )
        self.query_one("#practice-key", Static).update(
            Group(
                legend(series, value=loss),
                Text(f"last epoch's losses · best epoch {best}", style="dim"),
            )
        )

    def show_results(self, result: PracticeResult, run_id: int | None) -> None:
        self.query_one("#practice-results", Static).update(results_view(result, run_id))
        predictions = result.predictions
        self.query_one("#practice-predictions").display = True
        index = predictions["index"]
        truth = Series("truth", index, predictions["truth"], marker="T", color="white", style="dim")
        model = Series(
            f"model ({result.config.horizon} ahead)",
            index,
            predictions["model"],
            marker="M",
            color="green",
        )
        persistence = Series(
            "persistence", index, predictions["persistence"], marker="P", color="red"
        )
        xlabel, ticks = time_axis(result.dataset, index[0], index[-1])
        for plot_id, forecast in (("model", model), ("persistence", persistence)):
            # The truth faint and drawn first, the forecast over it: where they differ, both
            # show; the legend gives both last values.
            self.query_one(f"#practice-{plot_id}-plot", CurvePlot).show(
                [truth, forecast],
                log_y=False,
                title=f"{plot_id} vs truth",
                xlabel=xlabel,
                x_range=(index[0], index[-1]),
                x_ticks=ticks,
            )
        self.query_one("#practice-predictions-key", Static).update(
            Group(
                legend([truth, model, persistence]),
                Text("values at the last step of the validation part", style="dim"),
            )
        )
        self.query_one("#practice-multistep", Static).update(multistep_view(result))

    def job_failed(self, error: EngineError) -> None:
        if error.kind == "cancelled":
            self.say("Training cancelled. Enter trains again.")
        else:
            self.say(f"{error}")


def results_view(result: PracticeResult, run_id: int | None) -> Group:
    metrics = result.metrics
    # Headings are lines of their own: a table title wraps to the table's narrow width.
    heading = Text(
        f"Run {run_label(run_id)}: {result.dataset['name']}, validation part, "
        f"{counted(result.config.horizon, 'step')} ahead, in the series' units",
        style="bold",
    )
    table = Table(box=None, padding=(0, 2))
    table.add_column("forecast")
    table.add_column("MAE", justify="right")
    table.add_column("RMSE", justify="right")
    names = {
        "model": f"model ({result.config.cell}, {result.params:,} params)",
        "persistence": "persistence (last value)",
        "mean": "window mean",
        "seasonal": f"seasonal naive ({result.dataset['season']} back)",
    }
    for name, label in names.items():
        if name in metrics:
            scores = metrics[name]
            table.add_row(label, in_units(scores["mae"]), in_units(scores["rmse"]))
    wins = finite(metrics["rel_mae"]) and metrics["rel_mae"] < 1
    verdict = Text(rel_mae_sentence(metrics), style="green" if wins else "bold red")
    parts = [heading, table, verdict, Text(mase_sentence(metrics))]
    differenced = result.config.difference
    note = trend_note(metrics, differenced)
    if note:
        parts.append(Text(note, style="yellow"))
    modelled = (
        "the differences x[t] - x[t-1] (forecasts added back onto the last value)"
        if differenced
        else "the values"
    )
    parts.append(
        Text(
            f"Modelled: {modelled}. Normalised with mean {result.normalisation['mean']:.4g} and "
            f"std {result.normalisation['std']:.4g} of the training part only. Training "
            f"stopped: {result.status}; weights from epoch {result.best_epoch}.",
            style="dim",
        )
    )
    if result.test is not None:
        test = result.test
        parts.append(
            Text(
                f"Test part (untouched until now): model MAE {in_units(test['model']['mae'])}, "
                f"persistence {in_units(test['persistence']['mae'])}, relative MAE "
                f"{number(test['rel_mae'])}, MASE {number(test['mase'])}."
            )
        )
    return Group(*parts)


def multistep_view(result: PracticeResult) -> Group:
    steps = result.multistep
    heading = Text(
        "Forecasting further ahead, the model's own predictions fed back (MAE)", style="bold"
    )
    table = Table(box=None, padding=(0, 2))
    for column in ("k steps ahead", "model", "persistence"):
        table.add_column(column, justify="right")
    for k, model, persistence in zip(
        steps["k"], steps["model_mae"], steps["persistence_mae"], strict=True
    ):
        table.add_row(str(k), in_units(model), in_units(persistence))
    return Group(heading, table)


@tab_kind("practice", "Train", "t", "The train/eval loop", "PracticePanel", id="train")
def practice_tab(screen, tab):
    return PracticePanel(screen.lesson, chosen_series(screen))
