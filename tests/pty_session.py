"""Driving the real app in a pseudo-terminal: wait for text on its screen, drain its output."""

from __future__ import annotations

import os
import select
import sys
import time
from pathlib import Path

EXECUTABLE = str(Path(sys.executable).with_name("rnn-tutor"))


def read_until(fd: int, marker: bytes, timeout: float) -> None:
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{marker!r} never appeared")
        if select.select([fd], [], [], 0.1)[0]:
            seen = seen[-8192:] + os.read(fd, 65536)


def pump(fd: int, seconds: float) -> None:
    """Read (and drop) the app's output for `seconds`: a full pty would block the app."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if select.select([fd], [], [], left)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                return
