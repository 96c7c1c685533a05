"""Exercise 2 (rnn-step): the template fails, the solution passes, and each realistic slip fails
the check that names it, with a message that says where (a time step, a unit or a shape)."""

from __future__ import annotations

import runpy

import pytest

from exercises.catalog import find
from exercises.checking import CheckFailed
from exercises.rnn_step import checks
from tests.exercises.load_cells import EXERCISES, failures, first_failure, load, mutant, useful

PACKAGE = "rnn_step"
STEP = "h = rnn_step(x[:, t], h, *weights)\n        outputs.append(h)"

# (edits to solution.py, the first check that must fail, what it raises, a phrase it must say)
MUTANTS = {
    "bias_hh forgotten": (
        [("h_prev @ weight_hh.T + bias_hh)", "h_prev @ weight_hh.T)")],
        checks.step_values,
        CheckFailed,
        "first difference at batch item 0, unit",
    ),
    # Non-square sizes: the product with an untransposed W_ih cannot run, and torch says so
    # with both shapes; the runner shows it with the learner's line.
    "W_ih not transposed": (
        [("x_t @ weight_ih.T", "x_t @ weight_ih")],
        checks.step_shape,
        RuntimeError,
        "(3x5 and 4x5)",
    ),
    "W_ih on the left, as for a column vector": (
        [("x_t @ weight_ih.T", "weight_ih @ x_t")],
        checks.step_shape,
        RuntimeError,
        "(4x5 and 3x5)",
    ),
    # W_hh is square, so forgetting its transpose runs: only the values can tell.
    "W_hh not transposed": (
        [("h_prev @ weight_hh.T", "h_prev @ weight_hh")],
        checks.step_values,
        CheckFailed,
        "unit",
    ),
    "relu instead of tanh": (
        [("torch.tanh(", "torch.relu(")],
        checks.step_values,
        CheckFailed,
        "expected -",
    ),
    "h not carried (every step from h0)": (
        [
            (
                "rnn_step(x[:, t], h, *weights)",
                "rnn_step(x[:, t], x.new_zeros(batch, rnn.hidden_size) if h0 is None else h0,"
                " *weights)",
            )
        ],
        checks.forward_from_zeros,
        CheckFailed,
        "first difference at time step 1,",
    ),
    "outputs one step behind": (
        [(STEP, "outputs.append(h)\n        h = rnn_step(x[:, t], h, *weights)")],
        checks.forward_from_zeros,
        CheckFailed,
        "one time step behind",
    ),
    "h_n kept as [1, batch, hidden]": (
        [("torch.stack(outputs, dim=1), h", "torch.stack(outputs, dim=1), h.unsqueeze(0)")],
        checks.forward_shapes,
        CheckFailed,
        "expected [3, 4]",
    ),
}

# Other right answers: they must pass every check.
ALSO_RIGHT = {
    "column-vector form": [("x_t @ weight_ih.T", "(weight_ih @ x_t.T).T")],
    "F.linear": [
        (
            "torch.tanh(x_t @ weight_ih.T + bias_ih + h_prev @ weight_hh.T + bias_hh)",
            "torch.tanh(torch.nn.functional.linear(x_t, weight_ih, bias_ih)"
            " + torch.nn.functional.linear(h_prev, weight_hh, bias_hh))",
        )
    ],
}


def test_in_the_catalog() -> None:
    exercise = find("rnn-step")
    assert (exercise.number, exercise.lesson) == (2, "rnn-basics")
    assert "TODO" in exercise.template() and "TODO" not in exercise.solution()


def test_template_fails_every_check() -> None:
    failed = failures(load(PACKAGE, "template"), checks.CHECKS)
    assert set(failed) == {each.name for each in checks.CHECKS}
    assert all(isinstance(error, NotImplementedError) for error in failed.values())


def test_solution_passes_every_check() -> None:
    assert failures(load(PACKAGE, "solution"), checks.CHECKS) == {}


@pytest.mark.parametrize("edits", ALSO_RIGHT.values(), ids=ALSO_RIGHT)
def test_other_right_answers_pass(edits, tmp_path) -> None:
    assert failures(mutant(PACKAGE, edits, tmp_path), checks.CHECKS) == {}


@pytest.mark.parametrize(("edits", "check", "raises", "phrase"), MUTANTS.values(), ids=MUTANTS)
def test_mutant_fails_its_check(edits, check, raises, phrase, tmp_path) -> None:
    name, error = first_failure(mutant(PACKAGE, edits, tmp_path), checks.CHECKS)
    assert name == check.name
    assert isinstance(error, raises)
    assert phrase in str(error)


@pytest.mark.parametrize(("edits", "check", "raises", "phrase"), MUTANTS.values(), ids=MUTANTS)
def test_mutant_messages_say_where(edits, check, raises, phrase, tmp_path) -> None:
    failed = failures(mutant(PACKAGE, edits, tmp_path), checks.CHECKS).values()
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


@pytest.mark.parametrize("file", ["template", "solution"])
def test_runs_as_a_script(file, capsys) -> None:
    runpy.run_path(str(EXERCISES / PACKAGE / f"{file}.py"), run_name="__main__")
    printed = capsys.readouterr().out
    expected = "TODO: write rnn_forward" if file == "template" else "outputs: [2, 5, 4]"
    assert expected in printed
