"""Practice failure modes, one key each, run for real on the Data tab's series, each beside an
honest run so the numbers speak for themselves."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from engine.practice import PracticeProgress
from engine.practice_failures import MODES, PracticeFailureConfig
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.numbers import in_units, loss
from lessons.practice_text import FAILURE_TITLES, explain_failure, number, scale_name
from tui.engine_client import EngineError
from tui.panels.follows_series import FollowsSeries
from tui.record import run_label
from tui.run_record import record
from tui.tab_kinds import chosen_series, tab_kind
from tui.widgets.curves import CurvePlot, Series, legend
from tui.widgets.engine_job import JobPanel
from tui.widgets.message_line import MessageLine

LABELS = ("Shuffle leak", "Scale leak", "Overfit", "LR tiny", "LR huge", "No zero_grad")


class PracticeFailuresPanel(FollowsSeries, JobPanel):
    series_line_id = "practice-failure-series"

    DEFAULT_CSS = """
    PracticeFailuresPanel { padding: 0 1; }
    PracticeFailuresPanel Static { height: auto; }
    PracticeFailuresPanel CurvePlot { height: 11; }
    """
    # A digit only chooses (digits are common in prose typed outside a text box); Enter runs.
    BINDINGS = [
        *(
            Binding(
                str(n),
                f"fail({n})",
                label,
                id=f"practice-fail-{n}",
                tooltip=f"Choose: {FAILURE_TITLES[mode]}",
                key_display="1-6",
                show=n == 1,
            )
            for n, (mode, label) in enumerate(zip(MODES, LABELS, strict=True), start=1)
        ),
        Binding("enter", "start", "Run it", id="practice-fail-run", tooltip="Run the chosen one"),
        Binding("escape", "cancel", "Cancel", id="practice-fail-cancel", tooltip="Stop the run"),
    ]

    def __init__(self, lesson: Lesson, series: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.series = series  # the Data tab's series, window and split
        self.chosen = 0  # index into MODES: what Enter runs

    def compose(self) -> ComposeResult:
        yield Static(self.menu(), id="practice-failure-menu")
        yield Static(id="practice-failure-series")
        yield MessageLine()
        yield Static(id="practice-failure-status")
        yield CurvePlot("Each run's loss per epoch appears here.", id="practice-failure-plot")
        yield Static(id="practice-failure-key")
        yield Static(id="practice-failure-result")

    def on_mount(self) -> None:
        self.query_one(CurvePlot).display = False
        self.use_series(self.series)

    def menu(self) -> Text:
        menu = Text(
            "Break it on purpose (each beside an honest run). A digit chooses, Enter runs:\n"
        )
        for n, mode in enumerate(MODES, start=1):
            chosen = n - 1 == self.chosen
            # The marker, not only the style, shows the choice: it reads without colour.
            menu.append(f"{'▸' if chosen else ' '} {n}  {FAILURE_TITLES[mode]}\n")
            if chosen:
                menu.stylize("bold", len(menu) - len(FAILURE_TITLES[mode]) - 6, len(menu) - 1)
        return menu

    def action_fail(self, number: int) -> None:
        if self.busy():
            return
        self.chosen = number - 1
        self.query_one("#practice-failure-menu", Static).update(self.menu())
        self.say("")
        self.query_one("#practice-failure-status", Static).update(
            Text(f"Enter runs: {FAILURE_TITLES[MODES[self.chosen]]}", style="dim")
        )

    def action_start(self) -> None:
        if self.busy():
            return
        status = self.query_one("#practice-failure-status", Static)
        try:
            config = PracticeFailureConfig.from_dict({**self.series, "mode": MODES[self.chosen]})
        except ConfigError as problem:
            status.update(Text(f"Fix the Data tab's settings first: {problem}.", style="red"))
            return
        status.update(Text(f"Running: {FAILURE_TITLES[config.mode]}…", style="dim"))
        self.run_worker(
            partial(self._run, config),
            group="practice-failure",
            exclusive=True,
            exit_on_error=False,
        )

    async def _run(self, config: PracticeFailureConfig) -> None:
        status = self.query_one("#practice-failure-status", Static)

        def progress(event: PracticeProgress) -> None:
            status.update(Text(f"{event.run} run, epoch {event.epoch}…", style="dim"))

        data = await self.run_job("practice-failure", config.to_dict(), progress)
        if data is None:
            return
        run_id = record(self, "practice-failure", config.to_dict(), data)
        status.update(
            Text(f"{FAILURE_TITLES[config.mode]} (run {run_label(run_id)})", style="bold")
        )
        self.show(config.mode, data)

    def show(self, mode: str, data: dict) -> None:
        runs = data["runs"]
        plot = self.query_one(CurvePlot)
        plot.display = True
        # Training curves faint and drawn first, validation on top; the legend gives every
        # curve's last value, for where one line hides another.
        train, validation = [], []
        for label, run in runs.items():
            epochs = [point[0] for point in run["curve"]]
            mark = "H" if label == "honest" else "B"
            color = "green" if label == "honest" else "red"
            validation.append(
                Series(
                    f"{label} validation",
                    epochs,
                    [p[2] for p in run["curve"]],
                    marker=mark,
                    color=color,
                )
            )
            train.append(
                Series(
                    f"{label} train",
                    epochs,
                    [p[1] for p in run["curve"]],
                    marker=mark.lower(),
                    color=color,
                    style="dim",
                )
            )
        plot.show(train + validation, title="loss per epoch (normalised units)", xlabel="epoch")
        self.query_one("#practice-failure-key", Static).update(
            Group(
                legend(
                    [one for pair in zip(validation, train, strict=True) for one in pair],
                    value=loss,
                ),
                Text("each curve's last epoch", style="dim"),
            )
        )
        self.query_one("#practice-failure-result", Static).update(failure_view(mode, data))

    def job_failed(self, error: EngineError) -> None:
        message = "Cancelled." if error.kind == "cancelled" else f"{error}"
        self.query_one("#practice-failure-status", Static).update(Text(message, style="yellow"))


def _mae(scores: dict) -> str:
    return in_units(scores["model"]["mae"])


def failure_view(mode: str, data: dict) -> Group:
    runs = data["runs"]
    table = Table(box=None, padding=(0, 1))
    if mode in ("leak-shuffle", "leak-normalise"):
        # Each run's validation score beside its score on the future block: the gap is the lie.
        columns = ("run", "best epoch", "val MAE", "val rel.", "future MAE", "future rel.")
        rows = [
            (
                label,
                str(run["best_epoch"]),
                _mae(run["scores"]["validation"]),
                number(run["scores"]["validation"]["rel_mae"]),
                _mae(run["scores"]["future"]),
                number(run["scores"]["future"]["rel_mae"]),
            )
            for label, run in runs.items()
        ]
    else:
        columns = ("run", "epochs", "weights of", "val MAE", "rel. MAE", "MASE")
        # Early stopping restored each run's best epoch, except in the overfitting run, which
        # keeps its last epoch's weights and shows its best epoch's on a second row.
        scored = [
            (label, run, run["scores"], f"epoch {run['best_epoch']}") for label, run in runs.items()
        ]
        if "best_scores" in runs["broken"]:
            broken = runs["broken"]
            scored[-1] = ("broken", broken, broken["scores"], f"epoch {len(broken['curve'])}, last")
            scored.append(
                ("", broken, broken["best_scores"], f"epoch {broken['best_epoch']}, best")
            )
        rows = [
            (
                label,
                str(len(run["curve"])) if label else "",
                weights,
                _mae(scores["validation"]),
                number(scores["validation"]["rel_mae"]),
                number(scores["validation"]["mase"]),
            )
            for label, run, scores, weights in scored
        ]
    for column in columns:
        table.add_column(column, justify="left" if column in ("run", "weights of") else "right")
    for row in rows:
        table.add_row(*row)
    scale = data["mase_scale"]
    legend = Text("rel. = relative MAE: the model's MAE / persistence's on the same targets. ")
    if "MASE" in columns:
        legend.append(
            f"MASE: the model's MAE / the in-sample MAE of {scale_name(scale)} over the "
            f"training part ({scale['mae']:.4g}). "
        )
    legend.append("One step ahead, in the series' units.")
    legend.stylize("dim")
    return Group(table, legend, Text(""), Text(explain_failure(mode, runs), style="italic"))


@tab_kind(
    "practice-failures",
    "Failure modes",
    "f",
    "Leakage, overfitting, bad rates",
    "PracticeFailuresPanel",
    id="failures",
)
def practice_failures_tab(screen, tab):
    return PracticeFailuresPanel(screen.lesson, chosen_series(screen))
