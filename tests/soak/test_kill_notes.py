"""Kill -9 the app while the learner types a note, twenty times at random moments: every key
typed more than a second before the kill is in the database, nothing else is, and the
database passes its integrity check."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import random
import signal
import sqlite3
import struct
import termios
import time
from pathlib import Path

import pytest

from tests.pty_session import EXECUTABLE, pump, read_until

TRIALS = 20
LOSS_WINDOW = 1.0  # seconds: the most a killed terminal may lose


def one_trial(data_dir: Path, rng: random.Random) -> None:
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(EXECUTABLE, [EXECUTABLE, "--data-dir", str(data_dir)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        read_until(fd, b"Pick a lesson", 30)
        pump(fd, 1.0)  # the list is drawn; let it settle before the first key
        os.write(fd, b"\r")  # "Start with 6.4.1"
        read_until(fd, b"Shape check", 30)
        pump(fd, 0.5)
        os.write(fd, b"e")  # the notes tab
        read_until(fd, b"empty", 30)  # the notes' save-state labels
        pump(fd, 0.5)
        os.write(fd, b"\r")  # Enter: into the first note
        pump(fd, 0.3)
        typed: list[tuple[float, str]] = []
        stop_at = time.monotonic() + rng.uniform(0.3, 3.0)
        while time.monotonic() < stop_at:
            char = rng.choice("abcdefghij [/]h[t-1] ")
            os.write(fd, char.encode())
            typed.append((time.monotonic(), char))
            pump(fd, rng.uniform(0.005, 0.08))
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    everything = "".join(char for _, char in typed)
    safe = "".join(char for when, char in typed if when < killed - LOSS_WINDOW)
    with sqlite3.connect(data_dir / "progress.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = db.execute("SELECT text FROM notes WHERE field = 'input'").fetchone()
    saved = row[0] if row else ""
    assert everything.startswith(saved), (saved, everything)
    assert saved.startswith(safe), f"lost more than {LOSS_WINDOW}s of typing: {saved!r} {safe!r}"


@pytest.mark.soak
def test_kill_while_typing_notes(tmp_path: Path) -> None:
    rng = random.Random(7)
    for trial in range(TRIALS):
        one_trial(tmp_path / f"trial-{trial}", rng)
