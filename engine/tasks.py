"""The registry of engine tasks: everything about a task, declared once.

A task's entry names its config class (whose field metadata makes the command line's flags, see
engine.options), its result class, the class of its progress events, the module that runs it
and the module of its words. The engine process, `rnn-tutor run TASK` (generated from this
table), the run picker, the notes and the portfolio all read it; nothing else lists the tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from engine import (
    clipping,
    generate,
    generate_sample,
    horizon,
    names,
    names_guess,
    pack,
    pack_lengths,
    practice,
    practice_failures,
    race,
    series_view,
    shape_check,
    shape_failures,
    shapes,
    tokens,
    trace,
)
from engine.control import Control, Emit, Progress, no_emit
from engine.validation import ConfigError


@dataclass(frozen=True)
class Task:
    name: str
    about: str  # one line: `rnn-tutor run --help` lists it, `run TASK --help` opens with it
    config: type
    result: type
    module: str  # runs it; imported only when the task runs, because task modules may import torch
    # The module of its words (lines for the command line, a one-line summary of a run, a
    # status line for its progress): in lessons, which the engine must not import, so it is
    # named here and imported by lessons.run_text. "" leaves the task to generic words.
    text: str = ""
    progress: type[Progress] | None = None  # the class of its progress events, if it sends any
    # The `rnn-tutor run` sub-command that reaches it. By default its own name; None keeps it
    # off the command line. Another task's name makes it a variant of that command: it runs
    # instead when one of its own flags is given (`run shapes --failure MODE`).
    command: str | None = ""

    def __post_init__(self) -> None:
        if self.command == "":
            object.__setattr__(self, "command", self.name)

    def run(
        self,
        config: dict[str, Any],
        emit: Emit = no_emit,
        control: Control | None = None,
    ) -> dict[str, Any]:
        parsed = self.config.from_dict(config)
        result = import_module(self.module).run(parsed, emit=emit, control=control or Control())
        return result.to_dict()


def _register(*tasks: Task) -> dict[str, Task]:
    # Keyed by each entry's own name, so that a key and its task cannot disagree.
    return {task.name: task for task in tasks}


TASKS: dict[str, Task] = _register(
    Task(
        "shape-check",
        "the syllabus's GRU shape check: three shapes",
        shape_check.ShapeCheckConfig,
        shape_check.ShapeCheckResult,
        "engine.shape_check",
        text="lessons.run_text.shape_check",
    ),
    Task(
        "shapes",
        "an RNN, LSTM or GRU: every shape, labelled, and its parameter count",
        shapes.ShapesConfig,
        shapes.ShapesResult,
        "engine.shapes",
        text="lessons.run_text.shapes",
    ),
    Task(
        "shape-failure",
        "a shape mistake run for real: what torch does, or says",
        shape_failures.FailureConfig,
        shape_failures.FailureResult,
        "engine.shape_failures",
        text="lessons.run_text.shape_failure",
        command="shapes",
    ),
    Task(
        "trace",
        "one sequence through an RNN, GRU or LSTM step by step, by hand and by torch",
        trace.TraceConfig,
        trace.TraceResult,
        "engine.trace",
        text="lessons.run_text.trace",
    ),
    Task(
        "race",
        "RNN, GRU and LSTM trained side by side on a long-dependency task",
        race.RaceConfig,
        race.RaceResult,
        "engine.race",
        text="lessons.run_text.race",
        progress=race.RaceProgress,
    ),
    Task(
        "clipping",
        "the clipping demo: one race run twice, gradient clipping off and then on",
        clipping.ClipDemoConfig,
        clipping.ClipDemoResult,
        "engine.clipping",
        text="lessons.run_text.clipping",
        progress=race.RaceProgress,
    ),
    Task(
        "horizon",
        "memory horizon: how long step 0 echoes in h_t, and the gradient through time",
        horizon.HorizonConfig,
        horizon.HorizonResult,
        "engine.horizon",
        progress=horizon.HorizonProgress,
        command=None,
    ),
    Task(
        "practice",
        "train a forecaster on a series and compare it with naive baselines",
        practice.PracticeConfig,
        practice.PracticeResult,
        "engine.practice",
        text="lessons.run_text.practice",
        progress=practice.PracticeProgress,
    ),
    Task(
        "series",
        "a series, its chronological split and one window, before any training",
        practice.PracticeConfig,
        series_view.SeriesView,
        "engine.series_view",
        command=None,
    ),
    Task(
        "practice-failure",
        "a practice failure mode run for real beside an honest run",
        practice_failures.PracticeFailureConfig,
        practice_failures.PracticeFailureResult,
        "engine.practice_failures",
        text="lessons.run_text.practice_failure",
        progress=practice.PracticeProgress,
        command=None,
    ),
    Task(
        "tokens",
        "words as ids, padded, then one-hot vectors or nn.Embedding rows: every shape",
        tokens.TokensConfig,
        tokens.TokensResult,
        "engine.tokens",
        text="lessons.run_text.tokens",
    ),
    Task(
        "pack",
        "sequences of different lengths padded, packed and run: where output[:, -1] goes wrong",
        pack.PackConfig,
        pack.PackResult,
        "engine.pack",
        text="lessons.run_text.pack",
    ),
    Task(
        # The Padding tab asks for the lengths before the learner predicts; not a run to cite.
        "pack-lengths",
        "the lengths a pack run's seed draws, before the run",
        pack.PackConfig,
        pack_lengths.PackLengths,
        "engine.pack_lengths",
        command=None,
    ),
    Task(
        "names",
        "a character-level classifier of surnames by language, against the majority baseline",
        names.NamesConfig,
        names.NamesResult,
        "engine.names",
        text="lessons.run_text.names",
        progress=names.NamesProgress,
    ),
    Task(
        # Asks the model the engine process holds from its last names run; the command line
        # runs every task in a new process, where there is none, so it offers names --guess.
        "names-guess",
        "the last names model trained in this engine process, asked about one surname",
        names_guess.GuessConfig,
        names_guess.GuessResult,
        "engine.names_guess",
        command=None,
    ),
    Task(
        "generate",
        "a character model trained on one language's surnames, sampling new ones each epoch",
        generate.GenerateConfig,
        generate.GenerateResult,
        "engine.generate",
        text="lessons.run_text.generate",
        progress=generate.GenerateProgress,
    ),
    Task(
        # Samples from the model the engine process holds from its last generate run; the
        # command line runs every task in a new process, where there is none.
        "generate-sample",
        "the last generate model trained in this engine process, sampled at any temperature",
        generate_sample.SampleConfig,
        generate_sample.SampleResult,
        "engine.generate_sample",
        command=None,
    ),
)


def get_task(name: str) -> Task:
    try:
        return TASKS[name]
    except KeyError:
        raise ConfigError(f"unknown task {name!r}; known tasks: {', '.join(TASKS)}") from None
