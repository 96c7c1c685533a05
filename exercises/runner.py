"""Check a learner's file against an exercise's hidden checks, in a warm process of its own.

    with Checker() as checker:
        report = checker.check("gru-cell", path)      # a CheckReport, whatever the code does

The learner's code never runs in the caller's process: a Checker keeps one `python -m
exercises.worker` process with torch imported, which forks a limited child per check (see
exercises.worker). So the caller (the CLI, the app's UI process) never imports torch, and a
check costs a fork rather than a torch import. start() begins that import in the background
(call it early, while the learner reads); the first check() waits for it.

A file that loops, exits, segfaults or exhausts its memory is a failed check with the reason;
if the worker itself dies (the learner's code may kill its parent), the check in flight fails
with the reason and the next check starts a fresh worker. Only a worker that cannot start at
all raises CheckerUnavailable.

Thread-safe: a Checker runs one check at a time; calls from several threads wait their turn.
close() may be called from any thread; it ends a check in flight (that check reports why).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import exercises
from exercises.catalog import find
from exercises.report import FILE_RUNS, CheckReport, CheckResult

DEFAULT_TIMEOUT = 10.0  # seconds of wall clock for importing the learner's file and every check
# Bytes of data the checking child may hold (RLIMIT_DATA).
DEFAULT_MEMORY = 2 * 2**30
START_TIMEOUT = 120.0  # seconds the worker may take to import torch on a busy machine
GRACE = 5.0  # seconds past a check's own limit before the worker itself is presumed stuck
# Characters of the worker's stderr quoted when it dies.
STDERR_TAIL = 2000


class CheckerUnavailable(RuntimeError):
    """The checking process could not start (torch missing, a broken install): not the
    learner's doing, and no check can run until it is fixed."""


class _WorkerDied(Exception):
    pass


class Checker:
    def __init__(
        self,
        memory: int = DEFAULT_MEMORY,
        command: list[str] | None = None,
    ) -> None:
        self.memory = memory
        self._command = command or [
            sys.executable,
            "-m",
            "exercises.worker",
        ]
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._buffer = bytearray()
        self._ready = False
        self._ids = itertools.count(1)

    def __enter__(self) -> Checker:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker now, if it is not running; returns at once (torch loads meanwhile)."""
        with self._lock:
            self._spawn_if_needed()

    def close(self) -> None:
        """Stop the worker (and with it any check in flight). A later check() starts another."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()  # nothing in it to save; its child dies with it (PDEATHSIG)
        with self._lock:
            self._reap()

    @property
    def pid(self) -> int | None:
        process = self._process
        return (
            None
            if process is None or process.poll() is not None
            else process.pid
        )

    def check(
        self,
        exercise: str,
        path: Path,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> CheckReport:
        """Run `exercise`'s checks on the learner's file at `path`.

        Raises KeyError for an unknown exercise, ValueError for a timeout that is not a positive
        number, CheckerUnavailable if the worker cannot start; anything the learner's code does
        is in the report.
        """
        find(exercise)
        if not timeout > 0:
            raise ValueError(
                f"timeout must be a positive number of seconds, not {timeout!r}"
            )
        path = Path(path).expanduser().absolute()
        with self._lock:
            started = time.monotonic()
            request_id = next(self._ids)
            request = {
                "id": request_id,
                "exercise": exercise,
                "path": str(path),
                "timeout": timeout,
                "memory": self.memory,
            }
            try:
                answer = self._ask(request, timeout + GRACE)
            except _WorkerDied as died:
                self._kill()
                return CheckReport(
                    exercise,
                    (CheckResult(FILE_RUNS, False, str(died)),),
                    time.monotonic() - started,
                    error=str(died),
                )
        seconds = time.monotonic() - started
        if "refused" in answer:
            return CheckReport(
                exercise, (), seconds, error=str(answer["refused"])
            )
        found = CheckReport.from_dict(answer["report"])
        return CheckReport(
            found.name,
            found.checks,
            seconds,
            found.output,
            found.error,
        )

    # ---- the worker -----------------------------------------------------------------------

    def _spawn_if_needed(self) -> None:
        if (
            self._process is not None
            and self._process.poll() is None
        ):
            return
        self._reap()
        # The worker imports the same exercises package as this process, installed or not.
        source_root = str(
            Path(exercises.__file__).resolve().parent.parent
        )
        path = os.environ.get("PYTHONPATH", "")
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(
                filter(None, [source_root, path])
            ),
        )
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _reap)
        try:
            self._process = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=env,
                # Its own session: ctrl+c in the terminal reaches the CLI, which decides.
                start_new_session=True,
            )
        except OSError as error:
            raise CheckerUnavailable(
                f"cannot start the checking process: {error}"
            ) from error
        self._buffer.clear()
        self._ready = False

    def _ask(
        self, request: dict[str, Any], limit: float
    ) -> dict[str, Any]:
        self._spawn_if_needed()
        process = self._process
        assert process is not None and process.stdin is not None
        if not self._ready:
            try:
                self._read_until(
                    lambda message: message.get("type") == "ready",
                    START_TIMEOUT,
                    "it was starting",
                )
            except _WorkerDied as died:
                self._kill()
                raise CheckerUnavailable(str(died)) from None
            self._ready = True
        try:
            process.stdin.write(
                (json.dumps(request) + "\n").encode()
            )
            process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise _WorkerDied(
                self._death_reason("it was starting")
            ) from error
        # One request is in flight at a time, so an answer without an id is this one's.
        return self._read_until(
            lambda message: (
                message.get("id") in (request["id"], None)
                and ("report" in message or "refused" in message)
            ),
            limit,
            "it was running your file",
        )

    def _read_until(
        self, wanted: Any, limit: float, what: str
    ) -> dict[str, Any]:
        process = self._process
        assert process is not None and process.stdout is not None
        fd = process.stdout.fileno()
        deadline = time.monotonic() + limit
        while True:
            while b"\n" in self._buffer:
                line, _, rest = bytes(self._buffer).partition(b"\n")
                self._buffer[:] = rest
                with contextlib.suppress(ValueError):
                    message = json.loads(line)
                    if isinstance(message, dict) and wanted(
                        message
                    ):
                        return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _WorkerDied(
                    f"the checking process gave no answer in {limit:g} s"
                )
            if select.select([fd], [], [], remaining)[0]:
                data = os.read(fd, 65536)
                if not data:
                    with contextlib.suppress(
                        subprocess.TimeoutExpired
                    ):
                        # So the reason can give its exit status.
                        process.wait(1.0)
                    raise _WorkerDied(self._death_reason(what))
                self._buffer += data

    def _death_reason(self, what: str) -> str:
        process = self._process
        code = None if process is None else process.poll()
        how = ""
        if code is not None and code < 0:
            with contextlib.suppress(ValueError):
                how = f" (killed by {signal.Signals(-code).name})"
        elif code is not None:
            how = f" (exit status {code})"
        tail = ""
        if self._stderr is not None:
            with contextlib.suppress(OSError):
                self._stderr.seek(0)
                tail = (
                    self._stderr.read()
                    .decode(errors="replace")[-STDERR_TAIL:]
                    .strip()
                )
        said = f": {tail.splitlines()[-1]}" if tail else ""
        return f"the checking process ended{how} while {what}{said}"

    def _kill(self) -> None:
        if (
            self._process is not None
            and self._process.poll() is None
        ):
            self._process.kill()
        self._reap()

    def _reap(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        self._ready = False
        self._buffer.clear()
