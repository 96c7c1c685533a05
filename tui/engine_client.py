"""The UI's side of the engine process: start it, send tasks, route replies, restart it if it dies.

Runs on the app's asyncio loop (no threads): the child's stdout is read by one reader task.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STREAM_LIMIT = 64 * 1024 * 1024  # one reply line can carry a trace's weights
RESTART_DELAYS = (0.2, 1.0, 3.0)  # back off if the engine keeps dying at start
CANCEL_DEADLINE = 0.5  # seconds a task may take to honour a cancel before the engine restarts


class EngineError(Exception):
    """A task failed; `kind` is "config" (learner can fix it), "cancelled", "died" or "internal"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class EngineState:
    phase: str  # "starting", "ready", "restarting", "failed", "stopped"
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.phase == "ready"


class EngineClient:
    def __init__(
        self,
        on_state: Callable[[EngineState], None] = lambda state: None,
        command: list[str] | None = None,
    ) -> None:
        self._on_state = on_state
        self._command = command or [sys.executable, "-m", "engine.server"]
        self._process: asyncio.subprocess.Process | None = None
        self._pending: dict[int, tuple[asyncio.Future, Callable[[dict], None] | None]] = {}
        self._ids = itertools.count(1)
        self._stderr_tail: deque[str] = deque(maxlen=20)
        self._tasks: set[asyncio.Task] = set()
        self._ready = asyncio.Event()
        self._deaths = 0
        self._closing = False
        self.state = EngineState("stopped")
        self.torch_version = ""

    # ---- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        self._set_state(EngineState("starting", "loading torch"))
        self._ready.clear()
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        try:
            self._process = await asyncio.create_subprocess_exec(
                *self._command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                limit=STREAM_LIMIT,
                env=env,
            )
        except OSError as error:
            self._set_state(EngineState("failed", f"could not start the engine: {error}"))
            return
        process = self._process
        self._spawn(self._read_replies(process))
        self._spawn(self._read_stderr(process))

    async def stop(self) -> None:
        self._closing = True
        process = self._process
        self._fail_pending(EngineError("died", "the tutor is closing"))
        if process is not None and process.returncode is None:
            if process.stdin is not None:
                process.stdin.close()
            try:
                await asyncio.wait_for(process.wait(), timeout=1.0)
            except TimeoutError:
                process.kill()
                await process.wait()
        # Let the readers drain to end-of-file so the pipes close while the loop still runs.
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=1.0)
        for task in list(self._tasks):
            task.cancel()
        self._set_state(EngineState("stopped"))

    async def wait_ready(self) -> None:
        await self._ready.wait()

    @property
    def busy(self) -> bool:
        """Whether a task is running (and may be streaming progress)."""
        return bool(self._pending)

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    # ---- running tasks ------------------------------------------------------------------

    async def run(
        self,
        task: str,
        config: dict[str, Any],
        on_progress: Callable[[dict], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> dict[str, Any]:
        """Run `task` in the engine and return its result dict; raise EngineError on failure.

        `on_start` receives the request id, for pause(), resume() and cancel(). Cancelling the
        awaiting coroutine (say, the learner left the screen) cancels the task too.
        """
        if self.state.phase == "failed":
            raise EngineError("died", self.state.detail)
        request_id = next(self._ids)
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._pending[request_id] = (future, on_progress)
        try:
            await self._send({"id": request_id, "task": task, "config": config})
            if on_start is not None:
                on_start(request_id)
            return await future
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await self._send({"cancel": request_id})
            raise
        finally:
            self._pending.pop(request_id, None)

    async def pause(self, request_id: int) -> None:
        await self._control("pause", request_id)

    async def resume(self, request_id: int) -> None:
        await self._control("resume", request_id)

    async def cancel(self, request_id: int, deadline: float = CANCEL_DEADLINE) -> None:
        """Ask the task to stop; if it has not answered by `deadline` seconds, restart the
        engine so the learner is never left waiting."""
        pending = self._pending.get(request_id)
        await self._control("cancel", request_id)
        if pending is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(pending[0]), deadline)
        except (TimeoutError, EngineError):
            if not pending[0].done():
                self.kill()

    def kill(self) -> None:
        """Stop the engine process at once; the reader notices and starts a new one."""
        if self._process is not None and self._process.returncode is None:
            self._process.kill()

    async def _control(self, verb: str, request_id: int) -> None:
        with contextlib.suppress(EngineError):
            await self._send({verb: request_id})

    async def _send(self, message: dict[str, Any]) -> None:
        process = self._process
        if process is None or process.stdin is None or process.returncode is not None:
            raise EngineError("died", "the engine process is not running; it is being restarted")
        try:
            process.stdin.write((json.dumps(message) + "\n").encode())
            await process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError) as error:
            raise EngineError("died", "the engine stopped; it is being restarted") from error

    # ---- replies and deaths --------------------------------------------------------------

    async def _read_replies(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        while line := await process.stdout.readline():
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            self._route(message)
        code = await process.wait()
        if process is self._process and not self._closing:
            await self._handle_death(code)

    def _route(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "ready":
            self.torch_version = str(message.get("torch", ""))
            self._deaths = 0
            self._ready.set()
            self._set_state(EngineState("ready", f"torch {self.torch_version}"))
            return
        pending = self._pending.get(message.get("id"))
        if pending is None:
            return
        future, on_progress = pending
        if future.done():
            return
        if kind == "progress":
            if on_progress is not None:
                on_progress(message.get("data", {}))
        elif kind == "result":
            future.set_result(message.get("data", {}))
        elif kind == "error":
            future.set_exception(
                EngineError(message.get("kind", "internal"), message.get("message", ""))
            )

    async def _read_stderr(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        while line := await process.stderr.readline():
            self._stderr_tail.append(line.decode(errors="replace").rstrip())

    async def _handle_death(self, code: int) -> None:
        self._ready.clear()
        reason = f"the engine process stopped (exit code {code})"
        self._fail_pending(EngineError("died", f"{reason}; it is being restarted, run again"))
        if self._deaths >= len(RESTART_DELAYS):
            tail = " | ".join(line for line in self._stderr_tail if line)[-300:]
            self._set_state(EngineState("failed", f"{reason} and would not restart. {tail}"))
            return
        delay = RESTART_DELAYS[self._deaths]
        self._deaths += 1
        self._set_state(EngineState("restarting", f"{reason}; restarting"))
        await asyncio.sleep(delay)
        if not self._closing:
            await self.start()

    def _fail_pending(self, error: EngineError) -> None:
        for future, _ in list(self._pending.values()):
            if not future.done():
                future.set_exception(error)

    def _set_state(self, state: EngineState) -> None:
        self.state = state
        self._on_state(state)

    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
