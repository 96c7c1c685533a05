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

from engine.practice_failures import MODES, PracticeFailureConfig
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.practice_text import FAILURE_TITLES, explain_failure
from tui.engine_client import EngineError
from tui.messages import RunRecorded
from tui.record import run_label
from tui.services import services
from tui.tab_kinds import chosen_series, tab_kind
from tui.widgets.curves import CurvePlot, Series, key
from tui.widgets.engine_job import JobPanel
from tui.widgets.practice import series_line

LABELS = ("Shuffle leak", "Scale leak", "Overfit", "LR tiny", "LR huge")


class PracticeFailuresPanel(JobPanel):
    DEFAULT_CSS = """
    PracticeFailuresPanel { padding: 0 1; }
    PracticeFailuresPanel Static { height: auto; }
    PracticeFailuresPanel CurvePlot { height: 11; }
    """
    BINDINGS = [
        *(
            Binding(
                str(n),
                f"fail({n})",
                label,
                id=f"practice-fail-{n}",
                tooltip=FAILURE_TITLES[mode],
                show=n == 1,
            )
            for n, (mode, label) in enumerate(zip(MODES, LABELS, strict=True), start=1)
        ),
        Binding("escape", "cancel", "Cancel", id="practice-fail-cancel", tooltip="Stop the run"),
    ]

    def __init__(self, lesson: Lesson, series: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.series = series  # the Data tab's series, window and split

    def compose(self) -> ComposeResult:
        menu = Text("Break it on purpose (each beside an honest run):\n")
        for number, mode in enumerate(MODES, start=1):
            menu.append(f"  {number}  {FAILURE_TITLES[mode]}\n")
        yield Static(menu)
        yield Static(id="practice-failure-series")
        yield Static(id="practice-failure-status")
        yield CurvePlot("Each run's loss per epoch appears here.", id="practice-failure-plot")
        yield Static(id="practice-failure-key")
        yield Static(id="practice-failure-result")

    def on_mount(self) -> None:
        self.query_one(CurvePlot).display = False
        self.use_series(self.series)

    def shared_changed(self, key: str, value) -> None:
        if key == "series":
            self.use_series(value)

    def use_series(self, settings: dict) -> None:
        self.series = settings
        self.query_one("#practice-failure-series", Static).update(series_line(settings))

    def action_fail(self, number: int) -> None:
        if self.running:
            return
        status = self.query_one("#practice-failure-status", Static)
        try:
            config = PracticeFailureConfig.from_dict({**self.series, "mode": MODES[number - 1]})
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
        app = services(self)
        status = self.query_one("#practice-failure-status", Static)

        def progress(event: dict) -> None:
            status.update(
                Text(f"{event.get('run', '')} run, epoch {event.get('epoch')}…", style="dim")
            )

        data = await self.run_job("practice-failure", config.to_dict(), progress)
        if data is None:
            return
        run_id = app.store.record_run(
            self.lesson.id,
            "practice-failure",
            config.to_dict(),
            data,
            {"torch": data["torch_version"]},
        )
        status.update(
            Text(f"{FAILURE_TITLES[config.mode]} (run {run_label(run_id)})", style="bold")
        )
        self.show(config.mode, data["runs"])
        self.post_message(RunRecorded(run_id))

    def show(self, mode: str, runs: dict) -> None:
        plot = self.query_one(CurvePlot)
        plot.display = True
        series = []
        for label, run in runs.items():
            epochs = [point[0] for point in run["curve"]]
            mark = "H" if label == "honest" else "B"
            series.append(
                Series(
                    f"{label} validation",
                    epochs,
                    [p[2] for p in run["curve"]],
                    marker=mark,
                    color="green" if label == "honest" else "red",
                )
            )
            series.append(
                Series(
                    f"{label} train",
                    epochs,
                    [p[1] for p in run["curve"]],
                    marker=mark.lower(),
                    color="green" if label == "honest" else "red",
                )
            )
        plot.show(series, title="loss per epoch (normalised units)", xlabel="epoch")
        self.query_one("#practice-failure-key", Static).update(key(series))
        self.query_one("#practice-failure-result", Static).update(failure_view(mode, runs))

    def job_failed(self, error: EngineError) -> None:
        message = "Cancelled." if error.kind == "cancelled" else f"{error}"
        self.query_one("#practice-failure-status", Static).update(Text(message, style="yellow"))


def failure_view(mode: str, runs: dict) -> Group:
    table = Table(box=None, padding=(0, 2))
    for column in ("run", "epochs", "best epoch", "model MAE", "persistence MAE", "MASE"):
        table.add_column(column, justify="left" if column == "run" else "right")
    for label, run in runs.items():
        mase = "not finite" if run["mase"] is None else f"{run['mase']:.3f}"
        table.add_row(
            label,
            str(len(run["curve"])),
            str(run["best_epoch"]),
            f"{run['metrics']['model']['mae']:.4g}",
            f"{run['metrics']['persistence']['mae']:.4g}",
            mase,
        )
    return Group(table, Text(""), Text(explain_failure(mode, runs), style="italic"))


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
