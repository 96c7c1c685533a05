"""A closed SSH session (SIGHUP) or `kill` (SIGTERM) while a note is being typed: the text typed
a moment before is saved first, as ctrl+q would, and the app exits."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import signal
import sqlite3
import struct
import termios
import time
from pathlib import Path

import pytest

from tests.pty_session import EXECUTABLE, pump, read_until


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_saves_the_note_being_typed(tmp_path: Path, number: int) -> None:
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(EXECUTABLE, [EXECUTABLE, "--data-dir", str(tmp_path)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        read_until(fd, b"Pick a lesson", 60)
        pump(fd, 0.5)
        os.write(fd, b"\r")  # 6.4.1
        read_until(fd, b"Shape check", 60)
        pump(fd, 0.5)
        os.write(fd, b"e")  # its notes
        read_until(fd, b"empty", 60)
        pump(fd, 0.3)
        os.write(fd, b"\r")  # Enter: into the first note
        pump(fd, 0.3)
        os.write(fd, b"typed just before the end")
        pump(fd, 0.1)  # well inside the half second before a note saves by itself
        os.kill(pid, number)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            pump(fd, 0.1)
        else:
            raise AssertionError("the app did not exit")
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    assert not os.WIFSIGNALED(status), "killed by the signal before saving"
    with sqlite3.connect(tmp_path / "progress.db") as db:
        row = db.execute("SELECT text FROM notes WHERE field = 'input'").fetchone()
    assert row == ("typed just before the end",)
