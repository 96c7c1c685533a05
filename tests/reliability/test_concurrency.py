"""Two tutors on one data directory write notes and answers at once: nothing lost, no
"database is locked"."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from lessons.store import Store

WRITES = 150


def writer(directory: str, name: str) -> None:
    store = Store.open(Path(directory))
    for index in range(WRITES):
        store.save_note(f"{name}-note", f"{name} revision {index}")
        store.record_attempt("roadmap", f"{name}-item", str(index), index % 2 == 0)
        store.record_run("roadmap", "shape-check", {"i": index}, {"by": name})
    store.close()


def test_two_writers_lose_nothing(tmp_path: Path) -> None:
    Store.open(tmp_path).close()  # both open an existing database, as two app windows would
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=writer, args=(str(tmp_path), name)) for name in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0  # a "database is locked" error would have failed it
    store = Store.open(tmp_path)
    for name in "ab":
        assert store.note(f"{name}-note") == f"{name} revision {WRITES - 1}"
        assert [a.answer for a in store.attempts("roadmap", f"{name}-item")] == [
            str(i) for i in range(WRITES)
        ]
    assert len(store.runs("roadmap")) == 2 * WRITES
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
