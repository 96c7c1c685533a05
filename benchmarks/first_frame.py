"""First frame: time from starting `rnn-tutor` in a real pseudo-terminal until the lesson list is
drawn, divided by the time of `python -c "import torch"`, measured alternately in the same run.

Target: <= 0.5. The ratio, not the seconds, is the result: the machine is shared and noisy.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKER = b"Pick a lesson"
ROUNDS = 5
TARGET = 0.5


def time_first_frame(executable: str) -> float:
    data_dir = tempfile.mkdtemp(prefix="rnn-tutor-bench-")
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    pid, fd = pty.fork()
    if pid == 0:  # the child: become rnn-tutor inside the pseudo-terminal
        os.execvpe(executable, [executable, "--data-dir", data_dir], env)
    start = time.perf_counter()
    seen = b""
    try:
        while MARKER not in seen:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise TimeoutError("the lesson list never appeared")
            seen = seen[-4096:] + os.read(fd, 65536)
        return time.perf_counter() - start
    finally:
        os.write(fd, b"\x11")  # ctrl+q
        stop(pid)
        os.close(fd)
        shutil.rmtree(data_dir, ignore_errors=True)


def stop(pid: int, grace: float = 5.0) -> None:
    """Wait for the child to quit; kill it if it has not after `grace` seconds."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)


def time_import_torch() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True)
    return time.perf_counter() - start


def main() -> float:
    executable = str(Path(sys.executable).with_name("rnn-tutor"))
    time_first_frame(executable)  # warm the file cache once for both sides
    time_import_torch()
    frames, imports = [], []
    for _ in range(ROUNDS):
        frames.append(time_first_frame(executable))
        imports.append(time_import_torch())
    ratio = statistics.median(frames) / statistics.median(imports)
    verdict = "meets" if ratio <= TARGET else "misses"
    print(
        f"first frame / import torch: {ratio:.2f} (target <= {TARGET}, {verdict}; "
        f"medians of {ROUNDS}: {statistics.median(frames) * 1000:.0f} ms vs "
        f"{statistics.median(imports) * 1000:.0f} ms)"
    )
    return ratio


if __name__ == "__main__":
    main()
