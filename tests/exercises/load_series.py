"""Loading an exercise's files (and edited copies of its solution) as modules, and running its
checks: shared by the tests of the 6.4.4 exercises (windows, train_loop, leak_fix)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from exercises.checking import Check

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
_names = itertools.count()


def load(path: Path) -> ModuleType:
    """The file as a fresh module, as the runner imports a learner's file."""
    spec = importlib.util.spec_from_file_location(f"learner_{next(_names)}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # A file that defines a dataclass needs its module in sys.modules while it runs (dataclasses
    # looks the module up to resolve string annotations), as a normal import gives it.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def source(package: str, file: str) -> str:
    return (EXERCISES / package / file).read_text(encoding="utf-8")


def edited(package: str, tmp_path: Path, *edits: tuple[str, str], file: str = "solution.py"):
    """A copy of the exercise's `file` with each (old, new) replaced once, loaded as a module;
    every `old` must be in the text, so a mutant never silently equals the original."""
    text = source(package, file)
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} should occur once in {package}/{file}"
        text = text.replace(old, new)
    path = tmp_path / f"mutant_{next(_names)}.py"
    path.write_text(text, encoding="utf-8")
    return load(path)


def failures(checks: Sequence[Check], module: ModuleType) -> dict[str, str]:
    """Each failing check's name and why: its CheckFailed message, or the learner code's error."""
    failed = {}
    for item in checks:
        try:
            item.run(module)
        except Exception as error:  # a crash in the learner's code fails the check too
            failed[item.name] = f"{type(error).__name__}: {error}"
    return failed
