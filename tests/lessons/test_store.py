"""The learner's record: round trips, migrations, damaged files moved aside, text kept verbatim."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from lessons import store as store_module
from lessons.store import DB_NAME, SCHEMA_VERSION, Store

MARKUP_LIKE = ["[/]", "h[t-1] = tanh(W h[t-1])", "[@click=app.quit]x[/]", "[bold]x", "$var"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_runs_attempts_progress_and_state_round_trip(data_dir: Path) -> None:
    store = Store.open(data_dir)
    run_id = store.record_run("roadmap", "shape-check", {"batch": 2}, {"seed": 0, "x": [1, 2]})
    attempt_id = store.record_attempt(
        "roadmap", "time-axis", "2", True, hint_used=True, cited_runs=[run_id]
    )
    store.set_lesson_status("roadmap", "in progress")
    store.set_state("last_place", '{"lesson": "roadmap"}')
    store.close()

    again = Store.open(data_dir)
    [run] = again.runs("roadmap")
    assert (run.id, run.task, run.config, run.result, run.seed) == (
        run_id,
        "shape-check",
        {"batch": 2},
        {"seed": 0, "x": [1, 2]},
        0,
    )
    [attempt] = again.attempts("roadmap", "time-axis")
    assert (attempt.id, attempt.correct, attempt.hint_used, attempt.cited_runs) == (
        attempt_id,
        True,
        True,
        [run_id],
    )
    assert again.lesson_status("roadmap") == "in progress"
    assert again.lesson_status("lstm-gru") == "not started"
    assert again.get_state("last_place") == '{"lesson": "roadmap"}'
    assert again.notices == []


@pytest.mark.parametrize("text", MARKUP_LIKE)
def test_markup_like_notes_are_stored_verbatim(data_dir: Path, text: str) -> None:
    store = Store.open(data_dir)
    store.save_note("hidden", text)
    store.close()
    assert Store.open(data_dir).note("hidden") == text


def test_note_revisions_are_kept(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([1000.0, 1010.0, 2000.0, 2001.0])
    monkeypatch.setattr(store_module.time, "time", lambda: next(clock))
    store = Store.open(data_dir)
    store.save_note("input", "first")
    store.save_note("input", "first draft")  # within the window: amends the revision
    store.save_note("input", "much later")  # past the window: a new revision
    store.save_note("input", "much later")  # unchanged: no write at all
    assert [r.text for r in store.revisions("input")] == ["first draft", "much later"]
    assert store.note("input") == "much later"


def test_files_are_private(data_dir: Path) -> None:
    Store.open(data_dir).save_note("input", "x")
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in data_dir.glob(DB_NAME + "*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_empty_file_is_migrated(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(b"")
    store = Store.open(data_dir)
    assert store.notices == []
    store.save_note("input", "kept")
    with sqlite3.connect(data_dir / DB_NAME) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_older_schema_is_migrated_forward(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(data_dir).save_note("input", "from version 1")
    newer = [*store_module.MIGRATIONS, "CREATE TABLE extra (x INTEGER)"]
    monkeypatch.setattr(store_module, "MIGRATIONS", newer)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(newer))
    store = Store.open(data_dir)
    assert store.note("input") == "from version 1"
    assert any("upgraded" in notice for notice in store.notices)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a database at all" * 50, "not a database"),
        (b"SQLite format 3\x00" + b"\xff" * 200, ""),
    ],
)
def test_a_damaged_file_is_moved_aside_not_deleted(
    data_dir: Path, content: bytes, reason: str
) -> None:
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(content)
    store = Store.open(data_dir)
    [moved] = data_dir.glob(DB_NAME + ".bad-*")
    assert moved.read_bytes() == content
    assert reason in store.notices[0]
    assert moved.name in store.notices[0]
    store.save_note("input", "a fresh start")
    assert store.note("input") == "a fresh start"


def test_a_truncated_database_is_moved_aside(data_dir: Path) -> None:
    store = Store.open(data_dir)
    for index in range(200):
        store.record_run("roadmap", "shape-check", {"i": index}, {"pad": "x" * 500})
    store.close()
    path = data_dir / DB_NAME
    path.write_bytes(path.read_bytes()[: 4096 * 3])
    reopened = Store.open(data_dir)
    assert reopened.notices and list(data_dir.glob(DB_NAME + ".bad-*"))


def test_a_foreign_database_is_moved_aside(data_dir: Path) -> None:
    data_dir.mkdir()
    with sqlite3.connect(data_dir / DB_NAME) as other:
        other.execute("CREATE TABLE invoices (id INTEGER)")
    store = Store.open(data_dir)
    assert "not rnn-tutor's" in store.notices[0]
    [moved] = data_dir.glob(DB_NAME + ".bad-*")
    with sqlite3.connect(moved) as other:
        assert other.execute("SELECT name FROM sqlite_master").fetchone() == ("invoices",)


def test_a_newer_schema_is_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    with sqlite3.connect(data_dir / DB_NAME) as other:
        other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    store = Store.open(data_dir)
    assert "newer rnn-tutor" in store.notices[0]


def test_a_version_1_file_is_migrated_to_the_latest(data_dir: Path) -> None:
    data_dir.mkdir()
    with sqlite3.connect(data_dir / DB_NAME) as old:
        old.executescript(store_module.MIGRATIONS[0])
        old.execute("PRAGMA user_version = 1")
        old.execute("INSERT INTO notes (field, text, updated) VALUES ('hidden', 'kept', 0)")
    store = Store.open(data_dir)
    assert store.note("hidden") == "kept"
    assert any(f"upgraded to schema version {SCHEMA_VERSION}" in n for n in store.notices)
    store.cite("hidden", 1)
    assert store.exports() == []
    assert store.exercise_checks() == []


def test_a_version_2_file_gains_the_exercise_checks(data_dir: Path) -> None:
    data_dir.mkdir()
    with sqlite3.connect(data_dir / DB_NAME) as old:
        for script in store_module.MIGRATIONS[:2]:
            old.executescript(script)
        old.execute("PRAGMA user_version = 2")
        old.execute("INSERT INTO exports (kind, path, created) VALUES ('portfolio', 'p.md', 0)")
    store = Store.open(data_dir)
    assert store.exports() == [("portfolio", "p.md", 0.0)]
    store.record_exercise_check("sample", "rnn-basics", False, "add is a function", False, "x")
    store.record_exercise_check("sample", "rnn-basics", True, "", True, "return a + b")
    store.record_exercise_check("sample", "rnn-basics", True, "", True, "return b + a")
    store.record_exercise_check("sample", "rnn-basics", False, "add is a function", True, "y")
    checks = store.exercise_checks("sample")
    assert [(c.passed, c.first_failure, c.hint_used) for c in checks] == [
        (False, "add is a function", False),
        (True, "", True),
        (True, "", True),
        (False, "add is a function", True),
    ]
    # The last passing code, even when a later check failed.
    assert store.passed_exercises() == {"sample": "return b + a"}


def test_a_version_3_file_keeps_everything_and_gains_mistakes_and_check_data(
    data_dir: Path,
) -> None:
    data_dir.mkdir()
    with sqlite3.connect(data_dir / DB_NAME) as old:
        for script in store_module.MIGRATIONS[:3]:
            old.executescript(script)
        old.execute("PRAGMA user_version = 3")
        old.execute(
            "INSERT INTO exercise_checks (exercise, lesson, passed, code, created)"
            " VALUES ('sample', 'rnn-basics', 1, 'kept', 0)"
        )
        old.execute(
            "INSERT INTO quiz_attempts (lesson, item, answer, correct, created)"
            " VALUES ('roadmap', 'time-axis', '2', 1, 0)"
        )
    store = Store.open(data_dir)
    assert any(f"upgraded to schema version {SCHEMA_VERSION}" in n for n in store.notices)
    [check] = store.exercise_checks()
    assert (check.code, check.passed, check.data) == ("kept", True, {})
    assert store.attempts()[0].answer == "2"
    assert store.mistakes() == []
    store.record_mistake("rnn-basics", "drill", "shapes", {"cell": "gru"}, "shapes.h_n", "(1,)")
    [mistake] = store.mistakes("rnn-basics")
    assert (mistake.source, mistake.config, mistake.answer) == ("drill", {"cell": "gru"}, "(1,)")
    curve = {"val_loss": [0.5, 0.25], "level": 0.1}
    store.record_exercise_check("train-loop", "sequence-practice", True, "", False, "c", curve)
    assert store.exercise_checks("train-loop")[0].data == curve
    with pytest.raises(ValueError):
        store.record_mistake("rnn-basics", "elsewhere", "shapes", {}, "shapes.h_n", "")


def test_the_version_4_upgrade_can_run_again_after_being_cut_short(data_dir: Path) -> None:
    # The tables made, the version not yet recorded (a full disk): the upgrade runs again.
    data_dir.mkdir()
    with sqlite3.connect(data_dir / DB_NAME) as old:
        for script in store_module.MIGRATIONS:
            old.executescript(script)
        old.execute("PRAGMA user_version = 3")
    store = Store.open(data_dir)
    assert store.mistakes() == []
