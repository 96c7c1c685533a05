"""Exercise 1 (shape-fix): the template fails first on input_size, each realistic slip fails the
check that names it with a message that says where, and other right answers pass (the solution
passing is in test_every_exercise.py)."""

from __future__ import annotations

import pytest

from exercises.checking import CheckFailed
from exercises.shape_fix import checks
from tests.exercises.helpers import (
    Slip,
    assert_caught,
    failures,
    first_failure,
    load_file,
    mutant,
    useful,
)

PACKAGE = "shape_fix"

# Each slip: its edits to solution.py, the first check that must fail, a phrase it must say.
MUTANTS = {
    "view keeps memory order": Slip(
        [("series.transpose(0, 1)", "series.view(series.shape[1], series.shape[0], -1)")],
        checks.batch_values,
        "should hold series[",
    ),
    "reshape keeps memory order": Slip(
        [("series.transpose(0, 1)", "series.reshape(series.shape[1], series.shape[0], -1)")],
        checks.batch_values,
        "values were relabelled",
    ),
    "axes left time-major": Slip(
        [("return series.transpose(0, 1)", "return series")],
        checks.batch_shape,
        "expected [",
    ),
    "wrong axes swapped": Slip(
        [("series.transpose(0, 1)", "series.transpose(1, 2)")],
        checks.batch_shape,
        "expected [",
    ),
    "input_size and hidden_size swapped": Slip(
        [("input_size=features, hidden_size=hidden", "input_size=hidden, hidden_size=features")],
        checks.model_sizes,
        "input_size=",
    ),
    "batch_first left out": Slip(
        [("hidden_size=hidden, batch_first=True\n", "hidden_size=hidden, batch_first=False\n")],
        checks.model_sizes,
        "batch_first=False",
    ),
}

# Other right answers: they must pass every check.
ALSO_RIGHT = {
    "permute": [("series.transpose(0, 1)", "series.permute(1, 0, 2)")],
    "contiguous copy": [("series.transpose(0, 1)", "series.transpose(0, 1).contiguous()")],
    "positional sizes": [("input_size=features, hidden_size=hidden", "features, hidden")],
}


def test_template_fails_first_on_input_size() -> None:
    name, error = first_failure(load_file(PACKAGE, "template"), checks.CHECKS)
    assert name == checks.model_sizes.name
    assert "input_size=" in str(error)


@pytest.mark.parametrize("edits", ALSO_RIGHT.values(), ids=ALSO_RIGHT)
def test_other_right_answers_pass(edits, tmp_path) -> None:
    assert failures(mutant(PACKAGE, tmp_path, *edits), checks.CHECKS) == {}


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_fails_its_check(slip: Slip, tmp_path) -> None:
    assert_caught(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS, slip)


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_messages_say_where(slip: Slip, tmp_path) -> None:
    # Later checks may meet torch's own error (the runner shows it with the learner's line);
    # every verdict of ours must say where and what was expected.
    verdicts = [
        error
        for error in failures(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS).values()
        if isinstance(error, CheckFailed)
    ]
    assert verdicts
    for error in verdicts:
        assert useful(str(error)), str(error)


def test_view_message_names_the_reading_found() -> None:
    class ViewLearner:
        @staticmethod
        def make_batch(series):
            return series.view(series.shape[1], series.shape[0], -1)

    with pytest.raises(CheckFailed) as failed:
        checks.batch_values.run(ViewLearner)
    # The first case's series is [6, 3, 5]; [0, 1, 0] of the [3, 6, 5] view is the sixth value
    # in memory, which is series[0, 1, 0]; it should be series[1, 0, 0].
    message = str(failed.value)
    assert "make_batch(series)[0, 1, 0] should hold series[1, 0, 0] (sequence 0, step 1)" in message
    assert "but holds series[0, 1, 0] (sequence 1, step 0)" in message


def test_the_square_case_catches_axes_left_alone() -> None:
    # Where seq_len == batch, leaving series as it is has the right shape: only values tell.
    class Learner:
        @staticmethod
        def make_batch(series):
            return series

    square = tuple(case for case in checks.CASES if case.seq_len == case.batch)
    assert square
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checks, "CASES", square)
        checks.batch_shape.run(Learner)
        with pytest.raises(CheckFailed, match="values were relabelled"):
            checks.batch_values.run(Learner)
