"""Tokens: words become a padded grid of ids, then one-hot vectors or embedding rows. The learner
predicts the three shapes; the engine runs pad_sequence, F.one_hot and nn.Embedding and the
screen shows the grid (pad cells say pad), one word's one-hot rows and its embedding rows."""

from __future__ import annotations

import json
from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from engine.tokens import (
    EMBEDDING_LIMITS,
    MAX_LETTERS,
    MAX_WORDS,
    VOCAB,
    TokensConfig,
    TokensResult,
)
from engine.validation import ConfigError
from lessons.catalog import Lesson
from lessons.quiz import format_shape, grade_shape, parse_shape
from lessons.run_text.tokens import embedding_rows, ids_grid, one_hot_rows, shortest, vocab_line
from tui.engine_client import EngineError
from tui.panels.predictions import PredictsShapes
from tui.record import run_label
from tui.run_record import record
from tui.services import services
from tui.tab_kinds import tab_kind
from tui.widgets.message_line import MessageLine
from tui.widgets.panel import Row

TENSORS = ("ids", "one_hot", "embedded")
DIMS = {
    "ids": "batch · seq_len",
    "one_hot": "batch · seq_len · vocab",
    "embedded": "batch · seq_len · embedding_dim",
}


class TokensPanel(PredictsShapes):
    DEFAULT_CSS = """
    TokensPanel { padding: 0 1; }
    TokensPanel Row { margin-top: 1; }
    TokensPanel Label { padding: 0 1 0 0; }
    TokensPanel #tok-words { width: 1fr; min-width: 24; margin-right: 2; }
    TokensPanel #tok-embedding { width: 4; }
    TokensPanel .guess { width: 1fr; min-width: 12; margin-right: 2; }
    TokensPanel #tok-code, TokensPanel #tok-result { height: auto; margin-top: 1; }
    """

    def __init__(self, lesson: Lesson, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(Text("Predict the three shapes, then Enter runs the code"))
        yield Static(id="tok-code")
        with Row():
            yield Label("words")
            yield Input(id="tok-words", compact=True, max_length=120)
            yield Label("embedding")
            yield Input(id="tok-embedding", compact=True, max_length=3)
        # Between the fields it is about, so it shows while the learner types in them.
        yield MessageLine(id="tok-message")
        with Row():
            for tensor in TENSORS:
                yield Label(tensor)
                yield Input(
                    id=f"guess-{tensor}", classes="guess", placeholder="shape", compact=True
                )
        yield Static(id="tok-result")

    def on_mount(self) -> None:
        config = TokensConfig()
        self.query_one("#tok-words", Input).value = config.words
        self.query_one("#tok-embedding", Input).value = str(config.embedding)
        self.config_changed()

    # ---- the configuration -----------------------------------------------------------------

    def current_config(self) -> TokensConfig:
        return TokensConfig(
            words=self.query_one("#tok-words", Input).value,
            embedding=self.query_one("#tok-embedding", Input).value,
        )

    @on(Input.Changed, "#tok-words, #tok-embedding")
    def edited(self) -> None:
        self.config_changed()

    def config_changed(self) -> None:
        try:
            config = self.current_config()
        except ConfigError as problem:
            self.say(f"{problem}. Limits: {_limits_text()}")
            return
        self.say("")
        self.query_one("#tok-code", Static).update(_code(config))
        self.query_one("#tok-result", Static).update(
            Text("Predict the shapes, then run.", style="dim")
        )

    # ---- predict and reveal ------------------------------------------------------------------

    def action_reveal(self) -> None:
        config = self.config_to_run()
        if config is None:
            return
        guesses = self.predictions("guess", TENSORS)
        if guesses is None:
            # The message above the predictions can push them out of a short screen.
            row = self.query_one("#guess-ids", Input).parent
            self.call_after_refresh(self.scroll_to_widget, row, animate=False)
            return
        result = self.query_one("#tok-result", Static)
        result.update(Text("Running…", style="dim"), layout=not result.size.height)
        self.run_worker(
            partial(self._reveal, config, guesses),
            group="tokens",
            exclusive=True,
            exit_on_error=False,
        )

    async def _reveal(self, config: TokensConfig, guesses: dict[str, str]) -> None:
        try:
            data = await services(self).engine.run("tokens", config.to_dict())
        except EngineError as error:
            self.query_one("#tok-result", Static).update(
                Text(f"The layers did not run: {error}", style="red")
            )
            return
        result = TokensResult.from_dict(data)
        right = {t: parse_shape(guesses[t]) == tuple(result.shapes[t]) for t in TENSORS}
        answer = {"config": config.to_dict(), "predictions": guesses}
        run_id = record(
            self, "tokens", config.to_dict(), data, (json.dumps(answer), all(right.values()))
        )
        shown = self.query_one("#tok-result", Static)
        shown.update(_result_view(result, guesses, run_id))
        # The grid and the rows run past the first screen: bring them up, and give the keyboard
        # to the panel so the arrows and page keys scroll them (Tab goes back to the fields).
        self.focus()
        self.call_after_refresh(self.scroll_to_widget, shown, top=True, animate=False)


def _limits_text() -> str:
    low, high = EMBEDDING_LIMITS
    return f"up to {MAX_WORDS} words, 1-{MAX_LETTERS} letters each; embedding {low}-{high}"


def _code(config: TokensConfig) -> Text:
    vocab = len(VOCAB)
    text = Text(vocab_line(list(VOCAB)) + "\n", style="dim")
    text.append(
        "ids = pad_sequence(word_ids, batch_first=True, padding_value=0)\n"
        f"one_hot = F.one_hot(ids, num_classes={vocab}).float()\n"
        f"embedding = {config.module_call()}\n"
        "embedded = embedding(ids)"
    )
    return text


def _result_view(result: TokensResult, guesses: dict[str, str], run_id: int | None) -> Group:
    table = Table.grid(padding=(0, 2))
    for _ in range(3):
        table.add_column(no_wrap=True)
    table.add_column()  # the dims wrap, not the shapes, in 60 columns
    table.add_row(*(Text(head, style="dim") for head in ("", "torch", "you", "dims")))
    verdicts = Text()
    for tensor in TENSORS:
        grade = grade_shape(guesses[tensor], result.shapes[tensor])
        table.add_row(
            Text(tensor, style="bold"),
            Text(format_shape(result.shapes[tensor])),
            Text(
                ("✓ " if grade.correct else "✗ ") + format_shape(parse_shape(guesses[tensor])),
                style="green" if grade.correct else "red",
            ),
            Text(DIMS[tensor], style="dim"),
        )
        if not grade.correct:
            verdicts.append(f"✗ {tensor}: {grade.message}\n", style="red")
    verdicts.rstrip()
    verdict = verdicts or Text("All right: every dimension where you put it.", style="green")
    index = shortest(result)
    word = result.words[index]
    vocab = len(result.vocab)
    parts: list = [
        Text(f"Run {run_label(run_id)} · torch {result.torch_version}", style="bold"),
        table,
        verdict,
        Text(""),
        Text(f"ids {format_shape(result.shapes['ids'])}: a word per row; pad is id 0", "bold"),
        Text("\n".join(ids_grid(result))),
        Text(""),
        Text(f"one-hot rows of {word!r} (the shortest word: its pad steps too)", "bold"),
        Text(
            f"F.one_hot returns {result.one_hot_dtype} with one more dimension, of size "
            f"{vocab}; .float() makes it something a layer reads. · is the <pad> column.",
            style="dim",
        ),
        Text("\n".join(one_hot_rows(result, index))),
        Text(""),
        Text(
            f"embedding rows of {word!r}: table {format_shape(result.shapes['table'])}, "
            "a row per id",
            style="bold",
        ),
        Text(
            "Each step gets its id's row of the table. padding_idx=0 starts that row at "
            "zeros and gives it no gradient, so pad steps stay zeros.",
            style="dim",
        ),
        Text("\n".join(embedding_rows(result, index, decimals=2))),
    ]
    return Group(*parts)


@tab_kind("tokens", "Tokens", "k", "Words as ids, one-hot, embedding", "#guess-ids")
def tokens_tab(screen, tab):
    return TokensPanel(screen.lesson)
