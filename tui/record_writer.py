"""Every write to the learner's record, on one thread with its own SQLite connection.

Why a thread: a write waits for SQLite's lock (another window, a backup tool) and can fail for a
while (a full disk, a read-only file, an I/O error). On the event loop a 4 s lock froze typing
for 3 s, and a failed write crashed the app with the note being typed. Here a write that fails
stays queued, in order, and is tried again until it succeeds; a note's unsaved text stays in
memory (and on screen); and the app hears of every change of state, to say "not saved yet:
<reason>, retrying" and, later, that saving resumed. Nothing is ever dropped to make progress.

Why a thread of its own rather than a Textual thread worker: the writer lives as long as the
record, not a screen, and has to go on after the app's workers are cancelled at exit, writing
the last notes (the quit dialog, SIGTERM and SIGHUP wait for it). Textual's workers fit work
that ends with the app.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lessons.store import NoteSaved, RecordUnavailable, Revision, RevisionMark, Store, reason

T = TypeVar("T")

SAVE_DELAY = 0.5  # seconds after the first unsaved key: a killed terminal loses at most this
ATTEMPT_BUSY_MS = 1000  # each try waits this long for another program's lock
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)  # seconds between tries while a problem lasts (then the last)
# What a write can meet that may clear by itself: a lock, a full disk, a read-only file, I/O.
PASSING = (sqlite3.Error, OSError, RecordUnavailable)


@dataclass(frozen=True)
class WriterState:
    problem: str = ""  # why the last try failed; "" while writes succeed
    unsaved_notes: tuple[str, ...] = ()  # fields whose latest text is not in the record yet
    queued: int = 0  # other writes waiting (runs, answers, settings)
    saved: dict[str, float] = field(default_factory=dict)  # field -> when it was last saved
    conflicts: tuple[Revision, ...] = ()  # other windows' revisions met since the last report


class RecordWriter:
    def __init__(self, directory: Path, on_change: Callable[[WriterState], None]) -> None:
        self.directory = directory
        self._on_change = on_change
        self._wake = threading.Condition()
        self._jobs: deque[tuple[Callable[[Store], Any], Future]] = deque()
        self._notes: dict[str, str] = {}  # field -> text not yet written
        self._due: float | None = None  # when the unsaved notes are to be written
        self._bases: dict[str, RevisionMark | None] = {}  # field -> revision this window built on
        self._saved: dict[str, float] = {}
        self._conflicts: list[Revision] = []
        self._problem = ""
        self._busy = False  # a try is under way
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="record-writer", daemon=True)
        self._thread.start()

    # ---- asked from the event loop ----------------------------------------------------------

    def loaded(self, key: str, revision: RevisionMark | None) -> None:
        """The window shows this revision of a note: later saves build on it."""
        with self._wake:
            if key not in self._notes:
                self._bases[key] = revision

    def unsaved(self, key: str) -> str | None:
        with self._wake:
            return self._notes.get(key)

    def set_note(self, key: str, text: str) -> None:
        """The note now reads `text`; it is written within SAVE_DELAY."""
        with self._wake:
            self._notes[key] = text
            if self._due is None:
                # Not pushed back by later keys: while the learner keeps typing, the note still
                # saves every SAVE_DELAY, so a killed terminal never loses more than that.
                self._due = time.monotonic() + SAVE_DELAY
            self._wake.notify()

    def save_notes_now(self) -> None:
        with self._wake:
            if self._notes:
                self._due = time.monotonic()
                self._wake.notify()

    def submit(self, job: Callable[[Store], T]) -> Future[T]:
        """Queue a write; it is tried until it succeeds, after every write queued before it."""
        future: Future[T] = Future()
        with self._wake:
            self._jobs.append((job, future))
            self._wake.notify()
        return future

    def call(self, job: Callable[[Store], T], wait: float) -> T | None:
        """Queue a write and wait up to `wait` seconds for its value (None: still queued)."""
        future = self.submit(job)
        try:
            return future.result(timeout=wait)
        except TimeoutError:
            return None

    def flush(self, timeout: float) -> bool:
        """Write everything queued now; True if nothing is left unsaved within `timeout`."""
        deadline = time.monotonic() + timeout
        self.save_notes_now()
        with self._wake:
            while self._notes or self._jobs or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(min(left, 0.05))
        return True

    def unsaved_notes(self) -> dict[str, str]:
        with self._wake:
            return dict(self._notes)

    @property
    def state(self) -> WriterState:
        with self._wake:
            return self._state()

    def close(self, timeout: float = 2.0) -> bool:
        """Write what can be written within `timeout`, then stop the thread."""
        saved = self.flush(timeout)
        with self._wake:
            self._closing = True
            self._wake.notify()
        self._thread.join(timeout)
        return saved

    # ---- the writer thread -----------------------------------------------------------------

    def _state(self) -> WriterState:
        conflicts = tuple(self._conflicts)
        self._conflicts.clear()
        return WriterState(
            self._problem, tuple(self._notes), len(self._jobs), dict(self._saved), conflicts
        )

    def _run(self) -> None:
        store: Store | None = None
        failures = 0
        while True:
            with self._wake:
                while not self._closing and not self._ready():
                    self._wake.wait(self._wait_time())
                if self._closing:
                    break
                self._busy = True
            try:
                if store is None:
                    store = Store.open(self.directory, wait=0, busy_timeout_ms=ATTEMPT_BUSY_MS)
                self._write_one(store)
            except PASSING as error:
                # Reported and retried; it must never end the thread, or the learner's text
                # would silently stop being saved.
                failures += 1
                self._report(problem=reason(error, self.directory))
                if store is not None:
                    # A connection that met an I/O error may be left unusable: start afresh.
                    store.close()
                    store = None
                delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS)) - 1]
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()
                    self._wake.wait_for(lambda: self._closing, timeout=delay)
                continue
            self._report(problem="" if failures else None)
            failures = 0
            with self._wake:
                self._busy = False
                self._wake.notify_all()
        if store is not None:
            store.close()

    def _ready(self) -> bool:
        due = self._due is not None and time.monotonic() >= self._due
        return bool(self._jobs) or (bool(self._notes) and due)

    def _wait_time(self) -> float | None:
        if self._notes and self._due is not None:
            return max(0.0, self._due - time.monotonic())
        return None

    def _write_one(self, store: Store) -> None:
        """One job, or every due note: raises, leaving it queued, if the write fails."""
        with self._wake:
            job = self._jobs[0] if self._jobs else None
            notes = dict(self._notes) if job is None else {}
        if job is not None:
            try:
                value = job[0](store)
            except PASSING:
                raise
            except Exception as error:  # a bug, not a passing problem: trying again won't help
                with self._wake:
                    self._jobs.popleft()
                job[1].set_exception(error)
                return
            with self._wake:
                self._jobs.popleft()
            job[1].set_result(value)
            return
        for key, text in notes.items():
            with self._wake:
                base = self._bases.get(key)
            saved: NoteSaved = store.save_note(key, text, base)
            with self._wake:
                self._bases[key] = saved.revision
                self._saved[key] = time.time()
                if saved.other is not None:
                    self._conflicts.append(saved.other)
                if self._notes.get(key) == text:  # not typed over meanwhile
                    del self._notes[key]
                if not self._notes:
                    self._due = None

    def _report(self, problem: str | None = None) -> None:
        with self._wake:
            if problem is not None:
                self._problem = problem
            state = self._state()
        self._on_change(state)
