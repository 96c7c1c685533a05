"""The curriculum as data: one TOML file per lesson in lessons/content, validated at load.

Content is data, never executed. A quiz item whose answer is a shape names the engine task and
config that produce it; the answer itself is never written in.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
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

    @property
    def label(self) -> str:
        return f"{self.section} {self.title}"


@cache
def lessons() -> tuple[Lesson, ...]:
    """Every lesson, in the syllabus's order."""
    folder = resources.files("lessons") / "content"
    loaded = [
        _lesson(entry.name, tomllib.loads(entry.read_text(encoding="utf-8")))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    loaded.sort(key=lambda lesson: lesson.order)
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
    )


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
