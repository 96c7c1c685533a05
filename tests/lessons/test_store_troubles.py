"""A passing problem is never mistaken for a damaged file: locks are waited for, and a full disk
or a read-only file is reported with the file left where it is."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from lessons.store import SCHEMA_VERSION, RecordUnavailable, Store
from tests.record_troubles import Lock, fill, remount, tiny_disk


def a_record(folder: Path) -> Path:
    store = Store.open(folder)
    store.save_note("input", "my own words")
    store.close()
    return folder / "progress.db"


def untouched(folder: Path) -> bool:
    """Nothing moved aside, and the learner's note still there."""
    if list(folder.glob("*.bad-*")):
        return False
    with sqlite3.connect(folder / "progress.db") as db:
        return db.execute("SELECT text FROM notes WHERE field = 'input'").fetchone() == (
            "my own words",
        )


@pytest.mark.parametrize("kind", ["write", "all"])
def test_opening_waits_for_a_lock_that_goes_away(tmp_path: Path, kind: str) -> None:
    lock = Lock(a_record(tmp_path), kind)
    lock.release_after(0.6)
    store = Store.open(tmp_path, wait=10, busy_timeout_ms=100)
    assert store.note("input") == "my own words"
    store.close()
    assert untouched(tmp_path)


def test_a_lock_that_stays_is_reported_and_the_file_left_alone(tmp_path: Path) -> None:
    lock = Lock(a_record(tmp_path), "all")
    try:
        with pytest.raises(RecordUnavailable, match="locked by another program"):
            Store.open(tmp_path, wait=0.5, busy_timeout_ms=100)
    finally:
        lock.release()
    assert untouched(tmp_path)


def _open_at_once(folder: str, barrier) -> None:
    barrier.wait()
    Store.open(Path(folder)).close()


def test_two_tutors_opening_a_fresh_folder_at_once(tmp_path: Path) -> None:
    # Measured on the old code: 8 of 20 pairs moved a healthy record aside.
    context = multiprocessing.get_context("fork")
    for pair in range(20):
        folder = tmp_path / f"pair-{pair}"
        folder.mkdir()
        barrier = context.Barrier(2)
        workers = [
            context.Process(target=_open_at_once, args=(str(folder), barrier)) for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
            assert worker.exitcode == 0, pair
        assert not list(folder.glob("*.bad-*")), pair
        with sqlite3.connect(folder / "progress.db") as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_older_record_on_a_full_disk_is_kept_and_upgraded_later() -> None:
    with tiny_disk() as disk:
        folder = disk / "data"
        a_record(folder)
        with sqlite3.connect(folder / "progress.db") as db:  # back to schema 1
            db.execute("DROP TABLE note_citations")
            db.execute("DROP TABLE exports")
            db.execute("PRAGMA user_version = 1")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        filler = fill(disk)
        with pytest.raises(RecordUnavailable, match="disk is full"):
            Store.open(folder, wait=0)
        assert untouched(folder)
        filler.unlink()
        store = Store.open(folder, wait=0)
        assert store.notices == [
            f"Your progress file was upgraded to schema version {SCHEMA_VERSION}."
        ]
        assert store.note("input") == "my own words"
        store.close()


def test_a_read_only_disk_is_reported_and_the_file_left_alone() -> None:
    with tiny_disk() as disk:
        folder = disk / "data"
        a_record(folder)
        for extra in folder.glob("progress.db-*"):
            extra.unlink()  # closed cleanly: as a record on a disk remounted read-only would be
        remount(disk, "ro")
        try:
            with pytest.raises(RecordUnavailable) as raised:
                Store.open(folder, wait=0)
            assert "read-only" in str(raised.value)
        finally:
            remount(disk, "rw")
        assert untouched(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="sets up a folder for another user")
def test_permissions_are_explained_not_moved_aside(tmp_path: Path) -> None:
    # Store.open is exercised as the learner (not root) through the CLI: see tests/test_cli_record.
    (tmp_path / "progress.db").mkdir()
    with pytest.raises(RecordUnavailable, match="is a folder"):
        Store.open(tmp_path)
    assert (tmp_path / "progress.db").is_dir()
