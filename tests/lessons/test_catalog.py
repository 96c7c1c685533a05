"""The curriculum loads, in the syllabus's order, and its quiz items are well formed."""

from __future__ import annotations

import pytest

from engine.shape_check import run
from lessons import catalog
from lessons.catalog import ContentError, _lesson


def test_the_syllabus_lessons_in_order_then_the_one_beyond_it() -> None:
    assert [lesson.id for lesson in catalog.lessons()] == [
        "roadmap",
        "rnn-basics",
        "lstm-gru",
        "sequence-practice",
        "self-check",
        "text-sequences",
    ]
    assert [lesson.section for lesson in catalog.lessons()][:4] == [
        "6.4.1",
        "6.4.2",
        "6.4.3",
        "6.4.4",
    ]


def test_roadmap_quiz_has_choices_and_an_engine_computed_shape() -> None:
    quiz = catalog.lesson("roadmap").quiz
    assert sum(item.kind == "choice" for item in quiz) >= 4
    shape_items = [item for item in quiz if item.kind == "shape"]
    assert shape_items
    for item in shape_items:
        config = catalog.get_task(item.task).config.from_dict(item.config_for(0, 0))
        answer = item.answer_in(run(config).to_dict())
        # The prompt states the sizes the engine computes from, so the learner can work it out.
        prompt = item.pose(config.to_dict())
        assert f"torch.randn({config.batch}, {config.seq_len}, {config.features})" in prompt
        assert len(answer) == 3


def test_roadmap_teaches_each_sequence_flow_idea() -> None:
    body = catalog.lesson("roadmap").body.lower()
    for idea in ("sequence length", "input size", "hidden state", "lstm / gru", "batch first"):
        assert idea in body


def test_neighbours() -> None:
    assert catalog.neighbour("roadmap", 1).id == "rnn-basics"
    assert catalog.neighbour("roadmap", -1) is None
    assert catalog.neighbour("self-check", 1).id == "text-sequences"
    assert catalog.neighbour("text-sequences", 1) is None


def test_malformed_content_is_refused_with_its_file_name() -> None:
    base = {
        "id": "x",
        "section": "1",
        "title": "t",
        "purpose": "p",
        "order": 1,
        "built": True,
        "body": "b",
    }
    bad_choice = {"id": "q", "kind": "choice", "prompt": "?", "hint": "h", "explanation": "e"}
    with pytest.raises(ContentError, match=r"x\.toml"):
        _lesson("x.toml", {**base, "quiz": [{**bad_choice, "options": ["a"], "answer": 1}]})
    with pytest.raises(ContentError, match="config for shape-check"):
        _lesson("x.toml", {**base, "task": "shape-check", "default_config": {"batch": 0}})
    with pytest.raises(ContentError, match="'title' must be a str"):
        _lesson("x.toml", {**base, "title": 3})
