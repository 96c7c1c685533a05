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


def test_a_shape_lab_mistake_comes_back_as_a_shape_question(tmp_path) -> None:
    from engine.shapes import ShapesConfig
    from lessons.review import INTERVALS, MISTAKE_ITEM, outlook

    store = Store.open(tmp_path)
    basics = catalog.lesson("rnn-basics")
    before = outlook(store, basics)
    config = ShapesConfig(cell="gru", batch=2, seq_len=5, features=3, hidden=6, layers=2)
    mistake_id = store.record_mistake(
        "rnn-basics", "shape lab", "shapes", config.to_dict(), "shapes.h_n", "(2, 2, 6)"
    )
    found = [c for c in review.cards(store, [basics]) if c.item.id.startswith(MISTAKE_ITEM)]
    assert len(found) == 1
    card = found[0]
    # Asked as a shape item of the same task and field, fixed to the learner's configuration.
    assert (card.item.kind, card.item.task, card.item.field) == ("shape", "shapes", "shapes.h_n")
    assert card.item.generate == "" and card.item.config_for(7, 3) == config.to_dict()
    assert "nn.GRU" in card.item.pose(card.item.config) and "h_n" in card.item.pose(
        config.to_dict()
    )
    assert card.item.origin.startswith("From your shape lab, ")
    assert "you answered (2, 2, 6)" in card.item.origin
    # Like a wrong answer: box 1, due now, first in the session.
    assert (card.box, card.last_wrong) == (1, True)
    now = store.mistakes()[0].created
    assert review.session(store, [basics], now=now)[0].item.id == card.item.id
    assert outlook(store, basics, now).due == before.due + 1
    # The engine's answer for that configuration is torch's own h_n shape.
    import torch

    gru = torch.nn.GRU(3, 6, num_layers=2, batch_first=True)
    _, h_n = gru(torch.zeros(2, 5, 3))
    from engine.tasks import get_task

    result = get_task("shapes").run(config.to_dict())
    assert tuple(card.item.answer_in(result)) == tuple(h_n.shape) == (2, 2, 6)
    # Answered right in the review, it climbs a box and waits a day.
    store.record_attempt("rnn-basics", f"{MISTAKE_ITEM}{mistake_id}", "(2, 2, 6)", True)
    card = next(c for c in review.cards(store, [basics]) if c.item.id == card.item.id)
    answered = store.attempts("rnn-basics", card.item.id)[-1].created
    assert (card.box, card.due) == (2, answered + INTERVALS[2])
    assert outlook(store, basics, answered).due == before.due


def test_a_generated_quiz_mistake_is_worded_as_its_own_item(tmp_path) -> None:
    from lessons.review import mistake_item

    store = Store.open(tmp_path)
    drill = next(i for i in catalog.lesson("rnn-basics").quiz if i.id == "drill-output")
    config = drill.config_for(5, 0)
    store.record_mistake("rnn-basics", "quiz", "shapes", config, drill.field, "(1, 2)", drill.id)
    item = mistake_item(store.mistakes("rnn-basics")[0])
    assert item is not None and item.prompt == drill.prompt and item.hint == drill.hint
    assert item.origin.startswith("From a generated quiz question, ")
    assert item.config == config and item.generate == ""


def test_almost_a_day_reads_as_a_day() -> None:
    from lessons.review import _from_now

    assert _from_now(23.9 * 3600) == "in 1 day"
    assert _from_now(23.4 * 3600) == "in 23 hours"
    assert _from_now(1.2 * 3600) == "in 1 hour"
