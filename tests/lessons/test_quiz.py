"""Grading: typed shapes are read leniently; wrong and empty answers get a clear message."""

from __future__ import annotations

import pytest

from lessons.catalog import lesson
from lessons.quiz import grade_choice, grade_shape, parse_shape


@pytest.mark.parametrize(
    "text",
    ["(2, 3, 4)", "2,3,4", "[2, 3, 4]", "2 3 4", " ( 2 ,3,4 ) ", "torch.Size([2, 3, 4])", "2x3x4"],
)
def test_lenient_shapes(text: str) -> None:
    assert parse_shape(text) == (2, 3, 4)
    assert grade_shape(text, (2, 3, 4)).correct is True


@pytest.mark.parametrize("text", ["", "   ", "abc", "(2, three, 4)", "[/]", "2;3;4", "-2,3"])
def test_unreadable_answers_are_not_graded(text: str) -> None:
    grade = grade_shape(text, (2, 3, 4))
    assert grade.correct is None
    assert grade.message


def test_wrong_shapes_say_what_differs() -> None:
    assert "dimension 0 differs" in grade_shape("(2, 2, 4)", (1, 2, 4)).message
    assert "dimensions 0 and 1 differ" in grade_shape("(2, 1, 4)", (1, 2, 4)).message
    assert "2 dimensions" in grade_shape("(2, 4)", (1, 2, 4)).message
    assert grade_shape("(2, 1, 4)", (1, 2, 4)).correct is False


def test_choice_grading() -> None:
    item = lesson("roadmap").quiz[0]
    assert grade_choice(item, item.answer).correct is True
    wrong = 1 if item.answer != 1 else 2
    assert grade_choice(item, wrong).correct is False
    assert grade_choice(item, 9).correct is None
