"""Real troubles for the learner's record, made for tests: a lock another program holds, a full
or read-only disk (a tiny tmpfs), and a user who is not root (permissions bind only them)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

NOBODY = 65534


class Lock:
    """Another program's hold on progress.db: `write` blocks writers, `all` blocks readers too."""

    def __init__(self, path: Path, kind: str = "write") -> None:
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if kind == "all":
            # In WAL mode an EXCLUSIVE locking mode keeps the file to this connection alone.
            self._db.execute("PRAGMA locking_mode = EXCLUSIVE")
            self._db.execute("BEGIN EXCLUSIVE")
            self._db.execute("CREATE TABLE IF NOT EXISTS app_state_lock_probe (x)")
            self._db.execute("DROP TABLE app_state_lock_probe")
        else:
            self._db.execute("BEGIN IMMEDIATE")
        self._released = threading.Event()

    def release(self) -> None:
        if not self._released.is_set():
            self._released.set()
            self._db.rollback()
            self._db.close()

    def release_after(self, seconds: float) -> None:
        threading.Timer(seconds, self.release).start()


@contextlib.contextmanager
def tiny_disk(size_kb: int = 512) -> Iterator[Path]:
    """A small tmpfs of our own, to fill up or make read-only; skips where mounting is denied."""
    folder = Path(tempfile.mkdtemp(prefix="rnn-tutor-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def fill(disk: Path) -> Path:
    """Take every free byte of the disk; delete the returned file to free it again."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(descriptor, b"\0" * 4096)
    finally:
        os.close(descriptor)
    return filler


def remount(disk: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(disk)], check=True)


def as_learner(command: list[str]) -> list[str]:
    """`command`, run as an unprivileged user when we are root: root ignores permissions, so a
    mode-000 file would test nothing."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


def learner_folder() -> Path:
    """A data folder the unprivileged user owns (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="rnn-tutor-learner-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    return folder
