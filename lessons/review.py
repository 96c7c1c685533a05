"""Which quiz items come back, and when: a Leitner scheme derived from the attempts themselves.

Each item sits in a box from 1 to 5. A right answer (or a self-rating of good or easy) moves it
up a box; a wrong answer (or "again") sends it back to box 1; "hard" keeps it where it is. An
item is due again when the interval of its box has passed since its last attempt. Nothing is
stored beyond the attempts, so the schedule can never disagree with the history.

A shape predicted wrongly outside the fixed quiz items (in the shape lab, its drill, or a
generated quiz question) joins the review as a card of its own: the same configuration, asked as
a shape item is (the engine computes the answer), starting in box 1 as a wrong answer does.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lessons import catalog
from lessons.catalog import Lesson, QuizItem
from lessons.quiz import CONFIDENT
from lessons.store import Attempt, ShapeMistake, Store

DAY = 86_400.0
INTERVALS = {1: 0.0, 2: 1 * DAY, 3: 3 * DAY, 4: 7 * DAY, 5: 21 * DAY}


@dataclass(frozen=True)
class Card:
    lesson: Lesson
    item: QuizItem
    box: int  # 0: never attempted
    due: float  # when it should come back (0: now)
    last_wrong: bool


def box_after(attempts: Sequence[Attempt]) -> int:
    box = 0
    for attempt in attempts:
        if attempt.correct or attempt.rating in CONFIDENT:
            box = min(5, max(box, 1) + 1)
        elif attempt.correct is False or attempt.rating == "again":
            box = 1
        else:  # "hard": the item stays in its box (at least box 1: it has been seen)
            box = max(box, 1)
    return box


MISTAKE_ITEM = "mistake-"  # + the mistake's id: the item id its review answers are recorded as
SOURCE_WORDS = {
    "shape lab": "From your shape lab",
    "drill": "From your shape-lab drill",
    "quiz": "From a generated quiz question",
}


def cards(store: Store, lessons: Sequence[Lesson]) -> list[Card]:
    found = []
    for lesson in lessons:
        by_item: dict[str, list[Attempt]] = {}
        for attempt in store.attempts(lesson.id):
            by_item.setdefault(attempt.item, []).append(attempt)
        for item in lesson.quiz:
            history = by_item.get(item.id, [])
            box = box_after(history)
            due = history[-1].created + INTERVALS[box] if history else 0.0
            wrong = bool(history) and box == 1
            found.append(Card(lesson, item, box, due, wrong))
        for mistake in store.mistakes(lesson.id):
            item = mistake_item(mistake)
            if item is None:
                continue
            history = by_item.get(item.id, [])
            # The mistake itself is the first wrong answer: box 1, due at once.
            box = box_after(history) if history else 1
            last = history[-1].created if history else mistake.created
            found.append(Card(lesson, item, box, last + INTERVALS[box], box == 1))
    return found


def mistake_item(mistake: ShapeMistake) -> QuizItem | None:
    """The mistake as a shape question: the quiz item it was asked as, or a shape item asking the
    same field of the same task (its prompt, hint and explanation), fixed to the mistake's
    configuration. None if no lesson has such an item to word the question."""
    model = _model_item(mistake)
    if model is None:
        return None
    moment = time.localtime(mistake.created)
    when = f"{moment.tm_mday} {time.strftime('%b %Y', moment)}"
    origin = f"{SOURCE_WORDS.get(mistake.source, 'From your practice')}, {when}: "
    origin += f"you answered {mistake.answer}."
    return replace(
        model,
        id=f"{MISTAKE_ITEM}{mistake.id}",
        config=dict(mistake.config),
        generate="",
        context="",
        origin=origin,
    )


def _model_item(mistake: ShapeMistake) -> QuizItem | None:
    candidates = [
        (lesson.id == mistake.lesson and item.id == mistake.item, item.generate == "drill", item)
        for lesson in catalog.lessons()
        for item in lesson.quiz
        if item.kind == "shape" and item.task == mistake.task and item.field == mistake.field
    ]
    if not candidates:
        return None
    # The item it was asked as, else a generated one (its wording fits any configuration).
    return max(candidates, key=lambda candidate: candidate[:2])[2]


def session(store: Store, lessons: Sequence[Lesson], now: float | None = None) -> list[Card]:
    """Today's review: due items that were answered wrongly first, then new items, then other
    due items. Items not yet due are left out (they come back when their interval passes)."""
    now = time.time() if now is None else now
    due = [card for card in cards(store, lessons) if card.due <= now]
    return sorted(due, key=lambda card: (not card.last_wrong, card.box != 0, card.box, card.due))


@dataclass(frozen=True)
class Outlook:
    """A lesson's review at a glance, as Anki shows a deck: due now, new, and the next one back."""

    due: int  # answered before and due again now
    new: int  # never answered
    next_due: float | None  # when the next item not due yet comes back (None: none waiting)

    def words(self, now: float) -> str:
        """ "2 due · 4 new · next back in 3 days"; "" before any answer (the lesson is new)."""
        if self.due == 0 and self.next_due is None:
            return ""
        parts = [f"{self.due} due"] if self.due else []
        if self.new:
            parts.append(f"{self.new} new")
        if self.next_due is not None:
            parts.append(f"next back {_from_now(self.next_due - now)}")
        return " · ".join(parts)


def outlook(store: Store, lesson: Lesson, now: float | None = None) -> Outlook:
    now = time.time() if now is None else now
    found = cards(store, [lesson])
    due = sum(1 for card in found if card.box and card.due <= now)
    new = sum(1 for card in found if not card.box)
    waiting = [card.due for card in found if card.box and card.due > now]
    return Outlook(due, new, min(waiting) if waiting else None)


def _from_now(seconds: float) -> str:
    hours = seconds / 3600
    if hours < 1:
        return "within the hour"
    if round(hours) < 24:  # 23.9 hours reads "in 1 day", not "in 24 hours"
        count = round(hours)
        return f"in {count} hour{'s' if count != 1 else ''}"
    days = round(hours / 24)
    return f"in {days} day{'s' if days != 1 else ''}"
