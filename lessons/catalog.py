"""The curriculum as data: one TOML file per lesson in lessons/content, validated at load.

Content is data, never executed. A quiz item whose answer is a shape names the engine task and
config that produce it; the answer itself is never written in.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from engine.tasks import get_task
from engine.validation import ConfigError
from lessons.drill import drill_config


class ContentError(ValueError):
    """A lesson file is malformed; the message names the file and the problem."""


GENERATORS = ("", "drill")  # where a shape item's config comes from: fixed, or the drill
CONTEXTS = ("", "latest-gate-strip", "latest-practice-failure")  # learner's own, to show


@dataclass(frozen=True)
class QuizItem:
    id: str
    kind: str  # "choice", "shape" (typed, graded by the engine) or "explain" (self-rated)
    prompt: str  # for shape items, a template filled from the config
    hint: str
    explanation: str
    options: tuple[str, ...] = ()
    answer: int = 0  # 1-based index of the right option, for choice items
    reference: str = ""  # a model answer, shown after an explain item
    context: str = ""  # something of the learner's own to show with the question
    origin: str = ""  # where a question made from the learner's own mistake came from

    task: str = ""  # for shape items: the engine task that computes the answer ...
    config: dict[str, Any] = field(default_factory=dict)  # ... from this config ...
    generate: str = ""  # ... or from a fresh generated one ...
    field: str = ""  # ... and the result field (dotted path) that holds it

    def config_for(self, seed: int, round_: int) -> dict[str, Any]:
        """The engine config of this item for the learner's `round_`-th try at it."""
        if self.generate == "drill":
            # The item id keeps two generated items from asking the same question.
            return drill_config(seed, f"{self.id}:{round_}").to_dict()
        return dict(self.config)

    def pose(self, config: dict[str, Any]) -> str:
        """The question, with the configuration's numbers filled in."""
        parsed = get_task(self.task).config.from_dict(config)
        values = parsed.describe() if hasattr(parsed, "describe") else parsed.to_dict()
        return self.prompt.format_map(values)

    def answer_in(self, result: dict[str, Any]) -> Any:
        """The answer, read from the engine's result for this item's config."""
        value: Any = result
        for key in self.field.split("."):
            value = value[key]
        return value


@dataclass(frozen=True)
class TabSpec:
    """One tab of a lesson, as its content file declares it: a kind of panel, and what that
    kind needs (`options`). Labels and keys default to the kind's own (tui's panel registry)."""

    kind: str
    id: str = ""  # default: the kind's own (tui's registry), else the kind
    label: str = ""
    key: str = ""
    tooltip: str = ""
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PassRule:
    """What "passed" means for a lesson, as its content file declares it."""

    quiz: tuple[str, ...] = ()  # items to get right (or rate good/easy) at least once
    prediction: bool = False  # a right shape prediction on the lesson's task
    runs: tuple[str, ...] = ()  # at least one recorded run of each of these tasks
    notes: tuple[str, ...] = ()  # evidence notes that must not be empty
    exercises: tuple[str, ...] = ()  # exercises (exercises/) whose checks must all pass
    pass_check: bool = False  # the syllabus's pass check (the self-check)


@dataclass(frozen=True)
class Lesson:
    id: str
    section: str
    title: str
    purpose: str
    order: int
    built: bool
    body: str
    task: str = ""
    default_config: dict[str, Any] = field(default_factory=dict)
    next: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    quiz: tuple[QuizItem, ...] = ()
    tabs: tuple[TabSpec, ...] = ()
    passing: PassRule = field(default_factory=PassRule)

    @property
    def label(self) -> str:
        return f"{self.section} {self.title}"


CONTENT_VAR = "RNN_TUTOR_CONTENT"  # a folder of extra lesson files (one may replace a lesson)


@cache
def lessons() -> tuple[Lesson, ...]:
    """Every lesson, in the syllabus's order."""
    folders = [resources.files("lessons") / "content"]
    if os.environ.get(CONTENT_VAR):
        folders.append(Path(os.environ[CONTENT_VAR]))
    by_id: dict[str, Lesson] = {}
    for folder in folders:
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if entry.name.endswith(".toml"):
                loaded_one = _lesson(entry.name, tomllib.loads(entry.read_text(encoding="utf-8")))
                by_id[loaded_one.id] = loaded_one
    loaded = sorted(by_id.values(), key=lambda lesson: lesson.order)
    ids = [lesson.id for lesson in loaded]
    for lesson in loaded:
        for other in lesson.next:
            if other not in ids:
                raise ContentError(f"{lesson.id}: 'next' names unknown lesson {other!r}")
    return tuple(loaded)


def lesson(lesson_id: str) -> Lesson:
    for candidate in lessons():
        if candidate.id == lesson_id:
            return candidate
    raise KeyError(lesson_id)


def neighbour(lesson_id: str, step: int) -> Lesson | None:
    """The lesson `step` places after (or before, if negative) `lesson_id`, if there is one."""
    ids = [candidate.id for candidate in lessons()]
    index = ids.index(lesson_id) + step
    return lessons()[index] if 0 <= index < len(ids) else None


def _lesson(filename: str, data: dict[str, Any]) -> Lesson:
    def need(key: str, kind: type, where: dict[str, Any] = data, context: str = "") -> Any:
        value = where.get(key)
        if not isinstance(value, kind):
            raise ContentError(f"{filename}:{context} '{key}' must be a {kind.__name__}")
        return value

    quiz = tuple(_quiz_item(filename, item, need) for item in data.get("quiz", []))
    if len({item.id for item in quiz}) != len(quiz):
        raise ContentError(f"{filename}: quiz item ids must be unique")
    task = data.get("task", "")
    default_config = data.get("default_config", {})
    if task:
        _check_config(filename, task, default_config)
    tabs = tuple(_tab(filename, tab) for tab in data.get("tabs", []))
    if len({tab.id or tab.kind for tab in tabs}) != len(tabs):
        raise ContentError(f"{filename}: tab ids must be unique (give a repeated kind an id)")
    keys = [tab.key for tab in tabs if tab.key]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{filename}: two tabs have the same key")
    passing = _pass_rule(filename, data.get("pass", {}), quiz)
    return Lesson(
        id=need("id", str),
        section=need("section", str),
        title=need("title", str),
        purpose=need("purpose", str),
        order=need("order", int),
        built=need("built", bool),
        body=need("body", str).strip(),
        task=task,
        default_config=default_config,
        next=tuple(data.get("next", ())),
        evidence=tuple(data.get("evidence", ())),
        quiz=quiz,
        tabs=tabs,
        passing=passing,
    )


TAB_FIELDS = {"kind", "id", "label", "key", "tooltip"}


def _tab(filename: str, data: dict[str, Any]) -> TabSpec:
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        raise ContentError(f"{filename}: every [[tabs]] entry needs a kind")
    for name in TAB_FIELDS - {"kind"}:
        if not isinstance(data.get(name, ""), str):
            raise ContentError(f"{filename}: tab {kind}: '{name}' must be a string")
    key = data.get("key", "")
    if len(key) > 1:
        raise ContentError(f"{filename}: tab {kind}: 'key' must be one character, not {key!r}")
    return TabSpec(
        kind=kind,
        id=data.get("id", ""),
        label=data.get("label", ""),
        key=key,
        tooltip=data.get("tooltip", ""),
        options={name: value for name, value in data.items() if name not in TAB_FIELDS},
    )


def _pass_rule(filename: str, data: dict[str, Any], quiz: tuple[QuizItem, ...]) -> PassRule:
    unknown = set(data) - {"quiz", "prediction", "runs", "notes", "exercises", "pass_check"}
    if unknown:
        raise ContentError(f"{filename}: [pass] has unknown keys {sorted(unknown)}")
    items = data.get("quiz", ())
    ids = [item.id for item in quiz]
    if items == "all":
        items = ids
    if not isinstance(items, list | tuple) or not set(items) <= set(ids):
        raise ContentError(f'{filename}: [pass] quiz must be "all" or ids of its quiz items')
    return PassRule(
        quiz=tuple(items),
        prediction=bool(data.get("prediction", False)),
        runs=tuple(data.get("runs", ())),
        notes=tuple(data.get("notes", ())),
        exercises=_exercise_names(filename, data.get("exercises", ())),
        pass_check=bool(data.get("pass_check", False)),
    )


def _exercise_names(filename: str, names: Any) -> tuple[str, ...]:
    from exercises.catalog import exercises_by_name  # reads the packages' __init__ only

    known = exercises_by_name()
    if not isinstance(names, list | tuple) or not set(names) <= set(known):
        raise ContentError(
            f"{filename}: [pass] exercises must name known exercises ({', '.join(known)})"
        )
    return tuple(names)


def _quiz_item(filename: str, item: dict[str, Any], need) -> QuizItem:
    item_id = need("id", str, item, " quiz")
    context = f" quiz item {item_id}:"
    kind = need("kind", str, item, context)
    common = {
        "id": item_id,
        "kind": kind,
        "prompt": need("prompt", str, item, context),
        "hint": need("hint", str, item, context),
        "explanation": need("explanation", str, item, context),
        "context": item.get("context", ""),
    }
    if common["context"] not in CONTEXTS:
        raise ContentError(f"{filename}:{context} unknown context {common['context']!r}")
    if kind == "choice":
        options = tuple(need("options", list, item, context))
        answer = need("answer", int, item, context)
        if not 2 <= len(options) <= 4 or not 1 <= answer <= len(options):
            raise ContentError(f"{filename}:{context} needs 2-4 options and an answer among them")
        return QuizItem(options=options, answer=answer, **common)
    if kind == "explain":
        return QuizItem(reference=need("reference", str, item, context), **common)

    if kind == "shape":
        generate = item.get("generate", "")
        if generate not in GENERATORS:
            raise ContentError(f"{filename}:{context} unknown generator {generate!r}")
        quiz_item = QuizItem(
            task=need("task", str, item, context),
            config=item.get("config", {}) if generate else need("config", dict, item, context),
            generate=generate,
            field=need("field", str, item, context),
            **common,
        )
        sample = quiz_item.config_for(seed=0, round_=0)
        _check_config(filename, quiz_item.task, sample)
        try:
            quiz_item.pose(sample)
        except (KeyError, ValueError) as error:
            raise ContentError(f"{filename}:{context} prompt template: {error}") from None
        return quiz_item
    raise ContentError(f"{filename}:{context} unknown kind {kind!r}")


def _check_config(filename: str, task: str, config: dict[str, Any]) -> None:
    try:
        get_task(task).config.from_dict(config)
    except ConfigError as error:
        raise ContentError(f"{filename}: config for {task}: {error}") from None
