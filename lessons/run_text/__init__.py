"""The words for each task's runs: the lines `rnn-tutor run TASK` prints, a one-line summary of
a recorded run (the run picker, the notes, the portfolio), and a status line for a terminal
while it runs.

A task names the module of its words in its registry entry (engine.tasks); they live here, one
module per task, because they are the curriculum's prose and the engine must not import it.
A module defines any of

    lines(result) -> list[str]        the result as the task's result class
    summary(config, result) -> str    the recorded dicts, read leniently: a record may be older
                                      than the result class
    progress_line(event) -> str       the event as the task's progress class

and the generic words here stand in for any it leaves out.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any

from engine.control import Progress
from engine.tasks import TASKS, Task


def lines(task: Task, result: dict[str, Any]) -> list[str]:
    shown = getattr(_words(task), "lines", None)
    if shown is None:
        return [f"{key}: {value}" for key, value in _scalars(result)]
    return shown(task.result.from_dict(result))


def summary(task_name: str, config: dict[str, Any], result: dict[str, Any]) -> str:
    """One line for a recorded run; a task the registry no longer knows gets the generic one."""
    task = TASKS.get(task_name)
    summarize = getattr(_words(task), "summary", None) if task else None
    if summarize is None:
        brief = ", ".join(f"{key}={value}" for key, value in _scalars(result))
        return f"{task_name}: {brief[:120]}"
    return summarize(config, result)


def progress_line(task: Task) -> Callable[[Progress], str] | None:
    """The task's status line for a terminal, if it has one."""
    return getattr(_words(task), "progress_line", None)


def _words(task: Task) -> ModuleType | None:
    return import_module(task.text) if task.text else None


def _scalars(result: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(key, value) for key, value in result.items() if not isinstance(value, dict | list)]
