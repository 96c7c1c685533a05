"""Generate: a character model trained on one language's surnames, its loss against the unigram
baseline, samples after every epoch, new samples at another temperature from the model the
engine holds, and (with tbptt) what h.detach() does to the graph."""

from __future__ import annotations

import time
from functools import partial

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from engine import surnames
from engine.generate import CELLS, GenerateConfig, GenerateProgress, GenerateResult
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.generate_text import (
    TEMPERATURE_NOTE,
    colder,
    hotter,
    masking_sentence,
    tbptt_sentences,
)
from tui.engine_client import EngineError
from tui.record import run_label
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.curves import CurvePlot, Series, legend
from tui.widgets.engine_job import JobPanel
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row
from tui.widgets.toggle import Cycler, Toggle

NUMBERS = ("hidden", "epochs")
BAR = 12  # characters in the progress bar
SHOWN_EPOCHS = 10  # sample lines kept on screen: the first two and the latest
DRAWS_KEPT = 6  # sample sets at other temperatures kept on screen, newest last
DEFAULT_CHUNK = 20
PLOT_INTERVAL = 0.25  # seconds between live redraws while a run streams
SECTIONS = ("samples", "draws", "tbptt-view", "masking")  # shown once they have something


class GeneratePanel(JobPanel):
    DEFAULT_CSS = """
    GeneratePanel { padding: 0 1; }
    GeneratePanel Row { margin-top: 1; }
    GeneratePanel Label { padding: 0 1 0 0; }
    GeneratePanel Input { width: 7; margin-right: 1; }
    GeneratePanel Cycler, GeneratePanel Toggle { margin-right: 2; }
    GeneratePanel Static { height: auto; }
    GeneratePanel CurvePlot { height: 12; margin-top: 1; }
    GeneratePanel .gen-section { margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "start", "Train", id="generate-start", tooltip="Train and sample"),
        Binding("escape", "cancel", "Cancel", id="generate-cancel", tooltip="Stop training"),
        Binding(
            "left_square_bracket",
            "temperature(-1)",
            "Colder",
            key_display="[",
            id="generate-colder",
            tooltip="Lower the temperature and sample again from the trained model",
        ),
        Binding(
            "right_square_bracket",
            "temperature(1)",
            "Hotter",
            key_display="]",
            id="generate-hotter",
            tooltip="Raise the temperature and sample again from the trained model",
        ),
    ]

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.temperature = GenerateConfig().temperature
        self.config: GenerateConfig | None = None  # of the run going or last shown
        self.result: GenerateResult | None = None  # the last finished run
        self.epoch_samples: list[tuple[int, list[str], list[bool] | None]] = []
        self.draws: list[tuple[float, list[str], list[bool]]] = []  # at other temperatures
        self.draw_count = 0  # seeds the draws: each press gives new names
        self.shown_at = 0.0  # monotonic time of the last live redraw

    def compose(self) -> ComposeResult:
        defaults = GenerateConfig()
        with Row():
            yield Label("language")
            yield Cycler(
                [(language, language) for language in surnames.LANGUAGES],
                defaults.language,
                id="generate-language",
            )
            yield Label("cell")
            yield Cycler(
                [(cell.upper(), cell) for cell in CELLS], defaults.cell, id="generate-cell"
            )
            for name in NUMBERS:
                yield Label(name)
                yield Input(str(getattr(defaults, name)), id=f"generate-{name}", compact=True)
            yield Toggle("TBPTT", False, id="generate-tbptt")
            yield Label("chunk")
            chunk = Input(str(DEFAULT_CHUNK), id="generate-chunk", compact=True)
            chunk.disabled = True
            yield chunk
        yield Static(id="generate-temperature")
        yield Static(
            Text("Enter trains · Escape cancels · [ colder · ] hotter", style="dim"),
            id="generate-keys",
        )
        yield MessageLine()
        yield Static(id="generate-progress")
        yield CurvePlot("The loss curves appear here: Enter trains.", id="generate-curve")
        yield Static(id="generate-key")
        yield Static(id="generate-samples", classes="gen-section")
        yield Static(id="generate-draws", classes="gen-section")
        yield Static(id="generate-tbptt-view", classes="gen-section")
        yield Static(id="generate-masking", classes="gen-section")

    def on_mount(self) -> None:
        self.query_one("#generate-curve").display = False
        for part in SECTIONS:
            self.put(part, "")
        self.show_temperature()

    def put(self, part: str, shown) -> Static:
        """Show a section, or hide it while it has nothing to say (no blank gap for it)."""
        section = self.query_one(f"#generate-{part}", Static)
        section.update(shown)
        section.display = bool(shown)
        return section

    def current_config(self) -> GenerateConfig:
        values = {name: self.query_one(f"#generate-{name}", Input).value for name in NUMBERS}
        tbptt = self.query_one("#generate-tbptt", Toggle).value
        chunk = self.query_one("#generate-chunk", Input).value if tbptt else 0
        if tbptt and str(chunk).strip() in ("", "0"):
            raise ConfigError("a TBPTT chunk is at least 1 step")
        return GenerateConfig.from_dict(
            {
                **values,
                "language": str(self.query_one("#generate-language", Cycler).value),
                "cell": str(self.query_one("#generate-cell", Cycler).value),
                "temperature": self.temperature,
                "tbptt_chunk": chunk,
            }
        )

    @on(Toggle.Changed, "#generate-tbptt")
    def tbptt_changed(self, event: Toggle.Changed) -> None:
        event.stop()
        self.query_one("#generate-chunk", Input).disabled = not event.value

    # ---- temperature -------------------------------------------------------------------------

    def show_temperature(self) -> None:
        text = Text()
        text.append(f"temperature {self.temperature:g}", style="bold")
        if self.result is None:
            text.append("  (the next run samples at it; [ and ] change it)", style="dim")
        else:
            text.append("  ([ and ] sample the trained model again, no retraining)", style="dim")
        self.query_one("#generate-temperature", Static).update(text)

    def action_temperature(self, step: int) -> None:
        new = hotter(self.temperature) if step > 0 else colder(self.temperature)
        if new == self.temperature:
            self.say(f"The temperature goes from {colder(0):g} to {hotter(99):g}.")
            return
        self.temperature = new
        self.show_temperature()
        if self.running:
            self.say(f"The run going samples at {self.config.temperature:g}; the next at {new:g}.")
            return
        if self.result is None:
            return
        self.say("")
        self.draw_count += 1
        self.run_worker(
            partial(self._draw, new, self.draw_count),
            group="generate-draw",
            exclusive=True,
            exit_on_error=False,
        )

    async def _draw(self, temperature: float, seed: int) -> None:
        config = {"temperature": temperature, "seed": seed}
        asked_of = self.result
        try:
            data = await services(self).engine.run("generate-sample", config)
        except EngineError as error:
            self.say(f"No new samples: {error}. Enter trains a model again.")
            return
        if self.result is not asked_of or asked_of is None:
            return  # a new run started meanwhile: these names are the old model's
        if data["trained"] != asked_of.config.to_dict():
            self.say("The engine holds the model of another run: Enter trains this one again.")
            return
        self.draws = [*self.draws, (data["temperature"], data["names"], data["in_training"])]
        self.draws = self.draws[-DRAWS_KEPT:]
        self.show_draws()

    def show_draws(self) -> None:
        if not self.draws:
            self.put("draws", "")
            return
        lines = [
            Text(
                "The same trained model sampled again, newest last (* copied from the training "
                "names):",
                style="bold",
            )
        ]
        for temperature, names, copied in self.draws:
            line = Text(f"T {temperature:<4g} ", style="bold")
            line.append_text(name_list(names, copied))
            lines.append(line)
        lines.append(Text(TEMPERATURE_NOTE, style="dim"))
        section = self.put("draws", Group(*lines))
        self.call_after_refresh(section.scroll_visible)

    # ---- training ----------------------------------------------------------------------------

    def action_start(self) -> None:
        config = self.config_to_start()
        if config is None:
            return
        self.say("")
        self.config = config
        self.result = None
        self.epoch_samples = []
        self.draws = []
        for part in SECTIONS:
            self.put(part, "")
        self.show_temperature()
        self.focus()
        self.run_worker(
            partial(self._train, config), group="generate", exclusive=True, exit_on_error=False
        )

    async def _train(self, config: GenerateConfig) -> None:
        self.query_one("#generate-progress", Static).update(
            Text(f"Training on {config.language} surnames…", style="dim")
        )
        data = await self.run_job("generate", config.to_dict(), self.progress)
        if data is None:
            return
        result = GenerateResult.from_dict(data)
        run_id = record(self, "generate", config.to_dict(), data)
        self.result = result
        self.epoch_samples = [(s.epoch, s.names, s.in_training) for s in result.samples]
        self.show_curve(result.curve, result.baseline, config.epochs)
        self.show_samples(run_id)
        self.show_temperature()
        if result.tbptt:
            self.put("tbptt-view", Group(*(Text(s) for s in tbptt_sentences(result.tbptt))))
        if result.masking:
            stream = bool(result.tbptt)
            self.put("masking", Text(masking_sentence(result.masking, stream)))

    def progress(self, event: GenerateProgress) -> None:
        self.epoch_samples.append((event.epoch, event.samples, None))
        # Every event is kept; the screen follows at most every PLOT_INTERVAL (a small model
        # can finish an epoch every 0.1 s, and a redraw of the plot and the sample lines held
        # the event loop 30-50 ms), and always shows the last epoch.
        now = time.monotonic()
        if event.settled or now - self.shown_at >= PLOT_INTERVAL:
            self.shown_at = now
            self.show_curve(event.curve, event.baseline, event.epochs)
            self.show_samples(None)

    def show_curve(self, curve: list, baseline: float, epochs: int) -> None:
        epoch = curve[-1][0] if curve else 0
        filled = int(BAR * min(epoch, epochs) / max(epochs, 1))
        text = Text(f"epoch {epoch}/{epochs} ", style="bold")
        text.append("█" * filled + "░" * (BAR - filled))
        if curve:
            text.append(f"  loss {curve[-1][1]:.3f}, held-out {curve[-1][2]:.3f}")
        self.query_one("#generate-progress", Static).update(text)
        plot = self.query_one("#generate-curve", CurvePlot)
        plot.display = True
        seen = [point[0] for point in curve]
        last = max(epochs, 2)
        # Training faint and drawn first, held-out over it; the baseline is a curve of its own
        # (flat, its own marker) so it is named in the key and always inside the plot's range.
        series = [
            Series("unigram baseline", [1, last], [baseline, baseline], marker="-", color="white"),
            Series("train", seen, [p[1] for p in curve], marker="t", color="cyan", style="dim"),
            Series("held-out", seen, [p[2] for p in curve], marker="H", color="yellow"),
        ]
        plot.show(
            series,
            log_y=False,
            title=f"loss per character, nats · - - unigram baseline {baseline:.3f}",
            xlabel="epoch",
            x_range=(1, last),
        )
        self.query_one("#generate-key", Static).update(
            Group(
                legend(series, value=lambda v: f"{v:.3f}"),
                Text(
                    "last epoch's losses · baseline: the entropy of the training names' "
                    "characters (letters and the end token), the best loss on them of a model "
                    "that ignores context"
                    + (
                        f"; on the held-out names those frequencies score "
                        f"{self.result.held_out_baseline:.3f}"
                        if self.result is not None
                        else ""
                    ),
                    style="dim",
                ),
            )
        )

    def show_samples(self, run_id: int | None) -> None:
        config = self.config
        if config is None:
            return
        shown = self.epoch_samples
        if len(shown) > SHOWN_EPOCHS:
            shown = [*shown[:2], None, *shown[-(SHOWN_EPOCHS - 2) :]]
        heading = f"Samples after each epoch, at temperature {config.temperature:g}"
        if run_id is not None or self.result is not None:
            heading += f" (run {run_label(run_id)}; * copied from the training names)"
        lines = [Text(heading, style="bold")]
        for row in shown:
            if row is None:
                lines.append(Text("  …", style="dim"))
                continue
            epoch, names, copied = row
            line = Text(f"{epoch:>3}  ", style="bold")
            line.append_text(name_list(names, copied))
            lines.append(line)
        self.put("samples", Group(*lines))

    def job_failed(self, error: EngineError) -> None:
        if error.kind == "cancelled":
            self.say("Training cancelled: the curve and samples show how far it got.")
        else:
            self.say(f"Training stopped: {error}")


def name_list(names: list[str], copied: list[bool] | None) -> Text:
    """Names side by side, a * after each one copied from the training names; an empty sample
    (the model ended at once) shown as (empty)."""
    text = Text()
    for number, name in enumerate(names):
        if number:
            text.append("  ")
        text.append(name or "(empty)", style="" if name else "dim")
        if copied is not None and copied[number]:
            text.append("*", style="bold")
    return text


@tab_kind("generate", "Generate", "g", "Many-to-many: generating names", "GeneratePanel")
def generate_tab(screen, tab):
    return GeneratePanel(screen.lesson)
