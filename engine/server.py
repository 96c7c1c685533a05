"""The engine process: a long-lived child that owns torch, like a notebook kernel.

Protocol: JSON lines. Requests arrive on stdin:
    {"id": 7, "task": "shape-check", "config": {...}}    run a task
    {"cancel": 7}                                        ask task 7 to stop at its next step
    {"pause": 7} / {"resume": 7}                         hold task 7 between steps, or go on
Replies leave on the original stdout (library prints are redirected to stderr):
    {"type": "ready", "torch": "2.13.0", "pid": 123}     once, after torch has loaded
    {"id": 7, "type": "progress", "data": {...}}         throttled to about 20 a second
    {"id": 7, "type": "result", "data": {...}}
    {"id": 7, "type": "error", "kind": "config" | "cancelled" | "internal", "message": "..."}
Tasks run one at a time on a worker thread, so cancel messages are read while a task runs.
When stdin closes, every task is cancelled, every thread joined, and the process exits 0.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import sys
import threading
import time
import traceback
from typing import IO, Any

from engine.control import Cancelled, Control, Progress
from engine.tasks import get_task
from engine.validation import ConfigError

NICENESS = 5  # the engine's scheduling priority below the UI's (0 = the same)
PROGRESS_INTERVAL = 0.05  # seconds between progress events: ~20 redraws a second is plenty
# Seconds the threads get to stop once stdin has closed. A cancelled task stops at its next step,
# milliseconds away. The UI kills the engine one second after closing its input, and unloading
# torch at exit takes about 0.4 s more, so the threads get half a second.
EXIT_DEADLINE = 0.5


class Channel:
    """Writes whole JSON lines to the protocol stream from any thread."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._gone = False

    def send(self, message: dict[str, Any]) -> None:
        line = json.dumps(message, separators=(",", ":"), allow_nan=True)
        with self._lock:
            if self._gone:
                return
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except OSError:
                # The UI closed its end: nobody is left to read, and a task must not fail
                # (or the worker die) over a reply no one will see.
                self._gone = True

    def close(self) -> None:
        with self._lock:
            self._gone = True
            # If the reader has gone, what it missed cannot be delivered.
            with contextlib.suppress(OSError):
                self._stream.close()  # flushes first


class Server:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
        # One Control per request, made when it arrives, so a cancel can overtake a queued task.
        self.controls: dict[Any, Control] = {}
        self._lock = threading.Lock()
        self._stopping = False

    def handle_line(self, line: str) -> None:
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            self.refuse("bad request line")
            return
        if not isinstance(message, dict):
            self.refuse(f"bad request line: expected a JSON object, not {type(message).__name__}")
            return
        for verb in ("cancel", "pause", "resume"):
            if verb in message:
                if not is_request_id(message[verb]):
                    self.refuse(f"bad request line: {verb} needs a request id")
                    return
                getattr(self.control(message[verb]), verb)()
                return
        if not is_request_id(message.get("id")):
            self.refuse("bad request line: id must be a number, a string or null")
            return
        self.control(message.get("id"))
        self.requests.put(message)

    def refuse(self, message: str) -> None:
        self.channel.send({"type": "error", "kind": "internal", "message": message})

    def control(self, request_id: Any) -> Control:
        with self._lock:
            control = self.controls.setdefault(request_id, Control())
            if self._stopping:
                control.cancel()  # a request whose Control was made after stop() (a reused id)
            return control

    def stop(self) -> None:
        """Cancel every task, running and queued; the worker answers each one and then ends."""
        with self._lock:
            self._stopping = True
            for control in self.controls.values():
                control.cancel()
        self.requests.put(None)

    def work(self) -> None:
        while (request := self.requests.get()) is not None:
            self.run_one(request)

    def run_one(self, request: dict[str, Any]) -> None:
        request_id = request.get("id")
        last_progress = 0.0

        def emit(event: Progress) -> None:
            nonlocal last_progress
            now = time.monotonic()
            # An event that reports a model's end (the race's "final") is never dropped: the
            # UI's bars show the state it carries until the result arrives.
            if getattr(event, "final", False) or now - last_progress >= PROGRESS_INTERVAL:
                last_progress = now
                self.channel.send({"id": request_id, "type": "progress", "data": event.to_dict()})

        control = self.control(request_id)
        try:
            control.checkpoint()
            task = get_task(str(request.get("task")))
            result = task.run(request.get("config") or {}, emit=emit, control=control)
            if control.cancelled:
                raise Cancelled
            self.channel.send({"id": request_id, "type": "result", "data": result})
        except Cancelled:
            self.channel.send(
                {"id": request_id, "type": "error", "kind": "cancelled", "message": "cancelled"}
            )
        except ConfigError as error:
            self.channel.send(
                {"id": request_id, "type": "error", "kind": "config", "message": str(error)}
            )
        except Exception as error:  # a bug or a torch error: report it, keep serving
            traceback.print_exc(file=sys.stderr)
            message = f"{type(error).__name__}: {error}"
            self.channel.send(
                {"id": request_id, "type": "error", "kind": "internal", "message": message}
            )
        finally:
            with self._lock:
                self.controls.pop(request_id, None)


def is_request_id(value: Any) -> bool:
    """Ids key the table of Controls, so they must be hashable scalars."""
    return value is None or isinstance(value, (str, int, float))


def warm_optimizer() -> None:
    """The first torch.optim optimizer imports torch._dynamo (about 1.5 s here): do that while
    the learner reads, not when they start their first training run."""
    import torch

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def main() -> None:

    # Keep the protocol stream clean: anything a library prints goes to stderr instead.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    channel = Channel(protocol)

    # Training yields to the UI: on two cores, a race's three training threads would otherwise
    # take turns with the UI's one thread, and the screen would stutter while they ran.
    if hasattr(os, "nice"):
        os.nice(NICENESS)

    import torch

    # Tutor-sized models run faster on one intra-op thread; the race runs its models on threads.
    torch.set_num_threads(1)
    server = Server(channel)
    worker = threading.Thread(target=server.work, name="engine-worker", daemon=True)
    worker.start()
    channel.send({"type": "ready", "torch": torch.__version__, "pid": os.getpid()})
    warm = threading.Thread(target=warm_optimizer, name="warm-optimizer", daemon=True)
    warm.start()
    # Bytes that are not UTF-8 become a bad request line, not an exception that ends the loop.
    sys.stdin.reconfigure(errors="replace")
    try:
        for line in sys.stdin:
            if line.strip():
                server.handle_line(line)
    except KeyboardInterrupt:
        pass  # ctrl+c on an engine started by hand: stop the same way as at end of input
    shut_down(server, channel, warm)


def shut_down(server: Server, channel: Channel, warm: threading.Thread) -> None:
    """stdin closed: the UI has gone. Stop every task and exit 0, never with a thread in torch.

    A daemon thread still inside torch while the interpreter finalizes aborts the process
    ("terminate called without an active exception"), so every thread is joined first; one that
    will not stop in time is left behind by os._exit, which skips finalization altogether.
    """
    server.stop()
    deadline = time.monotonic() + EXIT_DEADLINE
    # The worker, and any race contestant it started, stop within one step. The warm-up is one
    # import that cannot be interrupted and whose result nobody needs now: it is not waited for.
    # A thread started outside Python (a _DummyThread) cannot be joined, only outlived.
    for thread in other_threads():
        if thread is not warm and not isinstance(thread, threading._DummyThread):
            thread.join(max(0.0, deadline - time.monotonic()))
    channel.close()
    if any(thread.is_alive() for thread in other_threads()):
        sys.stderr.flush()
        os._exit(0)


def other_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread is not threading.current_thread()]


if __name__ == "__main__":
    main()
