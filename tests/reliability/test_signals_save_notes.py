"""A closed SSH session (SIGHUP) or `kill` (SIGTERM) while a note is being typed: the text typed
a moment before is saved first, as ctrl+q would, and the app exits."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

EXECUTABLE = str(Path(sys.executable).with_name("rnn-tutor"))


def _read_until(fd: int, marker: bytes, timeout: float) -> None:
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{marker!r} never appeared")
        if select.select([fd], [], [], 0.1)[0]:
            seen = seen[-8192:] + os.read(fd, 65536)


def _pump(fd: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if select.select([fd], [], [], left)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                return


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_saves_the_note_being_typed(tmp_path: Path, number: int) -> None:
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(EXECUTABLE, [EXECUTABLE, "--data-dir", str(tmp_path)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        _read_until(fd, b"Pick a lesson", 60)
        _pump(fd, 0.5)
        os.write(fd, b"\r")  # 6.4.1
        _read_until(fd, b"Shape check", 60)
        _pump(fd, 0.5)
        os.write(fd, b"e")  # its notes; the first note takes the keyboard
        _read_until(fd, b"empty", 60)
        _pump(fd, 0.3)
        os.write(fd, b"typed just before the end")
        _pump(fd, 0.1)  # well inside the half second before a note saves by itself
        os.kill(pid, number)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            _pump(fd, 0.1)
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
