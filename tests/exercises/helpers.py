"""What every exercise's tests do: load the template, the solution, or a mutant of the solution
(an edited copy) from a file path as the runner loads a learner's file, run the exercise's CHECKS
on it, and say which failed and why."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import exercises
from exercises.checking import Check, CheckFailed

EXERCISES = Path(exercises.__file__).resolve().parent
_names = itertools.count()

# What points the learner at the slip: "time step 3", "unit 2", a shape such as [3, 5, 4] or
# [batch, seq_len, features], or a setting such as input_size=4.
LOCATION = re.compile(r"time step \d+|unit \d+|\[\w+(, \w+)*\]|\w+=\w+")


def load(path: Path) -> ModuleType:
    """The file as a fresh module of its own name, as the runner imports a learner's file."""
    spec = importlib.util.spec_from_file_location(f"learner_{path.stem}_{next(_names)}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # A file that defines a dataclass needs its module in sys.modules while it runs (dataclasses
    # looks the module up to resolve string annotations), as a normal import gives it.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_file(package: str, file: str) -> ModuleType:
    """exercises/<package>/<file>.py: "template" or "solution"."""
    return load(EXERCISES / package / f"{file}.py")


def mutant(
    package: str, tmp_path: Path, *edits: tuple[str, str], file: str = "solution.py"
) -> ModuleType:
    """A copy of the exercise's `file` with each (old, new) replaced, loaded as a module; every
    `old` must occur exactly once, so a mutant never silently equals the original."""
    text = (EXERCISES / package / file).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} should occur once in {package}/{file}"
        text = text.replace(old, new)
    path = tmp_path / f"{package}_mutant_{next(_names)}.py"
    path.write_text(text, encoding="utf-8")
    return load(path)


def failures(module: ModuleType, checks: Sequence[Check]) -> dict[str, Exception]:
    """Each failing check's name and what it raised (CheckFailed, or the learner's code failing)."""
    failed = {}
    for each in checks:
        try:
            each.run(module)
        except Exception as error:  # the runner reports any exception as a failed check
            failed[each.name] = error
    return failed


def reasons(module: ModuleType, checks: Sequence[Check]) -> dict[str, str]:
    """failures, each as the runner words it: "CheckFailed: val_x has shape ..."."""
    return {
        name: f"{type(error).__name__}: {error}" for name, error in failures(module, checks).items()
    }


def first_failure(module: ModuleType, checks: Sequence[Check]) -> tuple[str, Exception]:
    """The first failing check, the one the learner reads first."""
    failed = failures(module, checks)
    assert failed, "every check passed"
    name = next(each.name for each in checks if each.name in failed)
    return name, failed[name]


def useful(message: str) -> bool:
    """A failure message says where (a time step, a unit or a shape) and what was expected."""
    return bool(LOCATION.search(message)) and ("expected" in message or "should" in message)


@dataclass(frozen=True)
class Slip:
    """A realistic mistake, as edits to solution.py, and the verdict it must get."""

    edits: Sequence[tuple[str, str]]
    check: Check  # the first check that must fail
    says: str  # a phrase its message must hold
    raises: type[Exception] = CheckFailed  # or torch's own error, which the runner shows


def assert_caught(module: ModuleType, checks: Sequence[Check], slip: Slip) -> Exception:
    """The slip's check is the first to fail, raising what it should and saying the phrase."""
    name, error = first_failure(module, checks)
    assert name == slip.check.name, f"{name!r} failed first: {error}"
    assert isinstance(error, slip.raises), repr(error)
    assert slip.says in str(error), str(error)
    return error


def check_name(checks: Sequence[Check], start: str) -> str:
    """The name of the one check whose name starts with `start`: tests name checks by their
    opening words, so a check renamed at its end keeps its tests."""
    (name,) = [each.name for each in checks if each.name.startswith(start)]
    return name
