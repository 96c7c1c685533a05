"""Load an exercise's template, its solution, or an edited copy of its solution as a module, and
run its checks on it, for the tests of the cell and shape exercises."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import exercises
from exercises.checking import Check

EXERCISES = Path(exercises.__file__).resolve().parent

# What points the learner at the slip: "time step 3", "unit 2", a shape such as [3, 5, 4] or
# [batch, seq_len, features], or a setting such as input_size=4.
LOCATION = re.compile(r"time step \d+|unit \d+|\[\w+(, \w+)*\]|\w+=\w+")


def load_path(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"learner_{path.parent.name}_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(package: str, file: str) -> ModuleType:
    """exercises/<package>/<file>.py, loaded from its path as the runner loads a learner's file."""
    return load_path(EXERCISES / package / f"{file}.py")


def mutant(package: str, edits: Sequence[tuple[str, str]], tmp_path: Path) -> ModuleType:
    """The solution with each (old, new) edit made once; every old text must be in it."""
    source = (EXERCISES / package / "solution.py").read_text(encoding="utf-8")
    for old, new in edits:
        assert source.count(old) == 1, f"{old!r} should occur once in {package}/solution.py"
        source = source.replace(old, new)
    path = tmp_path / package / "mutant.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return load_path(path)


def failures(module: ModuleType, checks: Sequence[Check]) -> dict[str, Exception]:
    """Each failing check's name and what it raised (CheckFailed, or the learner's code failing)."""
    failed = {}
    for each in checks:
        try:
            each.run(module)
        except Exception as error:  # the runner reports any exception as a failed check
            failed[each.name] = error
    return failed


def first_failure(module: ModuleType, checks: Sequence[Check]) -> tuple[str, Exception]:
    """The first failing check, the one the learner reads first."""
    failed = failures(module, checks)
    assert failed, "every check passed"
    name = next(each.name for each in checks if each.name in failed)
    return name, failed[name]


def useful(message: str) -> bool:
    """A failure message says where (a time step, a unit or a shape) and what was expected."""
    return bool(LOCATION.search(message)) and ("expected" in message or "should" in message)
