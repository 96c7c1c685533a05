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
from pathlib import Path

from exercises.catalog import Exercise, find
from lessons.files import write_new_file
from lessons.paths import ensure_private_dir

FOLDER = "exercises"
NOT_STARTED, STARTED, PASSED = "not started", "started", "passed"


def learner_path(data_dir: Path, exercise: Exercise | str) -> Path:
    return Path(data_dir).expanduser() / FOLDER / _exercise(exercise).file_name


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


def status(data_dir: Path, exercise: Exercise | str) -> str:
    """ "not started", "started" or "passed": what the exercise list shows."""
    return STARTED if learner_path(data_dir, exercise).exists() else NOT_STARTED


def _keep(path: Path) -> Path:
    """A second name for the learner's file as it is: the template then replaces the first
    name (a rename), so the backup holds exactly the old bytes, kept in one atomic step."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"  # two resets in one second
        backup = path.with_name(f"{path.name}.bak-{stamp}{suffix}")
        try:
            os.link(path, backup)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            write_new_file(backup, path.read_text(encoding="utf-8", errors="replace"))
        return backup
    raise FileExistsError(f"too many backups of {path.name} made at {stamp}")


def _exercise(exercise: Exercise | str) -> Exercise:
    return find(exercise) if isinstance(exercise, str) else exercise
