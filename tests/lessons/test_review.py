"""The Leitner review: right answers climb the boxes, wrong ones fall back and come first."""

from __future__ import annotations

from pathlib import Path

from lessons import catalog, review
from lessons.store import Store

DAY = review.DAY


def attempts(store: Store, lesson: str, item: str, *outcomes) -> None:
    for outcome in outcomes:
        if isinstance(outcome, str):
            store.record_attempt(lesson, item, "text", None, rating=outcome)
        else:
            store.record_attempt(lesson, item, "answer", outcome)


def card(store: Store, item: str) -> review.Card:
    return next(c for c in review.cards(store, [catalog.lesson("roadmap")]) if c.item.id == item)


def test_boxes_move_as_expected(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    assert card(store, "time-axis").box == 0
    attempts(store, "roadmap", "time-axis", True)
    assert card(store, "time-axis").box == 2
    attempts(store, "roadmap", "time-axis", True, True)
    assert card(store, "time-axis").box == 4
    attempts(store, "roadmap", "time-axis", False)
    assert card(store, "time-axis").box == 1
    attempts(store, "roadmap", "hidden-meaning", "good", "hard", "easy")
    assert card(store, "hidden-meaning").box == 3
    attempts(store, "roadmap", "hidden-meaning", "again")
    assert card(store, "hidden-meaning").box == 1


def test_wrong_items_come_back_first_and_learned_ones_wait(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    roadmap = catalog.lesson("roadmap")
    attempts(store, "roadmap", "time-axis", True)  # box 2: due in a day
    attempts(store, "roadmap", "why-gates", False)  # box 1: due now
    today = review.session(store, [roadmap])
    ids = [c.item.id for c in today]
    assert ids[0] == "why-gates"
    assert "time-axis" not in ids
    assert len(ids) == len(roadmap.quiz) - 1
    tomorrow = review.session(store, [roadmap], now=today[0].due + 1.5 * DAY)
    assert "time-axis" in [c.item.id for c in tomorrow]


def test_the_outlook_counts_due_new_and_the_next_one_back(tmp_path) -> None:
    from lessons.review import DAY, INTERVALS, outlook

    store = Store.open(tmp_path)
    lesson = catalog.lesson("roadmap")
    items = [item.id for item in lesson.quiz]
    start = outlook(store, lesson)
    assert (start.due, start.new, start.next_due) == (0, len(items), None)
    assert start.words(0) == ""  # nothing answered yet: a new lesson says nothing
    store.record_attempt("roadmap", items[0], "x", False)  # wrong: box 1, due at once
    store.record_attempt("roadmap", items[1], "x", True)  # right: box 2, back in a day
    answered = store.attempts("roadmap")
    now = max(a.created for a in answered)
    seen = outlook(store, lesson, now)
    assert (seen.due, seen.new) == (1, len(items) - 2)
    right = next(a for a in answered if a.item == items[1])
    assert seen.next_due == right.created + INTERVALS[2]
    assert seen.words(now) == f"1 due · {len(items) - 2} new · next back in 1 day"
    assert outlook(store, lesson, now + 2 * DAY).due == 2
