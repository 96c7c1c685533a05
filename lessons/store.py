"""The learner's record: one SQLite file, progress.db, in the data directory.

WAL mode, every write in one short transaction, a busy timeout so two app instances can share it,
a schema version with forward migrations, and file mode 0600. A file that is damaged or not an
rnn-tutor database is moved aside with a timestamp and reported; it is never deleted. Any other
problem (a lock, a full disk, a read-only file) leaves the file where it is and says what is
wrong (RecordUnavailable at open, sqlite3.Error from a write).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lessons.paths import ensure_private_dir

DB_NAME = "progress.db"
BUSY_TIMEOUT_MS = 5000
# A note's revisions are kept, but saves closer together than this amend the latest revision,
# so typing a paragraph yields one revision rather than one per pause.
REVISION_WINDOW_S = 120.0

MIGRATIONS: list[str] = [
    # version 1
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        lesson TEXT NOT NULL,
        task TEXT NOT NULL,
        config TEXT NOT NULL,
        result TEXT NOT NULL,
        seed INTEGER,
        versions TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY,
        lesson TEXT NOT NULL,
        item TEXT NOT NULL,
        answer TEXT NOT NULL,
        correct INTEGER,
        rating TEXT,
        hint_used INTEGER NOT NULL DEFAULT 0,
        cited_runs TEXT NOT NULL DEFAULT '[]',
        created REAL NOT NULL
    );
    CREATE TABLE notes (
        field TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE note_revisions (
        id INTEGER PRIMARY KEY,
        field TEXT NOT NULL,
        text TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE lesson_progress (
        lesson TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE app_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE INDEX runs_by_lesson ON runs (lesson, task);
    CREATE INDEX attempts_by_item ON quiz_attempts (lesson, item);
    CREATE INDEX revisions_by_field ON note_revisions (field, id);
    """,
    # version 2: evidence notes cite runs; exports are remembered (the pass check asks for one)
    """
    CREATE TABLE note_citations (
        field TEXT NOT NULL,
        run_id INTEGER NOT NULL,
        created REAL NOT NULL,
        PRIMARY KEY (field, run_id)
    );
    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        created REAL NOT NULL
    );
    """,
    # version 3: every check of a learner's exercise, with the code it judged. IF NOT EXISTS:
    # an upgrade cut short (a full disk) may have made the table without recording version 3.
    """
    CREATE TABLE IF NOT EXISTS exercise_checks (
        id INTEGER PRIMARY KEY,
        exercise TEXT NOT NULL,
        lesson TEXT NOT NULL,
        passed INTEGER NOT NULL,
        first_failure TEXT NOT NULL DEFAULT '',
        hint_used INTEGER NOT NULL DEFAULT 0,
        code TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS exercise_checks_by_exercise ON exercise_checks (exercise, id);
    """,
    # version 4: a wrong shape prediction outside the quiz (the shape lab, its drill, a generated
    # quiz question) is kept with its configuration, so the review can ask it again; and what a
    # check measured (the train-loop check's validation curve), beside the check. New tables, not
    # new columns, so IF NOT EXISTS keeps a cut-short upgrade safe to run again.
    """
    CREATE TABLE IF NOT EXISTS shape_mistakes (
        id INTEGER PRIMARY KEY,
        lesson TEXT NOT NULL,
        source TEXT NOT NULL,
        task TEXT NOT NULL,
        config TEXT NOT NULL,
        field TEXT NOT NULL,
        answer TEXT NOT NULL,
        item TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS shape_mistakes_by_lesson ON shape_mistakes (lesson, id);
    CREATE TABLE IF NOT EXISTS exercise_check_data (
        check_id INTEGER PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {
    "runs",
    "quiz_attempts",
    "notes",
    "note_revisions",
    "lesson_progress",
    "app_state",
    "note_citations",
    "exports",
    "exercise_checks",
    "shape_mistakes",
    "exercise_check_data",
}

STATUSES = ("not started", "in progress", "passed")


class UnusableDatabase(Exception):
    """The file is damaged or is not a database this version of rnn-tutor can use.

    Only this moves a file aside; every other problem leaves it where it is.
    """


class RecordUnavailable(Exception):
    """The record is sound but cannot be used right now: locked, read-only, a full disk, an I/O
    error, no permission. The message says what is wrong and where, for the learner to act on;
    `reason` says what is wrong in a few words, for a status line."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


# SQLite's primary result codes (the low byte of an extended code) that mean the file itself is
# bad. Everything else (BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN, PERM, NOMEM, ...) is a
# problem of the moment or of the machine, and the file must be left alone.
DAMAGED_CODES = {11: "SQLITE_CORRUPT", 26: "SQLITE_NOTADB"}
BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
FULL_BELOW_BYTES = 64 * 1024  # free space under which a failed write is blamed on a full disk
OPEN_WAIT_S = 30.0  # how long opening waits for another program's lock before giving up

REASONS = {
    3: "permission denied",
    5: "the record is locked by another program",
    6: "the record is locked by another program",
    7: "out of memory",
    8: "the file is read-only",
    10: "a disk input/output error",
    13: "the disk is full",
    14: "the file cannot be opened",
    23: "permission denied",
}


def primary_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_damage(error: BaseException) -> bool:
    return primary_code(error) in DAMAGED_CODES


def is_busy(error: BaseException) -> bool:
    return primary_code(error) in BUSY_CODES


def reason(error: BaseException, where: Path | None = None) -> str:
    """A few plain words for a write or open that failed: "the disk is full"."""
    if isinstance(error, RecordUnavailable):
        return error.reason
    if where is not None and _disk_full(where):
        # SQLite says "disk I/O error" when a full disk stops it growing its -shm file.
        return "the disk is full"
    if isinstance(error, OSError) and not isinstance(error, sqlite3.Error):
        return error.strerror.lower() if error.strerror else str(error)
    return REASONS.get(primary_code(error) or -1, str(error))


def _disk_full(where: Path) -> bool:
    try:
        disk = os.statvfs(where if where.is_dir() else where.parent)
    except OSError:
        return False
    return disk.f_bavail * disk.f_frsize < FULL_BELOW_BYTES


@dataclass(frozen=True)
class Run:
    id: int
    lesson: str
    task: str
    config: dict[str, Any]
    result: dict[str, Any]
    seed: int | None
    created: float


@dataclass(frozen=True)
class Attempt:
    id: int
    lesson: str
    item: str
    answer: str
    correct: bool | None
    rating: str | None
    hint_used: bool
    cited_runs: list[int]
    created: float


@dataclass(frozen=True)
class ExerciseCheck:
    id: int
    exercise: str
    lesson: str
    passed: bool
    first_failure: str  # the name of the first check that failed; "" when every one passed
    hint_used: bool
    code: str  # the learner's file as it was checked
    created: float
    data: dict[str, Any] = field(default_factory=dict)  # what the checks measured, if anything


MISTAKE_SOURCES = ("shape lab", "drill", "quiz")


@dataclass(frozen=True)
class ShapeMistake:
    """A shape the learner predicted wrongly outside a fixed quiz item: the configuration it was
    asked about, so the review can ask it again with the engine's answer for that config."""

    id: int
    lesson: str
    source: str  # one of MISTAKE_SOURCES: where the learner made it
    task: str  # the engine task that computes the answer ...
    config: dict[str, Any]  # ... for this configuration ...
    field: str  # ... in this result field (dotted path), as a shape quiz item names it
    answer: str  # what the learner typed
    item: str  # the quiz item it was asked as ("" outside the quiz)
    created: float


@dataclass(frozen=True)
class Revision:
    field: str
    text: str
    created: float
    updated: float


# A revision as a writer last saw it: its id and when it was last changed. A revision amended
# by another window keeps its id but not its time, so the mark tells the two apart.
RevisionMark = tuple[int, float]


@dataclass(frozen=True)
class NoteSaved:
    revision: RevisionMark | None  # the revision that now holds the text
    # Another window's revision that this save did not build on: both are kept.
    other: Revision | None


# save_note's base when the caller is the only writer and edited whatever is there now.
LATEST = object()


class Store:
    def __init__(self, connection: sqlite3.Connection, path: Path, notices: list[str]) -> None:
        self._db = connection
        self.path = path
        # What happened while opening (a file moved aside, a migration), for the UI to report.
        self.notices = notices

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        directory: Path,
        wait: float = OPEN_WAIT_S,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        on_wait: Callable[[], None] | None = None,
    ) -> Store:
        """Open (creating or migrating) the record in `directory`.

        Raises RecordUnavailable, with the file left where it is, for anything but damage; waits
        up to `wait` seconds while another program holds the file locked (calling `on_wait`
        once, when the waiting starts).
        """
        try:
            ensure_private_dir(directory)
        except OSError as error:
            raise RecordUnavailable(
                f"cannot use the folder {directory}: {reason(error)}"
            ) from error
        path = directory / DB_NAME
        refuse_unusable(path)
        notices: list[str] = []
        deadline = time.monotonic() + wait
        moved_once = False
        while True:
            try:
                connection = _connect(path, notices, busy_timeout_ms)
            except UnusableDatabase as problem:
                if moved_once:  # a fresh file is unusable too: something else is wrong here
                    raise RecordUnavailable(f"{path}: {problem}") from problem
                moved = move_aside(path)
                moved_once = True
                notices.append(
                    f"Your progress file could not be used ({problem}). It was moved to "
                    f"{moved.name} (nothing was deleted) and a new record was started."
                )
            except sqlite3.Error as error:
                if is_busy(error) and time.monotonic() < deadline:
                    if on_wait is not None:
                        on_wait()
                        on_wait = None
                    time.sleep(0.2)
                    continue
                why = reason(error, path)
                raise RecordUnavailable(f"{path}: {why}", why) from error
            except OSError as error:
                why = reason(error, path)
                raise RecordUnavailable(f"{path}: {why}", why) from error
            else:
                return cls(connection, path, notices)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front, so a second instance waits (busy timeout)
        # instead of failing half-way through a transaction.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.rollback()
            raise
        else:
            self._db.commit()

    def _select(self, query: str, **filters: Any) -> list[tuple]:
        """Rows of `query`, oldest first, keeping those equal to each filter that is not None."""
        wanted = {column: value for column, value in filters.items() if value is not None}
        if wanted:
            query += " WHERE " + " AND ".join(f"{column} = ?" for column in wanted)
        return self._db.execute(query + " ORDER BY id", list(wanted.values())).fetchall()

    # ---- runs ----------------------------------------------------------------------------

    def record_run(
        self,
        lesson: str,
        task: str,
        config: dict[str, Any],
        result: dict[str, Any],
        versions: dict[str, str] | None = None,
    ) -> int:
        seed = result.get("seed", config.get("seed"))
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO runs (lesson, task, config, result, seed, versions, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    lesson,
                    task,
                    json.dumps(config),
                    json.dumps(result),
                    seed,
                    json.dumps(versions or {}),
                    time.time(),
                ),
            )
            return int(cursor.lastrowid)

    def runs(self, lesson: str | None = None, task: str | None = None) -> list[Run]:
        rows = self._select(
            "SELECT id, lesson, task, config, result, seed, created FROM runs",
            lesson=lesson,
            task=task,
        )
        return [_run(row) for row in rows]

    # ---- quiz attempts -------------------------------------------------------------------

    def record_attempt(
        self,
        lesson: str,
        item: str,
        answer: str,
        correct: bool | None,
        rating: str | None = None,
        hint_used: bool = False,
        cited_runs: Sequence[int] = (),
    ) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO quiz_attempts"
                " (lesson, item, answer, correct, rating, hint_used, cited_runs, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    lesson,
                    item,
                    answer,
                    None if correct is None else int(correct),
                    rating,
                    int(hint_used),
                    json.dumps(list(cited_runs)),
                    time.time(),
                ),
            )
            return int(cursor.lastrowid)

    def attempts(self, lesson: str | None = None, item: str | None = None) -> list[Attempt]:
        rows = self._select(
            "SELECT id, lesson, item, answer, correct, rating, hint_used, cited_runs, created"
            " FROM quiz_attempts",
            lesson=lesson,
            item=item,
        )
        return [
            Attempt(
                row[0],
                row[1],
                row[2],
                row[3],
                None if row[4] is None else bool(row[4]),
                row[5],
                bool(row[6]),
                json.loads(row[7]),
                row[8],
            )
            for row in rows
        ]

    # ---- exercise checks -----------------------------------------------------------------

    def record_exercise_check(
        self,
        exercise: str,
        lesson: str,
        passed: bool,
        first_failure: str,
        hint_used: bool,
        code: str,
        data: dict[str, Any] | None = None,
    ) -> int:
        """Record one check; `data` is what its checks measured (kept beside it, as JSON)."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO exercise_checks"
                " (exercise, lesson, passed, first_failure, hint_used, code, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (exercise, lesson, int(passed), first_failure, int(hint_used), code, time.time()),
            )
            check_id = int(cursor.lastrowid)
            if data:
                db.execute(
                    "INSERT INTO exercise_check_data (check_id, data) VALUES (?, ?)",
                    (check_id, json.dumps(data)),
                )
            return check_id

    def exercise_checks(
        self, exercise: str | None = None, lesson: str | None = None
    ) -> list[ExerciseCheck]:
        rows = self._select(
            "SELECT id, exercise, lesson, passed, first_failure, hint_used, code, created,"
            " (SELECT data FROM exercise_check_data WHERE check_id = exercise_checks.id)"
            " FROM exercise_checks",
            exercise=exercise,
            lesson=lesson,
        )
        return [
            ExerciseCheck(
                row[0],
                row[1],
                row[2],
                bool(row[3]),
                row[4],
                bool(row[5]),
                row[6],
                row[7],
                json.loads(row[8]) if row[8] else {},
            )
            for row in rows
        ]

    def passed_exercises(self) -> dict[str, str]:
        """Each exercise the learner has passed, with the code of its last passing check."""
        rows = self._db.execute(
            "SELECT exercise, code FROM exercise_checks WHERE id IN"
            " (SELECT MAX(id) FROM exercise_checks WHERE passed = 1 GROUP BY exercise)"
        ).fetchall()
        return dict(rows)

    # ---- shape mistakes ------------------------------------------------------------------

    def record_mistake(
        self,
        lesson: str,
        source: str,
        task: str,
        config: dict[str, Any],
        field: str,
        answer: str,
        item: str = "",
    ) -> int:
        if source not in MISTAKE_SOURCES:
            raise ValueError(f"unknown mistake source {source!r}")
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO shape_mistakes"
                " (lesson, source, task, config, field, answer, item, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (lesson, source, task, json.dumps(config), field, answer, item, time.time()),
            )
            return int(cursor.lastrowid)

    def mistakes(self, lesson: str | None = None) -> list[ShapeMistake]:
        rows = self._select(
            "SELECT id, lesson, source, task, config, field, answer, item, created"
            " FROM shape_mistakes",
            lesson=lesson,
        )
        return [ShapeMistake(*row[:4], json.loads(row[4]), *row[5:]) for row in rows]

    # ---- evidence notes ------------------------------------------------------------------

    def save_note(
        self, field: str, text: str, base: RevisionMark | object | None = LATEST
    ) -> NoteSaved:
        """Store the note's current text and keep it as a revision.

        `base` marks the revision the writer's text was edited from (None: the note was
        empty), as note_and_revision or the last save gave it. Only when the latest revision is
        still exactly that one, and recent, is it amended in place, so typing a paragraph
        yields one revision rather than one per pause. If the record moved on meanwhile
        (another window saved), this text becomes a new revision and the other one stays:
        nothing is overwritten, and the result says so.
        """
        now = time.time()
        with self._write() as db:
            latest = db.execute(
                "SELECT id, text, created, updated FROM note_revisions WHERE field = ?"
                " ORDER BY id DESC LIMIT 1",
                (field,),
            ).fetchone()
            mark = None if latest is None else (latest[0], latest[3])
            moved_on = base is not LATEST and base != mark
            other = Revision(field, latest[1], latest[2], latest[3]) if moved_on else None
            if latest is not None and latest[1] == text:
                return NoteSaved(mark, None)
            db.execute(
                "INSERT INTO notes (field, text, updated) VALUES (?, ?, ?)"
                " ON CONFLICT (field) DO UPDATE"
                " SET text = excluded.text, updated = excluded.updated",
                (field, text, now),
            )
            if latest is not None and not moved_on and now - latest[2] < REVISION_WINDOW_S:
                db.execute(
                    "UPDATE note_revisions SET text = ?, updated = ? WHERE id = ?",
                    (text, now, latest[0]),
                )
                return NoteSaved((latest[0], now), None)
            cursor = db.execute(
                "INSERT INTO note_revisions (field, text, created, updated) VALUES (?, ?, ?, ?)",
                (field, text, now, now),
            )
            return NoteSaved((int(cursor.lastrowid), now), other)

    def note_and_revision(self, field: str) -> tuple[str, RevisionMark | None]:
        """The note's text and a mark of its revision, for a writer to pass back as `base`."""
        row = self._db.execute(
            "SELECT id, text, updated FROM note_revisions WHERE field = ? ORDER BY id DESC LIMIT 1",
            (field,),
        ).fetchone()
        return ("", None) if row is None else (row[1], (row[0], row[2]))

    def note(self, field: str) -> str:
        row = self._db.execute("SELECT text FROM notes WHERE field = ?", (field,)).fetchone()
        return "" if row is None else row[0]

    def notes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT field, text FROM notes ORDER BY field"))

    def revisions(self, field: str) -> list[Revision]:
        rows = self._db.execute(
            "SELECT field, text, created, updated FROM note_revisions WHERE field = ? ORDER BY id",
            (field,),
        )
        return [Revision(*row) for row in rows]

    def cite(self, field: str, run_id: int) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO note_citations (field, run_id, created) VALUES (?, ?, ?)",
                (field, run_id, time.time()),
            )

    def uncite(self, field: str, run_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM note_citations WHERE field = ? AND run_id = ?", (field, run_id))

    def citations(self, field: str) -> list[Run]:
        """The runs a note cites, oldest citation first."""
        ids = [
            row[0]
            for row in self._db.execute(
                "SELECT run_id FROM note_citations WHERE field = ? ORDER BY created", (field,)
            )
        ]
        by_id = {run.id: run for run in self.runs_by_id(ids)}
        return [by_id[run_id] for run_id in ids if run_id in by_id]

    def runs_by_id(self, ids: Sequence[int]) -> list[Run]:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(
            "SELECT id, lesson, task, config, result, seed, created FROM runs"
            f" WHERE id IN ({marks}) ORDER BY id",
            list(ids),
        ).fetchall()
        return [_run(row) for row in rows]

    # ---- exports -------------------------------------------------------------------------

    def record_export(self, kind: str, path: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO exports (kind, path, created) VALUES (?, ?, ?)",
                (kind, path, time.time()),
            )

    def exports(self, kind: str | None = None) -> list[tuple[str, str, float]]:
        return [
            tuple(row[1:])
            for row in self._select("SELECT id, kind, path, created FROM exports", kind=kind)
        ]

    # ---- lesson progress and app state ---------------------------------------------------

    def lesson_status(self, lesson: str) -> str:
        row = self._db.execute(
            "SELECT status FROM lesson_progress WHERE lesson = ?", (lesson,)
        ).fetchone()
        return "not started" if row is None else row[0]

    def set_lesson_status(self, lesson: str, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown lesson status {status!r}")
        with self._write() as db:
            db.execute(
                "INSERT INTO lesson_progress (lesson, status, updated) VALUES (?, ?, ?)"
                " ON CONFLICT (lesson) DO UPDATE SET status = excluded.status,"
                " updated = excluded.updated",
                (lesson, status, time.time()),
            )

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_state(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _run(row: tuple) -> Run:
    return Run(row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4]), row[5], row[6])


def refuse_unusable(path: Path) -> None:
    """Say plainly why a progress.db the learner can't use is unusable, before SQLite tries."""
    folder = path.parent
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        raise RecordUnavailable(
            f"the disk holding {folder} is mounted read-only, so nothing can be saved there; "
            "start with --data-dir a writable folder",
            "the disk is read-only",
        )
    if path.is_dir():
        raise RecordUnavailable(
            f"{path} is a folder, not a file; rename or remove it", "progress.db is a folder"
        )
    if path.exists() and not path.is_file():
        raise RecordUnavailable(
            f"{path} is not a regular file; rename or remove it", "progress.db is not a file"
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        mode = stat.S_IMODE(path.stat().st_mode)
        raise RecordUnavailable(
            f"you cannot read and write {path} (mode {mode:04o}); "
            f"make it yours and writable: chmod 600 {path}",
            f"progress.db is not writable for you (mode {mode:04o})",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RecordUnavailable(
            f"the folder {folder} is read-only for you, and the record needs to write beside "
            "progress.db; make it writable or start with --data-dir another folder",
            "the data folder is read-only for you",
        )


def _connect(path: Path, notices: list[str], busy_timeout_ms: int) -> sqlite3.Connection:
    """Open (creating 0600 if need be) and migrate the database.

    Raises UnusableDatabase for a damaged or foreign file, sqlite3.Error or OSError otherwise.
    """
    if not path.exists():
        # Create the file ourselves so its mode is 0600 from the start; SQLite gives the -wal
        # and -shm files the same mode as the database.
        # (Another tutor may have created it a moment ago: then open theirs.)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    connection = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        version = _checked_version(connection)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION:
            _migrate(connection, notices)
    except sqlite3.DatabaseError as error:
        connection.close()
        if is_damage(error):
            raise UnusableDatabase(f"damaged: {error}") from error
        raise
    except BaseException:
        connection.close()
        raise
    return connection


def _checked_version(connection: sqlite3.Connection) -> int:
    """The schema version, read in one transaction with the checks that it is ours and whole."""
    connection.execute("BEGIN")
    try:
        version, _ = _version_and_tables(connection)
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        connection.rollback()
    if check != "ok":
        raise UnusableDatabase(f"damaged: {check}")
    return version


def _version_and_tables(connection: sqlite3.Connection) -> tuple[int, set[str]]:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if version == 0 and tables:
        raise UnusableDatabase("it holds tables that are not rnn-tutor's")
    if version > SCHEMA_VERSION:
        raise UnusableDatabase(f"it was written by a newer rnn-tutor (schema {version})")
    return version, tables


def _migrate(connection: sqlite3.Connection, notices: list[str]) -> None:
    # The version is read again under the write lock: two tutors starting on a fresh folder at
    # once both saw version 0, and the second must not create the tables a second time.
    connection.execute("BEGIN IMMEDIATE")
    try:
        version, _ = _version_and_tables(connection)
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[target - 1]):
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.rollback()
        raise
    connection.commit()
    if 0 < version < SCHEMA_VERSION:
        notices.append(f"Your progress file was upgraded to schema version {SCHEMA_VERSION}.")


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def move_aside(path: Path) -> Path:
    """Rename a bad database (and its WAL files) to a timestamped name beside it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bad-{stamp}")
    suffix = 1
    while target.exists():
        suffix += 1
        target = path.with_name(f"{path.name}.bad-{stamp}-{suffix}")
    path.rename(target)
    for extra in ("-wal", "-shm"):
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.rename(target.with_name(target.name + extra))
    return target
