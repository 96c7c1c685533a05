"""batch_sizes typed as leniently as a shape, graded against the counts of a batch's lengths."""

from __future__ import annotations

import pytest

from lessons.pack_feedback import grade_counts

LENGTHS = [3, 4, 6, 1]
# At step t, the sequences longer than t: worked out from the lengths, not taken from torch.
BATCH_SIZES = [sum(1 for n in LENGTHS if n > t) for t in range(max(LENGTHS))]


@pytest.mark.parametrize(
    "typed", ["[4, 3, 3, 2, 1, 1]", "(4,3,3,2,1,1)", "4 3 3 2 1 1", "4,3,3,2,1,1"]
)
def test_any_way_of_writing_the_list_is_read(typed: str) -> None:
    assert BATCH_SIZES == [4, 3, 3, 2, 1, 1]
    assert grade_counts(typed, BATCH_SIZES).correct is True


def test_the_lengths_are_not_batch_sizes() -> None:
    grade = grade_counts(str(LENGTHS), BATCH_SIZES)
    assert grade.correct is False and "one per time step" in grade.message


def test_a_wrong_step_is_named() -> None:
    grade = grade_counts("4 3 2 2 1 1", BATCH_SIZES)
    assert grade.correct is False and "step 2 differs" in grade.message


@pytest.mark.parametrize("typed", ["", "four", "[4, 3, a]"])
def test_what_is_not_a_list_is_not_graded(typed: str) -> None:
    assert grade_counts(typed, BATCH_SIZES).correct is None
