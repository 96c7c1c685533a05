"""The Names tab: a character-level classifier of surnames by language, trained live against the
majority baseline; its confusion matrix, per-language accuracy and most confident mistakes; and
any surname the learner types, classified by the model the engine holds."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from engine.names import (
    BATCH,
    CELLS,
    LR,
    TEST_FRACTION,
    NamesConfig,
    NamesProgress,
    NamesResult,
)
from engine.names_guess import NO_MODEL, GuessResult
from engine.surnames import LOCALES
from lessons.catalog import Lesson
from lessons.run_text.names import capped
from tui.engine_client import EngineError
from tui.record import run_label
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets import heat_counts
from tui.widgets.curves import CurvePlot, Line, Series, legend
from tui.widgets.engine_job import JobPanel
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row
from tui.widgets.toggle import Cycler

NUMBERS = ("hidden", "epochs", "per_language")
BAR = 16  # characters in the progress bar
GUESS_BAR = 20  # characters in a guess's probability bar
GUESS_DELAY = 0.3  # seconds of no typing before the typed surname is asked about
NO_MODEL_YET = (
    "No model to ask yet: none has been trained in this session (or the engine has restarted "
    "since). Enter in the settings above trains one; then the surname is classified."
)
WAITS = "A names run is going: the surname is classified by its model when it finishes."


def code(language: str) -> str:
    """A language's two-letter code (ISO 639-1, from its Faker locale: ga for Irish)."""
    locale = LOCALES.get(language)
    return locale.split("_")[0] if locale else language[:2]


class NamesPanel(JobPanel):
    DEFAULT_CSS = """
    NamesPanel { padding: 0 1; }
    NamesPanel Row { margin-top: 1; }
    NamesPanel Label { padding: 0 1 0 0; }
    NamesPanel Input { width: 7; margin-right: 1; }
    NamesPanel #names-guess { width: 24; }
    NamesPanel Cycler { margin-right: 2; }
    NamesPanel Static { height: auto; }
    NamesPanel #names-plots { height: auto; margin-top: 1; display: none; }
    NamesPanel CurvePlot { height: 11; }
    NamesPanel #names-results { margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "start", "Train", id="names-start", tooltip="Train the classifier"),
        Binding("escape", "cancel", "Cancel", id="names-cancel", tooltip="Stop training"),
        Binding(
            "s", "surname", "Surname", id="names-surname", tooltip="Type a surname to classify"
        ),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.config: NamesConfig | None = None  # of the run going or last finished
        self.run_id: int | None = None  # the last finished run's, for the guesses
        self.guess_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        defaults = NamesConfig()
        with Row():
            yield Label("cell")
            yield Cycler([(cell.upper(), cell) for cell in CELLS], defaults.cell, id="names-cell")
            for name in NUMBERS:
                yield Label(name.replace("_", " "))
                yield Input(str(getattr(defaults, name)), id=f"names-{name}", compact=True)
        yield Static(
            Text(
                f"{len(defaults.languages)} languages, as many surnames each; 80% train, 20% "
                "held-out test names · Enter trains · Escape cancels · s: type a surname",
                style="dim",
            ),
            id="names-about",
        )
        yield MessageLine(id="names-message")
        with Row():
            yield Label("surname")
            yield Input(placeholder="any surname", id="names-guess", compact=True)
        yield Static(Text(NO_MODEL_YET, style="dim"), id="names-guessed")
        yield Static(id="names-progress")
        with Horizontal(id="names-plots"):
            yield CurvePlot(id="names-accuracy-plot")
            yield CurvePlot(id="names-loss-plot")
        yield Static(id="names-key")
        yield Static(id="names-results")

    def on_mount(self) -> None:
        self.say("")

    def help_notes(self) -> Text:
        """For the help screen: the model, what the accuracy is measured on, the baseline."""
        embedding = NamesConfig().embedding
        lines = [
            "The model: each letter a to z is an id (0 is padding); nn.Embedding(27, "
            f"{embedding}, padding_idx=0) makes each id a vector; the GRU, LSTM or RNN reads "
            "the packed batch (pack_padded_sequence, enforce_sorted=False), so each name stops "
            "at its own last letter; nn.Linear maps the last layer's h_n (an LSTM's h_n, not "
            "c_n) to one score per language. Loss nn.CrossEntropyLoss, optimizer Adam, lr "
            f"{LR:g}, batches of {BATCH}.",
            "Names are read lower case, accents dropped (é is e), letters a to z only.",
            "The labels: each language is one of the Faker package's country lists (english is "
            "en_US, swedish sv_SE, ...): names common in that country, so some come from "
            "elsewhere (english has kim and patel, swedish ahmed). A name on two lists is "
            "dropped from both.",
            f"Held-out test names: {TEST_FRACTION:.0%} of each language's names, never trained "
            "on. The accuracy on them after each epoch is drawn, and nothing is chosen by it "
            "(no early stopping), so the last one is an honest held-out score at this budget.",
            "Majority baseline: the accuracy of always answering the commonest language of the "
            "test names. Every language has as many names, so it is 1/L (0.100 for 10).",
            "Probabilities: the softmax of the model's scores over its languages. A softmax can "
            "be near 1 for a wrong language: see the most confident mistakes.",
        ]
        return Text("\n".join(lines))

    def current_config(self) -> NamesConfig:
        values = {name: self.query_one(f"#names-{name}", Input).value for name in NUMBERS}
        cell = str(self.query_one("#names-cell", Cycler).value)
        return NamesConfig.from_dict({**values, "cell": cell})

    # ---- training ----------------------------------------------------------------------------

    def action_start(self) -> None:
        config = self.config_to_start()
        if config is None:
            return
        self.say("")
        self.config = config
        self.query_one("#names-results", Static).update("")
        self.query_one("#names-progress", Static).update(
            Text("Reading the surnames and building the model…", style="dim")
        )
        self.focus()
        self.run_worker(
            partial(self._train, config), group="names", exclusive=True, exit_on_error=False
        )

    async def _train(self, config: NamesConfig) -> None:
        data = await self.run_job("names", config.to_dict(), self.progress)
        if data is None:
            return
        result = NamesResult.from_dict(data)
        self.run_id = record(self, "names", config.to_dict(), data)
        self.show_curves(result.curve, config.epochs, result.baseline)
        results = self.query_one("#names-results", Static)
        results.update(results_view(result, self.run_id))
        self.call_after_refresh(results.scroll_visible)
        if self.query_one("#names-guess", Input).value.strip():
            self.guess_soon(0)  # the surname typed, asked again of the new model
        else:
            self.show_guess(
                Text(
                    f"The model of run {run_label(self.run_id)} is ready: type any surname "
                    "above (s) to see its three most likely languages.",
                    style="dim",
                )
            )

    def progress(self, event: NamesProgress) -> None:
        self.show_curves(event.curve, event.epochs, event.baseline)

    def show_curves(self, curve: list[list[float]], epochs: int, baseline: float) -> None:
        epoch, loss, accuracy = curve[-1] if curve else (0, float("nan"), float("nan"))
        filled = int(BAR * min(epoch, epochs) / max(epochs, 1))
        bar = Text(f"epoch {int(epoch)}/{epochs} ", style="bold")
        bar.append("█" * filled + "░" * (BAR - filled))
        bar.append(f" training loss {loss:.3f} · held-out accuracy {accuracy:.3f}")
        self.query_one("#names-progress", Static).update(bar)
        self.query_one("#names-plots").display = True
        epochs_seen = [point[0] for point in curve]
        accuracy_series = Series(
            "held-out accuracy", epochs_seen, [p[2] for p in curve], marker="A", color="yellow"
        )
        loss_series = Series(
            "training loss", epochs_seen, [p[1] for p in curve], marker="l", color="cyan"
        )
        x_range = (1, max(epochs, 2))
        self.query_one("#names-accuracy-plot", CurvePlot).show(
            [accuracy_series],
            lines=[Line("majority baseline", baseline)],
            log_y=False,
            title=f"accuracy; ─ baseline {baseline:.2f}",
            xlabel="epoch",
            x_range=x_range,
            y_range=(0.0, 1.0),
        )
        self.query_one("#names-loss-plot", CurvePlot).show(
            [loss_series], title="training loss", xlabel="epoch", x_range=x_range
        )
        self.query_one("#names-key", Static).update(
            Group(
                legend([accuracy_series, loss_series], value=lambda v: f"{v:.3f}"),
                Text(
                    f"─ majority baseline {baseline:.3f} (always answering one language: 1/L "
                    "with L balanced languages) · accuracy on the held-out test names · loss: "
                    "cross-entropy on the training names, log scale",
                    style="dim",
                ),
            )
        )

    def job_failed(self, error: EngineError) -> None:
        if error.kind == "cancelled":
            self.say("Training cancelled: the curves show how far it got. Enter trains again.")
        else:
            self.say(f"Training stopped: {error}")

    # ---- a surname typed ---------------------------------------------------------------------

    def action_surname(self) -> None:
        field = self.query_one("#names-guess", Input)
        field.focus()
        field.scroll_visible()

    @on(Input.Submitted, "#names-guess")
    def guess_submitted(self, event: Input.Submitted) -> None:
        # Enter in the surname field classifies it; it never starts training (JobPanel's
        # handler, which would, is not called after prevent_default).
        event.stop()
        event.prevent_default()
        self.guess_soon(0)

    @on(Input.Changed, "#names-guess")
    def guess_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.guess_soon(GUESS_DELAY)

    def guess_soon(self, delay: float) -> None:
        if self.guess_timer is not None:
            self.guess_timer.stop()
        self.guess_timer = self.set_timer(delay, self._ask) if delay else None
        if not delay:
            self._ask()

    def _ask(self) -> None:
        typed = self.query_one("#names-guess", Input).value.strip()
        if not typed:
            return
        if self.running:
            # The engine runs one task at a time: a guess would wait behind the training.
            self.show_guess(Text(WAITS, style="dim"))
            return
        self.run_worker(
            partial(self._guess, typed), group="names-guess", exclusive=True, exit_on_error=False
        )

    async def _guess(self, typed: str) -> None:
        try:
            data = await services(self).engine.run("names-guess", {"name": typed})
        except EngineError as error:
            if self.query_one("#names-guess", Input).value.strip() == typed:
                message = NO_MODEL_YET if str(error) == NO_MODEL else f"{error}."
                self.show_guess(Text(message, style="dim" if str(error) == NO_MODEL else ""))
            return
        if self.query_one("#names-guess", Input).value.strip() != typed:
            return  # the learner typed on meanwhile: the newer name's answer follows
        self.show_guess(guess_view(GuessResult.from_dict(data), self.run_id))

    def show_guess(self, shown: Text | Group) -> None:
        self.query_one("#names-guessed", Static).update(shown)


def results_view(result: NamesResult, run_id: int | None) -> Group:
    config = result.config
    test = sum(result.test_counts.values())
    train = sum(result.train_counts.values())
    languages = result.languages
    heading = Text(
        f"Run {run_label(run_id)}: {config.cell.upper()}, hidden {config.hidden}, "
        f"{len(result.curve)} epochs, {len(languages)} languages x {result.names_per_language} "
        f"surnames ({train} training, {test} held-out test names), {result.seconds:.0f} s",
        style="bold",
    )
    times = result.accuracy / result.baseline if result.baseline else float("nan")
    verdict = Text(
        f"At this budget: held-out accuracy {result.accuracy:.3f} on the {test} test names, "
        f"against the majority baseline {result.baseline:.3f} ({times:.1f} times it).",
        style="green" if result.accuracy > result.baseline else "bold red",
    )
    parts = [heading, verdict]
    if result.capped_by:
        parts.append(
            Text(
                capped(result, config.per_language) + ".",
                style="yellow",
            )
        )
    accuracies = [f"{result.per_language[language]:.2f}" for language in languages]
    codes = [code(language) for language in languages]
    parts += [
        Text(
            f"Confusion matrix of the {test} held-out test names, in counts: rows the true "
            "language, columns the language predicted; the diagonal is right. recall: the share of "
            "the row's language classified right."
        ),
        Text(" " * 6 + "predicted →", style="dim"),
        heat_counts.table(result.confusion, codes, corner="true↓", extra=("recall", accuracies)),
        heat_counts.legend(),
        Text("  ".join(f"{code(language)} {language}" for language in languages), style="dim"),
    ]
    if result.most_confident_mistakes:
        parts.append(Text("Most confident mistakes (held-out test names):", style="bold"))
        for mistake in result.most_confident_mistakes:
            parts.append(
                Text(
                    f"  {mistake.name}: {mistake.true}, taken for {mistake.predicted} "
                    f"with p = {mistake.probability:.3f}"
                )
            )
    return Group(*parts)


def guess_view(guess: GuessResult, run_id: int | None) -> Group:
    trained = guess.trained
    read = "" if guess.normalised == guess.name else f' read as "{guess.normalised}"'
    lines = [Text(f"{guess.name}{read}: the model's three most likely languages", style="bold")]
    width = max(len(g.language) for g in guess.guesses)
    for one in guess.guesses:
        filled = round(GUESS_BAR * one.probability)
        line = Text(f"  {one.language:<{width}} {one.probability:.3f} ")
        line.append("█" * filled + "░" * (GUESS_BAR - filled))
        lines.append(line)
    source = f"run {run_label(run_id)}" if run_id is not None else "the last names run"
    lines.append(
        Text(
            f"softmax probabilities from {source} ({str(trained['cell']).upper()}, hidden "
            f"{trained['hidden']}, {trained['epochs']} epochs), over its "
            f"{len(trained['languages'])} languages only: a name from elsewhere still gets one",
            style="dim",
        )
    )
    return Group(*lines)


@tab_kind("names", "Names", "n", "Surnames by language: a many-to-one classifier", "NamesPanel")
def names_tab(screen, tab):
    return NamesPanel(screen.lesson)
