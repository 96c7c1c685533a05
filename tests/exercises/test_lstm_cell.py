"""Exercise 4 (lstm-cell): the template fails, the solution passes, and each realistic slip fails
the check that names it, with a message that names the time step and unit and the slip."""

from __future__ import annotations

import runpy

import pytest

from exercises.catalog import find
from exercises.checking import CheckFailed
from exercises.lstm_cell import checks
from tests.exercises.load_cells import EXERCISES, failures, first_failure, load, mutant, useful

PACKAGE = "lstm_cell"
SQUASH = "i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)"

# (edits to solution.py, the first check that must fail, a phrase its message must hold)
MUTANTS = {
    "i and f swapped": (
        [("i, f, g, o = gates.chunk(4, dim=1)", "f, i, g, o = gates.chunk(4, dim=1)")],
        checks.cell_values,
        "i and f are swapped",
    ),
    "g through sigmoid": (
        [(SQUASH, SQUASH.replace("torch.tanh(g)", "torch.sigmoid(g)"))],
        checks.cell_values,
        "g went through sigmoid",
    ),
    "h = o * c' without tanh": (
        [("h = o * torch.tanh(c)", "h = o * c")],
        checks.cell_values,
        "without the tanh",
    ),
    "c returned where h is due": (
        [("    return h, c\n", "    return c, h\n")],
        checks.cell_values,
        "the pair is (c', h')",
    ),
    "the old c forgotten": (
        [("c = f * c_prev + i * g", "c = i * g")],
        checks.cell_values,
        "c' at time step 0",
    ),
    "h and c stacked into one tensor": (
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
            "    gates = x_t @ weight_ih.T",
            "    return torch.lstm_cell(x_t, (h_prev, c_prev), weight_ih, weight_hh, bias_ih,"
            " bias_hh)\n    gates = x_t @ weight_ih.T",
        )
    ],
    "a list of (h, c)": [("    return h, c\n", "    return [h, c]\n")],
}


def test_in_the_catalog() -> None:
    exercise = find("lstm-cell")
    assert (exercise.number, exercise.lesson) == (4, "lstm-gru")
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


@pytest.mark.parametrize(("edits", "check", "phrase"), MUTANTS.values(), ids=MUTANTS)
def test_mutant_fails_its_check(edits, check, phrase, tmp_path) -> None:
    name, error = first_failure(mutant(PACKAGE, edits, tmp_path), checks.CHECKS)
    assert name == check.name
    assert isinstance(error, CheckFailed)
    assert phrase in str(error)


@pytest.mark.parametrize(("edits", "check", "phrase"), MUTANTS.values(), ids=MUTANTS)
def test_mutant_messages_say_where(edits, check, phrase, tmp_path) -> None:
    failed = failures(mutant(PACKAGE, edits, tmp_path), checks.CHECKS)
    verdicts = [str(error) for error in failed.values() if isinstance(error, CheckFailed)]
    assert verdicts
    for message in verdicts:
        assert useful(message), message
    if check is checks.cell_values:
        for message in verdicts:
            assert "time step" in message and "unit" in message, message
        assert "at time step 0, batch item" in verdicts[-1]


@pytest.mark.parametrize("file", ["template", "solution"])
def test_runs_as_a_script(file, capsys) -> None:
    runpy.run_path(str(EXERCISES / PACKAGE / f"{file}.py"), run_name="__main__")
    printed = capsys.readouterr().out
    expected = "TODO: write lstm_cell" if file == "template" else "c_n: largest difference"
    assert expected in printed
