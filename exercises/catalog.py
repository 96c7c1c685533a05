"""The exercises, found by their packages: adding one is adding a package, nothing else.

An exercise's package `__init__.py` declares NUMBER, LESSON, TITLE and HINT; beside it are
`template.py`, `solution.py` and `checks.py` (CHECKS, a sequence of exercises.checking.Check).
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from functools import cache
from importlib import import_module, resources
from types import ModuleType

import exercises


@dataclass(frozen=True)
class Exercise:
    name: str  # "gru-cell": the command line's NAME and the file's stem
    number: int  # the learner's copy is exercises/NN-name.py in the data dir
    lesson: str  # the id of the lesson whose tab shows it
    title: str
    hint: str  # one key away in the app; using it is recorded

    @property
    def package(self) -> str:
        return f"exercises.{self.name.replace('-', '_')}"

    @property
    def file_name(self) -> str:
        return f"{self.number:02d}-{self.name}.py"

    def template(self) -> str:
        return self._read("template.py")

    def solution(self) -> str:
        return self._read("solution.py")

    def checks_module(self) -> ModuleType:
        """The hidden checks; imports torch, so only the checking process calls it."""
        return import_module(f"{self.package}.checks")

    def _read(self, file: str) -> str:
        return (
            resources.files(self.package)
            .joinpath(file)
            .read_text(encoding="utf-8")
        )


@cache
def exercises_by_name() -> dict[str, Exercise]:
    found = []
    for info in pkgutil.iter_modules(exercises.__path__):
        if not info.ispkg:
            continue
        package = import_module(f"exercises.{info.name}")
        found.append(
            Exercise(
                name=info.name.replace("_", "-"),
                number=package.NUMBER,
                lesson=package.LESSON,
                title=package.TITLE,
                hint=package.HINT,
            )
        )
    found.sort(key=lambda exercise: exercise.number)
    return {exercise.name: exercise for exercise in found}


def find(name: str) -> Exercise:
    known = exercises_by_name()
    if name not in known:
        raise KeyError(
            f"no exercise {name!r}; there are: {', '.join(known)}"
        )
    return known[name]
