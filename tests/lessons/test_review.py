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
