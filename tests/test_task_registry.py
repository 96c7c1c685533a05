"""A task is declared once, in the registry: `rnn-tutor run` takes its flags, help, output,
progress line and run summary from that entry alone.

The throwaway task below lives in this module: its config, result, progress events, the
function that runs it and its words. Registering it is the only change anywhere.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from importlib import import_module
from typing import Any

import pytest

from engine.control import Control, Emit, Progress, no_emit
from engine.options import option
from engine.tasks import TASKS, Task
from engine.validation import build, flag, whole_number
from lessons import run_text
from lessons.run_summary import summarize
from lessons.store import Run
from tui.cli import main


@dataclass(frozen=True)
class EchoConfig:
    word: str = field(default="hello", metadata=option("what to say"))
    times: int = field(default=2, metadata=option("how many times to say it"))
    shout: bool = field(default=False, metadata=option("say it in capitals"))
    quiet: bool = field(default=True, metadata=option("say it aloud"))
    pause: int = 0  # no option: not on the command line

    def __post_init__(self) -> None:
        object.__setattr__(self, "times", whole_number("times", self.times, 1, 5))
        object.__setattr__(self, "shout", flag("shout", self.shout))
        object.__setattr__(self, "quiet", flag("quiet", self.quiet))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EchoConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BackwardsConfig(EchoConfig):
    backwards: bool = field(default=False, metadata=option("say it backwards instead"))


@dataclass(frozen=True)
class EchoProgress(Progress):
    said: int
    of: int

    @property
    def settled(self) -> bool:
        return self.said == self.of


@dataclass(frozen=True)
class EchoResult:
    words: list[str]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EchoResult:
        return cls(**data)


def run(config: EchoConfig, emit: Emit = no_emit, control: Control | None = None) -> EchoResult:
    word = config.word.upper() if config.shout else config.word
    if getattr(config, "backwards", False):
        word = word[::-1]
    for said in range(1, config.times + 1):
        emit(EchoProgress(said, config.times))
    return EchoResult([word] * config.times, config.times)


# The task's words: this module is its `text` too.
def lines(result: EchoResult) -> list[str]:
    return [" ".join(result.words)]


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    return f"said {result['words'][0]!r} {len(result['words'])} times"


def progress_line(event: EchoProgress) -> str:
    return f"said {event.said} of {event.of}"


ECHO = Task(
    "echo",
    "say a word a few times",
    EchoConfig,
    EchoResult,
    __name__,
    text=__name__,
    progress=EchoProgress,
)
BACKWARDS = Task(
    "echo-backwards",
    "say a word backwards",
    BackwardsConfig,
    EchoResult,
    __name__,
    text=__name__,
    command="echo",
)


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(TASKS, "echo", ECHO)
    monkeypatch.setitem(TASKS, "echo-backwards", BACKWARDS)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as stopped:  # a usage error, or --help
        code = stopped.code
    out, err = capsys.readouterr()
    return code, out, err


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_task_is_a_command_with_its_about_line(registered, capsys) -> None:
    code, out, _ = cli(capsys, "run", "--help")
    assert code == 0
    assert "echo" in out and "say a word a few times" in flat(out)
    assert "echo-backwards" not in out  # a variant of echo, not a command of its own


def test_its_flags_and_help_come_from_the_config_fields(registered, capsys) -> None:
    _, out, _ = cli(capsys, "run", "echo", "--help")
    help_text = flat(out)
    assert "say a word a few times" in help_text
    assert "--word WORD what to say (default hello)" in help_text
    assert "--times TIMES how many times to say it (default 2)" in help_text
    # Yes/no fields are flags without a value that turn the default around.
    assert "--shout say it in capitals" in help_text
    assert "--no-quiet say it aloud" in help_text
    assert "--backwards say it backwards instead" in help_text  # the variant's flag
    assert "--pause" not in help_text  # a field without an option stays off the command line
    assert "--json" in help_text


def test_it_prints_in_its_own_words(registered, capsys) -> None:
    assert cli(capsys, "run", "echo") == (0, "hello hello\n", "")
    code, out, _ = cli(capsys, "run", "echo", "--word", "hi", "--times", "3", "--shout")
    assert (code, out) == (0, "HI HI HI\n")
    code, out, _ = cli(capsys, "run", "echo", "--json", "--no-quiet")
    assert (code, json.loads(out)) == (0, {"words": ["hello", "hello"], "count": 2})


def test_a_variant_runs_when_its_own_flag_is_given(registered, capsys) -> None:
    assert cli(capsys, "run", "echo", "--backwards", "--word", "abc")[1] == "cba cba\n"


def test_its_config_judges_the_values(registered, capsys) -> None:
    code, out, err = cli(capsys, "run", "echo", "--times", "9")
    assert code == 2 and out == ""
    assert err == "rnn-tutor run echo: times must be from 1 to 5, not 9\n"


def test_its_progress_line_reaches_a_terminal(registered, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, _, err = cli(capsys, "run", "echo", "--times", "2")
    assert err.split("\r")[1:] == [f"said 1 of 2{' ' * 10}", f"said 2 of 2{' ' * 10}\n"]
    assert cli(capsys, "run", "echo", "--json")[2] == ""  # --json: nothing but the document


def test_its_runs_are_summarised_in_its_own_words(registered) -> None:
    config = {"word": "hey", "times": 3}
    run = Run(1, "roadmap", "echo", config, ECHO.run(config), None, 0.0)
    assert summarize(run) == "said 'hey' 3 times"


def test_a_task_without_words_gets_generic_ones(monkeypatch, capsys) -> None:
    plain = Task("plain", "no words of its own", EchoConfig, EchoResult, __name__)
    monkeypatch.setitem(TASKS, "plain", plain)
    assert cli(capsys, "run", "plain", "--times", "3") == (0, "count: 3\n", "")
    data = plain.run({"times": 3})
    assert summarize(Run(1, "x", "plain", {}, data, None, 0.0)) == "plain: count=3"
    # A task the registry no longer knows (an older record's) is summarised the same way.
    assert summarize(Run(1, "x", "gone", {}, data, None, 0.0)) == "gone: count=3"
    assert run_text.progress_line(plain) is None


def test_every_registered_task_names_words_that_exist() -> None:
    known = {"lines", "summary", "progress_line"}
    for task in TASKS.values():
        if task.command is not None:
            assert task.text, f"{task.name} is on the command line but has no words"
        if task.text:
            words = import_module(task.text)
            assert known & set(vars(words)), f"{task.text} defines none of {sorted(known)}"
            if task.command is not None:
                assert hasattr(words, "lines"), f"{task.text} has no lines for `run`"
            if hasattr(words, "progress_line"):
                assert task.progress is not None, f"{task.name} has a progress line, no events"
