"""The learner's own copy of each exercise: `<data dir>/exercises/NN-name.py`.

Copied from the template the first time it is opened and never overwritten after that: it is
the learner's work. reset() puts the template back and keeps what was there beside it. Writes
go through lessons.files (a temporary file renamed into place), so a crash never leaves half a
file.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from exercises.catalog import Exercise, find
from lessons.files import write_new_file
from lessons.paths import ensure_private_dir
from lessons.store import DB_NAME, Store

FOLDER = "exercises"
NOT_STARTED, STARTED, PASSED = "not started", "started", "passed"
HINT_STATE = "exercise-hint:"  # the record's app_state key (+ name): the learner read the hint
RECORD_WAIT = 5.0  # seconds a status waits for another program's lock on the record


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What changes when an editor saves the file: its modification time and size (None: it
    is not there). The app and `exercise watch` both watch a learner's file by this."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def learner_path(data_dir: Path, exercise: Exercise | str) -> Path:
    return (
        Path(data_dir).expanduser()
        / FOLDER
        / _exercise(exercise).file_name
    )


def ensure_copy(data_dir: Path, exercise: Exercise | str) -> Path:
    """The learner's file, created from the template if there is none; an existing one is
    left exactly as it is."""
    exercise = _exercise(exercise)
    path = learner_path(data_dir, exercise)
    if not path.exists():
        ensure_private_dir(Path(data_dir).expanduser())
        ensure_private_dir(path.parent)
        # FileExistsError: made meanwhile (the app and the CLI at once), and theirs stands.
        with contextlib.suppress(FileExistsError):
            write_new_file(path, exercise.template())
    return path


def reset(data_dir: Path, exercise: Exercise | str) -> Path | None:
    """Put the template back. The learner's version is kept first, as `NN-name.py.bak-<time>`,
    and that path is returned; None if there was nothing to keep (no file, or the template)."""
    exercise = _exercise(exercise)
    path = ensure_copy(data_dir, exercise)
    template = exercise.template()
    if path.read_bytes() == template.encode("utf-8"):
        return None
    backup = _keep(path)
    write_new_file(path, template, overwrite=True)
    return backup


def status(
    data_dir: Path,
    exercise: Exercise | str,
    passed: Collection[str] | None = None,
) -> str:
    """ "not started", "started" or "passed" (a check in the record passed): what the exercise
    list shows. `passed`: the exercises the record shows passed, if the caller has it open."""
    exercise = _exercise(exercise)
    if exercise.name in (
        passed_in_record(data_dir) if passed is None else passed
    ):
        return PASSED
    return (
        STARTED
        if learner_path(data_dir, exercise).exists()
        else NOT_STARTED
    )


def record_check(
    data_dir: Path,
    exercise: Exercise | str,
    passed: bool,
    first_failure: str,
    code: str,
    data: dict[str, Any] | None = None,
) -> None:
    """Record one check of the learner's copy (with what its checks measured, `data`), from a
    process without the app's record writer (the command line). Raises RecordUnavailable or
    sqlite3.Error when the record cannot take it."""
    exercise = _exercise(exercise)
    store = Store.open(
        Path(data_dir).expanduser(), wait=RECORD_WAIT
    )
    try:
        hint_used = (
            store.get_state(HINT_STATE + exercise.name) is not None
        )
        store.record_exercise_check(
            exercise.name,
            exercise.lesson,
            passed,
            first_failure,
            hint_used,
            code,
            data,
        )
    finally:
        store.close()


def passed_in_record(data_dir: Path) -> set[str]:
    """The exercises with a passing check in the learner's record (none if there is no record
    yet; this never creates one)."""
    directory = Path(data_dir).expanduser()
    if not (directory / DB_NAME).exists():
        return set()
    store = Store.open(directory, wait=RECORD_WAIT)
    try:
        return set(store.passed_exercises())
    finally:
        store.close()


def _keep(path: Path) -> Path:
    """A second name for the learner's file as it is: the template then replaces the first
    name (a rename), so the backup holds exactly the old bytes, kept in one atomic step."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        # A second reset in the same second gets a number.
        suffix = "" if attempt == 1 else f"-{attempt}"
        backup = path.with_name(f"{path.name}.bak-{stamp}{suffix}")
        try:
            os.link(path, backup)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            write_new_file(
                backup,
                path.read_text(encoding="utf-8", errors="replace"),
            )
        return backup
    raise FileExistsError(
        f"too many backups of {path.name} made at {stamp}"
    )


def _exercise(exercise: Exercise | str) -> Exercise:
    return find(exercise) if isinstance(exercise, str) else exercise
