"""Quiz grading. Typed shapes are read leniently: (2, 3, 4), 2,3,4, [2, 3, 4], 2 3 4, 2x3x4."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.catalog import QuizItem
from lessons.words import counted

_SHAPE_TEXT = re.compile(r"^[\s\(\)\[\]\d,x×*]*$")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer. `correct` is None when the answer could not be graded at all."""

    correct: bool | None
    message: str

    @property
    def gradable(self) -> bool:
        return self.correct is not None


def parse_shape(text: str) -> tuple[int, ...] | None:
    """Read a typed shape, or None if the text is not one (empty, letters, stray symbols)."""
    cleaned = text.strip()
    if cleaned.lower().startswith("torch.size"):
        cleaned = cleaned[len("torch.size") :]
    if not cleaned or not _SHAPE_TEXT.match(cleaned):
        return None
    numbers = _NUMBER.findall(cleaned)
    return tuple(int(number) for number in numbers) if numbers else None


def format_shape(shape: tuple[int, ...] | list[int]) -> str:
    return str(tuple(shape))


def grade_shape(text: str, expected: tuple[int, ...] | list[int]) -> Grade:
    expected = tuple(expected)
    if not text.strip():
        return Grade(None, "Type a shape first, for example (2, 3, 4).")
    shape = parse_shape(text)
    if shape is None:
        return Grade(None, f"Could not read {text.strip()[:40]!r} as a shape; try (2, 3, 4).")
    if shape == expected:
        return Grade(True, f"Right: {format_shape(expected)}.")
    if len(shape) != len(expected):
        return Grade(
            False,
            f"Not quite: you typed {counted(len(shape), 'dimension')}, the answer has "
            f"{len(expected)}: "
            f"{format_shape(expected)}.",
        )
    wrong = [str(index) for index, (a, b) in enumerate(zip(shape, expected, strict=True)) if a != b]
    which = (
        f"dimension {wrong[0]} differs"
        if len(wrong) == 1
        else (f"dimensions {', '.join(wrong[:-1])} and {wrong[-1]} differ")
    )
    return Grade(False, f"Not quite: {which}; the answer is {format_shape(expected)}.")


def grade_choice(item: QuizItem, choice: int) -> Grade:
    if not 1 <= choice <= len(item.options):
        return Grade(None, f"Choose 1 to {len(item.options)}.")
    right = item.options[item.answer - 1]
    if choice == item.answer:
        return Grade(True, f"Right: {right}.")
    return Grade(False, f"Not quite. The answer is {item.answer}: {right}.")


# Self-ratings for explain items, keys 1-4, as in spaced-repetition tools.
RATINGS = ("again", "hard", "good", "easy")
CONFIDENT = ("good", "easy")  # a rating that counts the item as known
