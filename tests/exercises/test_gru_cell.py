"""Exercise 3 (gru-cell): each realistic slip fails the check that names it, with a message that
names the time step and unit and the slip, and other right answers pass
(the template failing and the solution passing are in test_every_exercise.py)."""

from __future__ import annotations

import pytest

from exercises.checking import CheckFailed
from exercises.gru_cell import checks
from tests.exercises.helpers import Slip, assert_caught, failures, mutant, useful

PACKAGE = "gru_cell"
CANDIDATE = "n = torch.tanh(x_n + r * h_n)"
W_HN = "weight_hh[2 * h_prev.shape[1] :]"
B_HN = "bias_hh[2 * h_prev.shape[1] :]"

# Each slip: its edits to solution.py, the first check that must fail, a phrase it must say.
MUTANTS = {
    "r and z swapped": Slip(
        [("x_r, x_z, x_n =", "x_z, x_r, x_n ="), ("h_r, h_z, h_n =", "h_z, h_r, h_n =")],
        checks.cell_values,
        "r and z are swapped",
    ),
    "textbook form: r applied to h before W_hn": Slip(
        [(CANDIDATE, f"n = torch.tanh(x_n + (r * h_prev) @ {W_HN}.T + {B_HN})")],
        checks.cell_values,
        "r is applied to h before W_hn",
    ),
    "1 - z and z swapped": Slip(
        [("(1 - z) * n + z * h_prev", "z * n + (1 - z) * h_prev")],
        checks.cell_values,
        "z and 1 - z are swapped",
    ),
    "b_hn outside the r product": Slip(
        [(CANDIDATE, f"n = torch.tanh(x_n + r * (h_n - {B_HN}) + {B_HN})")],
        checks.cell_values,
        "b_hn is outside the r product",
    ),
    "sigmoid for the candidate": Slip(
        [(CANDIDATE, "n = torch.sigmoid(x_n + r * h_n)")],
        checks.cell_values,
        "first difference at batch item 0, unit",
    ),
    # chunk's default axis is 0, the batch: the gates come out [1, 3H] and h' cannot be formed.
    "chunk along the batch axis": Slip(
        [
            (".chunk(3, dim=1)\n    h_r", ".chunk(3)\n    h_r"),
            ("(3, dim=1)\n    r =", "(3)\n    r ="),
        ],
        checks.cell_shape,
        "must match the size of tensor",
        raises=RuntimeError,
    ),
}

BODY = """    x_r, x_z, x_n = (x_t @ weight_ih.T + bias_ih).chunk(3, dim=1)
    h_r, h_z, h_n = (h_prev @ weight_hh.T + bias_hh).chunk(3, dim=1)"""

# Other right answers: they must pass every check.
ALSO_RIGHT = {
    # torch's own fused step (the rest of the body is left unreachable)
    "torch.gru_cell": [
        (BODY, "    return torch.gru_cell(x_t, h_prev, weight_ih, weight_hh, bias_ih, bias_hh)"),
    ],
    "F.linear and split": [
        (
            BODY,
            "    F = torch.nn.functional\n"
            "    x_r, x_z, x_n = F.linear(x_t, weight_ih, bias_ih).split(h_prev.shape[1], dim=-1)\n"
            "    h_r, h_z, h_n = F.linear(h_prev, weight_hh, bias_hh).split(h_prev.shape[1], -1)",
        )
    ],
    "h' written as n + z * (h - n)": [("(1 - z) * n + z * h_prev", "n + z * (h_prev - n)")],
}


@pytest.mark.parametrize("edits", ALSO_RIGHT.values(), ids=ALSO_RIGHT)
def test_other_right_answers_pass(edits, tmp_path) -> None:
    assert failures(mutant(PACKAGE, tmp_path, *edits), checks.CHECKS) == {}


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_fails_its_check(slip: Slip, tmp_path) -> None:
    assert_caught(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS, slip)


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_messages_name_time_step_and_unit(slip: Slip, tmp_path) -> None:
    failed = failures(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS)
    verdicts = [str(error) for error in failed.values() if isinstance(error, CheckFailed)]
    for message in verdicts:
        assert useful(message), message
        assert "time step" in message and "unit" in message, message
    if slip.raises is CheckFailed:
        assert (
            "first difference at time step 0, batch item"
            in failed[checks.sequence_values.name].args[0]
        )
