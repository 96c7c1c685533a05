"""The Data tab: pick a series (shipped, synthetic or your own CSV), a window and a horizon, and
see the windows, the chronological split and the tensor shape torch builds from them."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from engine.practice import PracticeConfig
from engine.series import DATASETS
from engine.series_view import SeriesView
from engine.validation import ConfigError
from lessons.words import counted
from tui.engine_client import EngineError
from tui.messages import SharedChanged
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.curves import CurvePlot, Series, key, year_ticks
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Panel, Row
from tui.widgets.toggle import Cycler, Toggle

OWN_CSV = "csv"
SOURCES = [(name, name) for name in DATASETS] + [("your CSV", OWN_CSV)]
PART_MARKS = {"train": ("·", "blue"), "val": ("v", "yellow"), "test": ("t", "magenta")}


class SeriesPanel(Panel):
    DEFAULT_CSS = """
    SeriesPanel { padding: 0 1; }
    SeriesPanel Row { margin-top: 1; }
    SeriesPanel Label { padding: 0 1 0 0; }
    SeriesPanel Input { width: 6; margin-right: 2; }
    SeriesPanel #series-csv { width: 1fr; }
    SeriesPanel #series-column { width: 14; }
    SeriesPanel Cycler, SeriesPanel Toggle { margin-right: 2; }
    SeriesPanel Static { height: auto; }
    SeriesPanel CurvePlot { height: 12; }
    """
    BINDINGS = [
        Binding("enter", "load", "Show", id="series-load", tooltip="Load the series and window it"),
    ]

    def __init__(self, defaults: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.defaults = PracticeConfig.from_dict(defaults)
        self.can_focus = True

    def compose(self) -> ComposeResult:
        with Row():
            yield Label("series")
            yield Cycler(SOURCES, self.defaults.dataset, id="series-source")
            yield Label("window")
            yield Input(str(self.defaults.window), id="series-window", compact=True)
            yield Label("horizon")
            yield Input(str(self.defaults.horizon), id="series-horizon", compact=True)
            yield Toggle("test part", self.defaults.test, id="series-test")
        with Row(id="series-file-row"):
            yield Label("file")
            yield Input(id="series-csv", placeholder="path/to/data.csv", compact=True)
            yield Label("column")
            yield Input(id="series-column", placeholder="name", compact=True)
        yield MessageLine()
        yield Static(id="series-about")
        yield CurvePlot("The series appears here once it loads.", id="series-plot")
        yield Static(id="series-key")
        yield Static(id="series-windows")

    def on_mount(self) -> None:
        self.query_one("#series-file-row").display = False
        self.action_load()

    def settings(self) -> dict:
        source = str(self.query_one("#series-source", Cycler).value)
        settings = {
            "window": self.query_one("#series-window", Input).value,
            "horizon": self.query_one("#series-horizon", Input).value,
            "test": self.query_one("#series-test", Toggle).value,
        }
        if source == OWN_CSV:
            settings["csv"] = self.query_one("#series-csv", Input).value
            settings["column"] = self.query_one("#series-column", Input).value
        else:
            settings["dataset"] = source
        return settings

    @on(Cycler.Changed, "#series-source")
    def source_changed(self, event: Cycler.Changed) -> None:
        own = event.value == OWN_CSV
        self.query_one("#series-file-row").display = own
        if own:
            self.query_one("#series-csv", Input).focus()
        else:
            self.action_load()

    @on(Toggle.Changed)
    def toggled(self) -> None:
        self.action_load()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_load()

    def action_load(self) -> None:
        settings = self.settings()
        try:
            config = PracticeConfig.from_dict(settings)
        except ConfigError as problem:
            self.query_one(MessageLine).say(f"{problem}.")
            return
        if config.csv and not config.column:
            self.query_one(MessageLine).say("Type the column to read from your file.")
            return
        self.query_one(MessageLine).say("")
        self.run_worker(
            partial(self._load, config, settings),
            group="series",
            exclusive=True,
            exit_on_error=False,
        )

    async def _load(self, config: PracticeConfig, settings: dict) -> None:
        try:
            data = await services(self).engine.run("series", config.to_dict())
        except EngineError as error:
            self.query_one(MessageLine).say(f"{error}")
            return
        view = SeriesView.from_dict(data)
        self.show(view)
        self.post_message(SharedChanged("series", settings))

    def show(self, view: SeriesView) -> None:
        dataset = view.dataset
        about = Text(dataset["about"] + "\n", style="italic")
        about.append(f"{dataset['length']} values, one per {dataset['step']}")
        season = dataset["season"]
        about.append(f" · season {season} {dataset['step']}s" if season else " · no fixed season")
        if dataset["filled"]:
            about.append(f" · {dataset['filled']} missing values filled by linear interpolation")
        self.query_one("#series-about", Static).update(about)

        series = []
        for part, (start, end) in view.split.items():
            mark, color = PART_MARKS[part]
            # Each part's targets; the first window's inputs come before the training targets.
            low = 0 if part == "train" else start
            series.append(
                Series(part, list(range(low, end)), view.values[low:end], marker=mark, color=color)
            )
        example = view.example
        indices = list(range(example["start"], example["target_index"]))
        series.append(Series("window", indices, example["window"], marker="W", color="green"))
        series.append(
            Series(
                "target", [example["target_index"]], [example["target"]], marker="◆", color="red"
            )
        )
        xlabel, ticks = time_axis(dataset, 0, dataset["length"] - 1)
        self.query_one("#series-plot", CurvePlot).show(
            series,
            log_y=False,
            title=dataset["name"],
            xlabel=xlabel,
            x_range=(0, dataset["length"] - 1),
            x_ticks=ticks,
        )
        self.query_one("#series-key", Static).update(key(series))
        self.query_one("#series-windows", Static).update(windows_text(view))


def time_axis(
    dataset: dict, low: float, high: float
) -> tuple[str, tuple[list[float], list[str]] | None]:
    """The x axis of a plot of steps `low` to `high` of a series: its label, and ticks at whole
    years where the series says when it starts (else the steps' own numbers, counted from 0)."""
    start, per_year = dataset.get("start"), dataset.get("per_year")
    if start is None or not per_year:
        return f"{dataset['step']} number, from 0", None
    return "year", year_ticks(start, per_year, low, high)


def windows_text(view: SeriesView) -> Text:
    config, split, example = view.config, view.split, view.example
    shape = view.window_shape
    text = Text("The training windows stack into ", style="")
    text.append(f"{tuple(shape)}", style="bold")
    text.append(" = [num_windows, window, features]: ")
    text.append(
        f"{counted(shape[0], 'window')} of {counted(shape[1], 'value')}, 1 feature per step.\n"
    )
    first, last = example["window"][:3], example["window"][-3:]
    values = ", ".join(f"{v:g}" for v in first) + ", …, " + ", ".join(f"{v:g}" for v in last)
    text.append(
        f"Example (the last training window): x[{example['start']}:{example['target_index']}] = "
        f"[{values}] → target x[{example['target_index']}] = {example['target']:g}\n"
    )
    text.append("Split by time, as target index ranges [start, end): ", style="bold")
    text.append(", ".join(f"{part} {tuple(r)}" for part, r in split.items()))
    if config.horizon > 1:
        text.append(
            f"\nHorizon {config.horizon}: each forecast is for the value {config.horizon} steps "
            f"after its window; the model predicts one step and feeds its own prediction back."
        )
    return text


@tab_kind("series", "Data", "d", "Series, windows and split", "#series-source", id="data")
def series_tab(screen, tab):
    return SeriesPanel(screen.lesson.default_config)
