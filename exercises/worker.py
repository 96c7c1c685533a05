"""The checking process: torch imported once, then one forked child per check of a learner's file.

`python -m exercises.worker` reads one JSON request a line on stdin
(`{"id", "exercise", "path", "timeout", "memory"}`) and answers each with one line on stdout
(`{"id", "report": CheckReport.to_dict()}`, or `{"id", "refused": reason}`); it starts with
`{"type": "ready"}`. exercises.runner.Checker is its client. Per request it forks a child that
becomes its own process group, limits its memory (RLIMIT_DATA) and CPU time, sends its stdout
and stderr to a pipe, imports the learner's file under a fresh module name, runs every check
and writes one JSON line per result to a second pipe. This process reads both pipes against a
wall-clock deadline, kills the child's process group when time is up, and is at once ready for
the next request: whatever the learner's code does (loops, exits, segfaults, eats memory) happens
in the child, which costs a fork (a few milliseconds) instead of importing torch (about a second).
Linux only (fork, prctl, RLIMIT_DATA counting anonymous mappings: kernel 4.7 and later).

A guard against mistakes, not a sandbox: the learner's code runs as the learner, with their
files and network, as it would if they ran it themselves.

Forking after importing torch is safe here because this process is single-threaded when it
forks: OMP/MKL/OpenBLAS are held to one thread before torch loads (numpy's OpenBLAS otherwise
starts a thread at import), torch.set_num_threads(1), and the warm-up runs autograd on the CPU,
which uses the calling thread. main() refuses to start if another thread exists. Measured on
torch 2.13 CPU: 300 forked children in a row, each running an nn.GRU forward and backward, none
hung (median 11 ms, worst 20 ms from fork to reaped child); tests/exercises/test_runner.py runs
many checks through one worker.

Memory: RLIMIT_DATA, not RLIMIT_AS. Both stop a large torch allocation at once (RuntimeError
"DefaultCPUAllocator: can't allocate memory") and a Python one (MemoryError), measured with
2 GB limits; but RLIMIT_AS also counts the ~420 MB of address space torch's shared libraries
map and every thread's reserved stack, so it would penalise code for what it maps rather than
what it uses. The limit covers the whole child, including what it shares with this process at
fork (about 230 MB of data once torch is warm).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import linecache
import math
import os
import re
import resource
import select
import signal
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exercises.checking import Check, CheckFailed
from exercises.report import FILE_RUNS, CheckReport, CheckResult

# Bytes of the learner's printing kept; the rest is counted, not kept.
OUTPUT_LIMIT = 64 * 1024
# Characters of one exception message shown to the learner.
MESSAGE_LIMIT = 600
# Seconds between looks at the child while its pipes are quiet.
POLL = 0.2
# Linux/prctl.h: signal this process when its parent dies.
PR_SET_PDEATHSIG = 1
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
)
OUT_OF_MEMORY = ("can't allocate memory", "DefaultCPUAllocator")


# ---- the child: runs the learner's code ------------------------------------------------------


def run_child(
    exercise: str,
    checks: Sequence[Check],
    path: Path,
    results: int,
    output: int,
    limits: Limits,
    parent: int,
) -> None:
    """In the forked child: limit, capture, import the learner's file, run the checks, exit."""
    send = _sender(results)
    try:
        try:
            os.setsid()  # its own process group, so a timeout kills whatever it started too
            _die_with_parent(parent)
            limits.apply()
            _capture_stdio(output)
        except (
            Exception
        ) as error:  # not the learner's doing: say what broke
            send(
                {
                    "import": False,
                    "message": f"the checker could not start: {error!r}",
                }
            )
            return
        module, failure = load_learner(exercise, path, limits)
        if module is None:
            send({"import": False, "message": failure})
            return
        send({"import": True})
        for check in checks:
            send(
                {
                    "check": run_one(
                        check, module, path, limits
                    ).to_dict()
                }
            )
    finally:
        # Never unwind into the server's loop, never run its atexit handlers.
        os._exit(0)


def load_learner(
    exercise: str, path: Path, limits: Limits
) -> tuple[types.ModuleType | None, str]:
    """The learner's file as a fresh module, or the reason it would not import.

    The source is read and compiled here, not through the import system, so no stale bytecode
    from __pycache__ is ever run and the line shown in a traceback is the line that ran.
    """
    try:
        source = path.read_bytes()
    except OSError as error:
        return (
            None,
            f"cannot read {path}: {error.strerror or error}",
        )
    filename = str(path)
    text = source.decode("utf-8", errors="replace")
    linecache.cache[filename] = (
        len(source),
        None,
        text.splitlines(keepends=True),
        filename,
    )
    name = "learner_" + exercise.replace("-", "_")
    module = types.ModuleType(name)
    module.__file__ = filename
    # Dataclasses and pickling look a class's module up by name.
    sys.modules[name] = module
    try:
        exec(
            compile(source, filename, "exec", dont_inherit=True),
            module.__dict__,
        )
    except BaseException as error:
        return None, describe(error, filename, limits)
    return module, ""


def run_one(
    check: Check,
    module: types.ModuleType,
    path: Path,
    limits: Limits,
) -> CheckResult:
    try:
        measured = check.run(module)
    except CheckFailed as verdict:
        return CheckResult(
            check.name, False, _shorten(str(verdict))
        )
    except (
        BaseException
    ) as error:  # the learner's code failed inside the check
        return CheckResult(
            check.name, False, describe(error, str(path), limits)
        )
    return CheckResult(
        check.name,
        True,
        data=measured if isinstance(measured, dict) else {},
    )


def describe(
    error: BaseException, filename: str, limits: Limits
) -> str:
    """An exception in the learner's words: what it was and the line of their file it came from."""
    if isinstance(error, SystemExit):
        code = "" if error.code is None else repr(error.code)
        what = f"your code called sys.exit({code}), which the checks do not allow"
    elif isinstance(error, KeyboardInterrupt):
        what = "your code raised KeyboardInterrupt"
    elif isinstance(error, MemoryError) or any(
        mark in str(error) for mark in OUT_OF_MEMORY
    ):
        asked = re.search(
            r"you tried to allocate (\d+) bytes", str(error)
        )
        size = (
            f" (it asked for {int(asked[1]) / 2**30:.3g} GB at once)"
            if asked
            else ""
        )
        what = f"out of memory: the checks allow your code {limits.memory_text}{size}"
    else:
        # A SyntaxError's str() repeats its file and line, which are given below anyway.
        message = (
            error.msg
            if isinstance(error, SyntaxError)
            else str(error)
        )
        what = (
            f"{type(error).__name__}: {message}"
            if message
            else type(error).__name__
        )
    line = _learner_line(error, filename)
    if isinstance(
        error, NotImplementedError
    ):  # the template's own placeholder, not a bug
        where = f" (line {line[0]} of your file)" if line else ""
        return (
            _shorten(
                f"not written yet: {error or 'NotImplementedError'}"
            )
            + where
        )
    return _shorten(what) + (
        f" (line {line[0]} of your file: {line[1]})" if line else ""
    )


def _learner_line(
    error: BaseException, filename: str
) -> tuple[int, str] | None:
    """The innermost frame of the traceback in the learner's file (a SyntaxError's own line)."""
    if (
        isinstance(error, SyntaxError)
        and error.filename == filename
        and error.lineno
    ):
        return error.lineno, (error.text or "").strip()
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == filename and frame.lineno is not None:
            found = frame.lineno, (frame.line or "").strip()
    return found


def _shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _die_with_parent(parent: int) -> None:
    """If this server dies (killed by its Checker), the child must not run on unattended."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(
            PR_SET_PDEATHSIG, signal.SIGKILL
        )
    if (
        os.getppid() != parent
    ):  # the parent died before the line above took effect
        os._exit(1)


def _capture_stdio(output: int) -> None:
    """stdout and stderr go to the output pipe, written through so a crash loses nothing
    printed before it; stdin reads nothing (the server's stdin carries requests)."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    for fd in (devnull, output):
        os.close(fd)
    # The streams live as long as the child: no context manager.
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = _text_stream(1)
    sys.stderr = _text_stream(2)
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(write_through=True, line_buffering=True)


def _text_stream(fd: int):
    # Lives as long as the child: no context manager.
    return open(
        fd,
        "w",
        encoding="utf-8",
        errors="backslashreplace",
        closefd=False,
    )


def _sender(fd: int) -> Callable[[dict[str, Any]], None]:
    def send(message: dict[str, Any]) -> None:
        data = (json.dumps(message) + "\n").encode()
        while data:
            data = data[os.write(fd, data) :]

    return send


# ---- the server: forks a child per request and watches it ------------------------------------


@dataclass(frozen=True)
class Limits:
    timeout: float  # seconds of wall clock, kept by the server
    memory: int  # bytes, RLIMIT_DATA of the child

    @property
    def memory_text(self) -> str:
        return f"{self.memory / 2**30:g} GB"

    def apply(self) -> None:
        resource.setrlimit(
            resource.RLIMIT_DATA, (self.memory, self.memory)
        )
        # A backstop for the wall clock the server keeps: CPU time past the deadline.
        cpu = math.ceil(self.timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


@dataclass
class Watched:
    """What the server saw of one child: its result lines, its output, how it ended."""

    lines: bytearray = field(default_factory=bytearray)
    output: bytearray = field(default_factory=bytearray)
    dropped: int = 0  # bytes of output past OUTPUT_LIMIT
    timed_out: bool = False
    status: int | None = None  # as os.waitpid gives it

    def take_output(self, data: bytes) -> None:
        room = OUTPUT_LIMIT - len(self.output)
        self.output += data[:room]
        self.dropped += max(0, len(data) - room)

    def events(self) -> list[dict[str, Any]]:
        found = []
        for line in bytes(self.lines).splitlines():
            with contextlib.suppress(
                ValueError
            ):  # a line cut short by a kill
                found.append(json.loads(line))
        return found

    def printed(self) -> str:
        text = self.output.decode(
            "utf-8", errors="backslashreplace"
        )
        if self.dropped:
            text += f"\n… ({self.dropped} more bytes of output not kept)"
        return text


def check_file(
    exercise: str,
    checks: Sequence[Check],
    path: Path,
    limits: Limits,
) -> CheckReport:
    started = time.monotonic()
    watched = watch_child(exercise, checks, path, limits)
    return assemble(
        exercise,
        checks,
        watched,
        limits,
        time.monotonic() - started,
    )


def watch_child(
    exercise: str,
    checks: Sequence[Check],
    path: Path,
    limits: Limits,
) -> Watched:
    results_r, results_w = os.pipe()
    output_r, output_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(results_r)
        os.close(output_r)
        run_child(
            exercise,
            checks,
            path,
            results_w,
            output_w,
            limits,
            parent,
        )
    os.close(results_w)
    os.close(output_w)
    watched = Watched()
    deadline = time.monotonic() + limits.timeout
    sinks = {
        results_r: watched.lines.extend,
        output_r: watched.take_output,
    }
    try:
        while sinks:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                watched.timed_out = True
                break
            ready, _, _ = select.select(
                list(sinks), [], [], min(remaining, POLL)
            )
            for fd in ready:
                data = os.read(fd, 65536)
                if data:
                    sinks[fd](data)
                else:
                    del sinks[fd]
            if not ready and _reaped(pid, watched):
                break  # it ended, but something it started still holds a pipe open
    finally:
        _kill_group(pid)
        if watched.status is None:
            watched.status = os.waitpid(pid, 0)[1]
        for fd in (results_r, output_r):
            _drain(fd, sinks.get(fd))
            os.close(fd)
    return watched


def _reaped(pid: int, watched: Watched) -> bool:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        watched.status = status
    return bool(done)


def _kill_group(pid: int) -> None:
    """Kill the child and everything in its process group (it may not have called setsid yet)."""
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(
            ProcessLookupError, PermissionError
        ):
            kill(pid, signal.SIGKILL)


def _drain(fd: int, sink: Any) -> None:
    """What was written before the kill; the writers are dead, so this ends at once."""
    if sink is None:
        return
    while select.select([fd], [], [], 0)[0]:
        data = os.read(fd, 65536)
        if not data:
            return
        sink(data)


def assemble(
    exercise: str,
    checks: Sequence[Check],
    watched: Watched,
    limits: Limits,
    seconds: float,
) -> CheckReport:
    events = watched.events()
    imported = next(
        (event for event in events if "import" in event), None
    )
    done = [
        CheckResult.from_dict(event["check"])
        for event in events
        if "check" in event
    ]
    finished = imported is not None and (
        not imported["import"] or len(done) == len(checks)
    )
    stop = "" if finished else stop_reason(watched, limits)
    if imported is None:
        results = [CheckResult(FILE_RUNS, False, stop)]
    elif not imported["import"]:
        results = [
            CheckResult(FILE_RUNS, False, imported["message"])
        ]
    else:
        results = done
        for index, check in enumerate(checks[len(done) :]):
            message = (
                stop
                if index == 0
                else "not run: an earlier check stopped the run"
            )
            results.append(CheckResult(check.name, False, message))
    return CheckReport(
        exercise, tuple(results), seconds, watched.printed(), stop
    )


def stop_reason(watched: Watched, limits: Limits) -> str:
    """Why the child ended before it sent every result, in the learner's terms."""
    if watched.timed_out:
        return (
            f"stopped after {limits.timeout:g} s: your code was still running "
            "(an endless loop, or far more work than the task needs?)"
        )
    status = watched.status or 0
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        why = {
            "SIGSEGV": "a segmentation fault: your code, or a library it called, read or wrote "
            "memory it does not own",
            "SIGXCPU": f"it used more than {math.ceil(limits.timeout) + 1} s of CPU time",
            "SIGKILL": "it was killed, perhaps by the system running out of memory",
            "SIGABRT": "it aborted",
        }.get(name, "it was ended by a signal")
        return (
            f"your code crashed the Python process ({name}: {why})"
        )
    code = os.WEXITSTATUS(status)
    return (
        f"your code ended the Python process with exit status {code} (os._exit?) "
        "before the checks finished"
    )


class Server:
    def __init__(self) -> None:
        self.checks: dict[
            str, Sequence[Check] | str
        ] = {}  # an exercise's CHECKS, or why not

    def checks_of(self, exercise: str) -> Sequence[Check] | str:
        if exercise not in self.checks:
            from exercises.catalog import find

            try:
                self.checks[exercise] = tuple(
                    find(exercise).checks_module().CHECKS
                )
            except Exception as error:  # an authoring fault: say so, keep serving the others
                self.checks[exercise] = (
                    f"the checks of {exercise!r} cannot be loaded: {error!r}"
                )
        return self.checks[exercise]

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        exercise = str(request.get("exercise", ""))
        checks = self.checks_of(exercise)
        if isinstance(checks, str):
            return {"id": request.get("id"), "refused": checks}
        limits = Limits(
            float(request["timeout"]), int(request["memory"])
        )
        report = check_file(
            exercise, checks, Path(request["path"]), limits
        )
        return {"id": request.get("id"), "report": report.to_dict()}


def warm_up() -> None:
    """Run what the checks run once, so each child finds torch's lazy set-up done."""
    import torch

    for module in (
        torch.nn.RNN(3, 4),
        torch.nn.GRU(3, 4),
        torch.nn.LSTM(3, 4),
    ):
        output, _ = module(torch.randn(2, 5, 3))
        output.sum().backward()
    torch.optim.Adam(torch.nn.Linear(3, 1).parameters()).step()


def main() -> None:
    for variable in THREAD_VARIABLES:
        os.environ[variable] = "1"
    import torch

    torch.set_num_threads(1)
    warm_up()
    from exercises.catalog import exercises_by_name

    server = Server()
    for name in exercises_by_name():
        server.checks_of(name)
    if _threads() != 1:
        raise SystemExit(
            "exercises.worker: a thread was started; forking would not be safe"
        )
    reply({"type": "ready", "torch": torch.__version__})
    for line in sys.stdin:
        request: Any = None
        try:
            request = json.loads(line)
            answer = server.answer(request)
        except Exception as error:  # a bad request or a fault of ours: answer it, keep serving
            found = (
                request.get("id")
                if isinstance(request, dict)
                else None
            )
            answer = {
                "id": found,
                "refused": f"the checker failed: {error!r}",
            }
        reply(answer)


def _threads() -> int:
    """Threads of this process, native ones included (Linux); elsewhere Python's own."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
