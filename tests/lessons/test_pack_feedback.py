"""batch_sizes typed as leniently as a shape, graded against the counts of a batch's lengths."""

from __future__ import annotations

import pytest

from lessons.pack_feedback import WHY, grade_counts, reason

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


def test_a_wrong_shape_names_its_wrong_dimensions_then_the_rule() -> None:
    assert reason("input", (5, 6, 3), [4, 6, 3]).startswith("batch is 4, not 5. pad_sequence")
    assert reason("h_n", (4, 1, 5), [1, 4, 5]).startswith(
        "num_layers is 1, not 4; batch is 4, not 1. h_n is"
    )
    assert reason("packed_data", (4, 6, 3), [14, 3]).startswith(
        "2 dimensions, not 3: [sum(lengths), features]."
    )
    assert reason("batch_sizes", (3, 2), [4, 3, 1]) == WHY["batch_sizes"]
    assert reason("input", (), [4, 6, 3]) == WHY["input"]  # nothing readable typed
