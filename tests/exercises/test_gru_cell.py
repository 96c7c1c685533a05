"""Exercise 3 (gru-cell): the template fails, the solution passes, and each realistic slip fails
the check that names it, with a message that names the time step and unit and the slip."""

from __future__ import annotations

import runpy

import pytest

from exercises.catalog import find
from exercises.checking import CheckFailed
from exercises.gru_cell import checks
from tests.exercises.load_cells import EXERCISES, failures, first_failure, load, mutant, useful

PACKAGE = "gru_cell"
CANDIDATE = "n = torch.tanh(x_n + r * h_n)"
W_HN = "weight_hh[2 * h_prev.shape[1] :]"
B_HN = "bias_hh[2 * h_prev.shape[1] :]"

# (edits to solution.py, the first check that must fail, what it raises, a phrase it must say)
MUTANTS = {
    "r and z swapped": (
        [("x_r, x_z, x_n =", "x_z, x_r, x_n ="), ("h_r, h_z, h_n =", "h_z, h_r, h_n =")],
        checks.cell_values,
        CheckFailed,
        "r and z are swapped",
    ),
    "textbook form: r applied to h before W_hn": (
        [(CANDIDATE, f"n = torch.tanh(x_n + (r * h_prev) @ {W_HN}.T + {B_HN})")],
        checks.cell_values,
        CheckFailed,
        "r is applied to h before W_hn",
    ),
    "1 - z and z swapped": (
        [("(1 - z) * n + z * h_prev", "z * n + (1 - z) * h_prev")],
        checks.cell_values,
        CheckFailed,
        "z and 1 - z are swapped",
    ),
    "b_hn outside the r product": (
        [(CANDIDATE, f"n = torch.tanh(x_n + r * (h_n - {B_HN}) + {B_HN})")],
        checks.cell_values,
        CheckFailed,
        "b_hn is outside the r product",
    ),
    "sigmoid for the candidate": (
        [(CANDIDATE, "n = torch.sigmoid(x_n + r * h_n)")],
        checks.cell_values,
        CheckFailed,
        "first difference at batch item 0, unit",
    ),
    # chunk's default axis is 0, the batch: the gates come out [1, 3H] and h' cannot be formed.
    "chunk along the batch axis": (
        [
            (".chunk(3, dim=1)\n    h_r", ".chunk(3)\n    h_r"),
            ("(3, dim=1)\n    r =", "(3)\n    r ="),
        ],
        checks.cell_shape,
        RuntimeError,
        "must match the size of tensor",
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


def test_in_the_catalog() -> None:
    exercise = find("gru-cell")
    assert (exercise.number, exercise.lesson) == (3, "lstm-gru")
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
def test_mutant_messages_name_time_step_and_unit(edits, check, raises, phrase, tmp_path) -> None:
    failed = failures(mutant(PACKAGE, edits, tmp_path), checks.CHECKS)
    verdicts = [str(error) for error in failed.values() if isinstance(error, CheckFailed)]
    for message in verdicts:
        assert useful(message), message
        assert "time step" in message and "unit" in message, message
    if raises is CheckFailed:
        assert "first difference at time step 0, batch item" in failed[checks.sequence_values.name].args[0]


@pytest.mark.parametrize("file", ["template", "solution"])
def test_runs_as_a_script(file, capsys) -> None:
    runpy.run_path(str(EXERCISES / PACKAGE / f"{file}.py"), run_name="__main__")
    printed = capsys.readouterr().out
    expected = "TODO: write gru_cell" if file == "template" else "time step 4: largest difference"
    assert expected in printed
