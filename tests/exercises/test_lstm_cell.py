"""Exercise 4 (lstm-cell): each realistic slip fails the check that names it, with a message that
names the time step and unit and the slip, and other right answers pass
(the template failing and the solution passing are in test_every_exercise.py)."""

from __future__ import annotations

import pytest

from exercises.checking import CheckFailed
from exercises.lstm_cell import checks
from tests.exercises.helpers import Slip, assert_caught, failures, mutant, useful

PACKAGE = "lstm_cell"
SQUASH = (
    "        torch.sigmoid(i),\n"
    "        torch.sigmoid(f),\n"
    "        torch.tanh(g),\n"
    "        torch.sigmoid(o),\n"
)

# Each slip: its edits to solution.py, the first check that must fail, a phrase it must say.
MUTANTS = {
    "i and f swapped": Slip(
        [("i, f, g, o = gates.chunk(4, dim=1)", "f, i, g, o = gates.chunk(4, dim=1)")],
        checks.cell_values,
        "i and f are swapped",
    ),
    "g through sigmoid": Slip(
        [(SQUASH, SQUASH.replace("torch.tanh(g)", "torch.sigmoid(g)"))],
        checks.cell_values,
        "g went through sigmoid",
    ),
    "h = o * c' without tanh": Slip(
        [("h = o * torch.tanh(c)", "h = o * c")],
        checks.cell_values,
        "without the tanh",
    ),
    "c returned where h is due": Slip(
        [("    return h, c\n", "    return c, h\n")],
        checks.cell_values,
        "the pair is (c', h')",
    ),
    "the old c forgotten": Slip(
        [("c = f * c_prev + i * g", "c = i * g")],
        checks.cell_values,
        "c' at time step 0",
    ),
    "h and c stacked into one tensor": Slip(
        [("    return h, c\n", "    return torch.stack([h, c])\n")],
        checks.cell_shapes,
        "should return a pair (h', c'), got a tensor of shape [2, 3, 6]",
    ),
}

# Other right answers: they must pass every check.
ALSO_RIGHT = {
    # torch's own fused step (the rest of the body is left unreachable)
    "torch.lstm_cell": [
        (
            "    gates = (\n        x_t @ weight_ih.T",
            "    return torch.lstm_cell(x_t, (h_prev, c_prev), weight_ih, weight_hh, bias_ih,"
            " bias_hh)\n    gates = (\n        x_t @ weight_ih.T",
        )
    ],
    "a list of (h, c)": [("    return h, c\n", "    return [h, c]\n")],
}


@pytest.mark.parametrize("edits", ALSO_RIGHT.values(), ids=ALSO_RIGHT)
def test_other_right_answers_pass(edits, tmp_path) -> None:
    assert failures(mutant(PACKAGE, tmp_path, *edits), checks.CHECKS) == {}


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_fails_its_check(slip: Slip, tmp_path) -> None:
    assert_caught(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS, slip)


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_messages_say_where(slip: Slip, tmp_path) -> None:
    failed = failures(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS)
    verdicts = [str(error) for error in failed.values() if isinstance(error, CheckFailed)]
    assert verdicts
    for message in verdicts:
        assert useful(message), message
    if slip.check is checks.cell_values:
        for message in verdicts:
            assert "time step" in message and "unit" in message, message
        assert "at time step 0, batch item" in verdicts[-1]
