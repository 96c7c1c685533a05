"""Exercise 2 (rnn-step): each realistic slip fails the check that names it, with a message that
says where (a time step, a unit or a shape), and other right answers pass
(the template failing and the solution passing are in test_every_exercise.py)."""

from __future__ import annotations

import pytest

from exercises.checking import CheckFailed
from exercises.rnn_step import checks
from tests.exercises.helpers import Slip, assert_caught, failures, mutant, useful

PACKAGE = "rnn_step"
STEP = "h = rnn_step(x[:, t], h, *weights)\n        outputs.append(h)"

# Each slip: its edits to solution.py, the first check that must fail, a phrase it must say.
MUTANTS = {
    "bias_hh forgotten": Slip(
        [("h_prev @ weight_hh.T + bias_hh\n", "h_prev @ weight_hh.T\n")],
        checks.step_values,
        "first difference at batch item 0, unit",
    ),
    # Non-square sizes: the product with an untransposed W_ih cannot run, and torch says so
    # with both shapes; the runner shows it with the learner's line.
    "W_ih not transposed": Slip(
        [("x_t @ weight_ih.T", "x_t @ weight_ih")],
        checks.step_shape,
        "(3x5 and 4x5)",
        raises=RuntimeError,
    ),
    "W_ih on the left, as for a column vector": Slip(
        [("x_t @ weight_ih.T", "weight_ih @ x_t")],
        checks.step_shape,
        "(4x5 and 3x5)",
        raises=RuntimeError,
    ),
    # W_hh is square, so forgetting its transpose runs: only the values can tell.
    "W_hh not transposed": Slip(
        [("h_prev @ weight_hh.T", "h_prev @ weight_hh")],
        checks.step_values,
        "unit",
    ),
    "relu instead of tanh": Slip(
        [("torch.tanh(", "torch.relu(")],
        checks.step_values,
        "expected -",
    ),
    "h not carried (every step from h0)": Slip(
        [
            (
                "rnn_step(x[:, t], h, *weights)",
                "rnn_step(x[:, t], x.new_zeros(batch, rnn.hidden_size) if h0 is None else h0,"
                " *weights)",
            )
        ],
        checks.forward_from_zeros,
        "first difference at time step 1,",
    ),
    "outputs one step behind": Slip(
        [(STEP, "outputs.append(h)\n        h = rnn_step(x[:, t], h, *weights)")],
        checks.forward_from_zeros,
        "one time step behind",
    ),
    "h_n kept as [1, batch, hidden]": Slip(
        [("torch.stack(outputs, dim=1), h", "torch.stack(outputs, dim=1), h.unsqueeze(0)")],
        checks.forward_shapes,
        "expected [3, 4]",
    ),
}

# Other right answers: they must pass every check.
ALSO_RIGHT = {
    "column-vector form": [("x_t @ weight_ih.T", "(weight_ih @ x_t.T).T")],
    "F.linear": [
        (
            "torch.tanh(\n"
            "        x_t @ weight_ih.T + bias_ih + h_prev @ weight_hh.T + bias_hh\n"
            "    )",
            "torch.tanh(torch.nn.functional.linear(x_t, weight_ih, bias_ih)"
            " + torch.nn.functional.linear(h_prev, weight_hh, bias_hh))",
        )
    ],
}


@pytest.mark.parametrize("edits", ALSO_RIGHT.values(), ids=ALSO_RIGHT)
def test_other_right_answers_pass(edits, tmp_path) -> None:
    assert failures(mutant(PACKAGE, tmp_path, *edits), checks.CHECKS) == {}


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_fails_its_check(slip: Slip, tmp_path) -> None:
    assert_caught(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS, slip)


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_messages_say_where(slip: Slip, tmp_path) -> None:
    failed = failures(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS).values()
    assert failed
    for error in failed:
        assert useful(str(error)) or isinstance(error, RuntimeError), str(error)


def test_the_square_case_catches_an_untransposed_w_ih_that_runs() -> None:
    # On the square case alone the wrong product runs; the values check must still fail.
    class Learner:
        @staticmethod
        def rnn_step(x_t, h_prev, weight_ih, weight_hh, bias_ih, bias_hh):
            import torch

            return torch.tanh(x_t @ weight_ih + bias_ih + h_prev @ weight_hh.T + bias_hh)

    square = tuple(case for case in checks.CASES if case.input_size == case.hidden)
    assert square
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checks, "CASES", square)
        with pytest.raises(CheckFailed, match="first difference at batch item"):
            checks.step_values.run(Learner)
