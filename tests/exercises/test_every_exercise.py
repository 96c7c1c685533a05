"""What holds for every exercise: it is in the catalog under its lesson, the solution passes
every check, a template the learner has not touched fails, and both files run as scripts.

One test each, parametrised over the exercises; what is particular to one exercise (its slips,
its other right answers) is in its own test file.
"""

from __future__ import annotations

import ast
import runpy

import pytest

from exercises.catalog import exercises_by_name, find
from tests.exercises.helpers import EXERCISES, failures, load_file

# name: (NUMBER, LESSON)
CATALOG = {
    "sample": (0, "rnn-basics"),  # the warm-up, and the authoring example
    "shape-fix": (1, "rnn-basics"),
    "rnn-step": (2, "rnn-basics"),
    "gru-cell": (3, "lstm-gru"),
    "lstm-cell": (4, "lstm-gru"),
    "windows": (5, "sequence-practice"),
    "train-loop": (6, "sequence-practice"),
    "leak-fix": (7, "sequence-practice"),
    "pad-pack": (8, "text-sequences"),
}

# Templates whose every check fails on a NotImplementedError("TODO: write ..."); shape-fix's
# and leak-fix's templates run and are wrong, and their own tests say how.
UNWRITTEN = ("rnn_step", "gru_cell", "lstm_cell", "windows", "train_loop", "pad_pack")

# What `python <file>` prints, a phrase of it.
PRINTS = {
    ("shape_fix", "template"): "torch raised:",
    ("shape_fix", "solution"): "outputs: [3, 7, 4]",
    ("rnn_step", "template"): "TODO: write rnn_forward",
    ("rnn_step", "solution"): "outputs: [2, 5, 4]",
    ("gru_cell", "template"): "TODO: write gru_cell",
    ("gru_cell", "solution"): "time step 4: largest difference",
    ("lstm_cell", "template"): "TODO: write lstm_cell",
    ("lstm_cell", "solution"): "c_n: largest difference",
    ("windows", "template"): "not written yet: TODO",
    ("train_loop", "template"): "not written yet: TODO: write train",
    ("leak_fix", "template"): "validation MAE 0.330, MASE 0.484",
    ("pad_pack", "template"): "not written yet: TODO: write last_states",
    ("pad_pack", "solution"): "sequence 1 (length 5): largest difference from its run alone 0",
}


def package(name: str) -> str:
    return name.replace("-", "_")


def top_level_names(source: str) -> set[str]:
    tree = ast.parse(source)
    kinds = (ast.FunctionDef, ast.ClassDef)
    return {node.name for node in tree.body if isinstance(node, kinds)}


def test_the_catalog_has_exactly_these_exercises() -> None:
    assert list(exercises_by_name()) == list(CATALOG)


@pytest.mark.parametrize("name", CATALOG)
def test_in_the_catalog_under_its_lesson(name: str) -> None:
    exercise = find(name)
    assert (exercise.number, exercise.lesson) == CATALOG[name]
    assert exercise.file_name == f"{exercise.number:02d}-{name}.py"
    assert "TODO" in exercise.template() and "TODO" not in exercise.solution()
    # the solution keeps the template's names, so the checks find the learner's functions
    assert top_level_names(exercise.template()) == top_level_names(exercise.solution())


@pytest.mark.parametrize("name", CATALOG)
def test_the_solution_passes_every_check(name: str) -> None:
    checks = find(name).checks_module()
    assert failures(load_file(package(name), "solution"), checks.CHECKS) == {}


@pytest.mark.parametrize("unwritten", UNWRITTEN)
def test_the_template_fails_every_check_saying_what_to_write(unwritten: str) -> None:
    checks = find(unwritten.replace("_", "-")).checks_module()
    failed = failures(load_file(unwritten, "template"), checks.CHECKS)
    assert set(failed) == {each.name for each in checks.CHECKS}
    for error in failed.values():
        assert isinstance(error, NotImplementedError) and str(error).startswith("TODO: write")


@pytest.mark.parametrize(("where", "phrase"), PRINTS.items(), ids=[f"{p}/{f}" for p, f in PRINTS])
def test_runs_as_a_script(where: tuple[str, str], phrase: str, capsys) -> None:
    runpy.run_path(str(EXERCISES / where[0] / f"{where[1]}.py"), run_name="__main__")
    assert phrase in capsys.readouterr().out
