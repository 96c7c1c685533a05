"""Notes under trouble: a lock, a full disk, two windows. The text the learner typed stays on
screen and in memory, the screen says why it is not saved, saving resumes by itself, and
quitting with unsaved text asks first."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from textual.widgets import Static, TextArea

from lessons.store import Store
from tests.record_troubles import Lock, fill, tiny_disk
from tests.tui.helpers import open_lesson, shown, type_text, until
from tui.app import TutorApp
from tui.record_writer import RecordWriter, WriterState
from tui.screens.unsaved import UnsavedScreen


def saved_note(folder: Path, field: str = "input") -> str | None:
    with sqlite3.connect(folder / "progress.db") as db:
        row = db.execute("SELECT text FROM notes WHERE field = ?", (field,)).fetchone()
    return None if row is None else row[0]


class States:
    """What a writer reported, for a test to wait on."""

    def __init__(self) -> None:
        self.seen: list[WriterState] = []
        self._changed = threading.Event()

    def __call__(self, state: WriterState) -> None:
        self.seen.append(state)
        self._changed.set()

    def wait_for(self, condition, timeout: float = 20.0) -> WriterState:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.seen and condition(self.seen[-1]):
                return self.seen[-1]
            self._changed.wait(0.05)
            self._changed.clear()
        raise AssertionError(f"no state matched; last: {self.seen[-1:]}")


def test_a_lock_delays_a_note_and_it_is_saved_once_the_lock_goes(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    lock = Lock(tmp_path / "progress.db", "write")
    states = States()
    writer = RecordWriter(tmp_path, states)
    try:
        writer.set_note("input", "typed while locked")
        stuck = states.wait_for(lambda state: bool(state.problem))
        assert stuck.problem == "the record is locked by another program"
        assert stuck.unsaved_notes == ("input",)
        assert writer.unsaved("input") == "typed while locked"
        lock.release()
        states.wait_for(lambda state: not state.problem and not state.unsaved_notes)
        assert saved_note(tmp_path) == "typed while locked"
    finally:
        lock.release()
        writer.close()


def test_a_full_disk_keeps_every_write_queued_in_order() -> None:
    with tiny_disk() as disk:
        folder = disk / "data"
        Store.open(folder).close()
        filler = fill(disk)
        states = States()
        writer = RecordWriter(folder, states)
        try:
            runs = [
                writer.submit(lambda s, i=i: s.record_run("roadmap", "t", {"i": i}, {}))
                for i in range(3)
            ]
            writer.set_note("input", "x" * 100_000)  # more than the disk has free
            stuck = states.wait_for(lambda state: bool(state.problem))
            assert stuck.problem == "the disk is full"
            filler.unlink()
            states.wait_for(lambda state: not state.problem and not state.unsaved_notes)
            assert [run.result(5) for run in runs] == sorted(run.result(5) for run in runs)
        finally:
            writer.close()
        assert saved_note(folder) == "x" * 100_000
        store = Store.open(folder)
        assert [run.config["i"] for run in store.runs()] == [0, 1, 2]
        store.close()


def test_two_windows_editing_one_note_keep_both(tmp_path: Path) -> None:
    Store.open(tmp_path).save_note("input", "the start")
    first, second = States(), States()
    window_a, window_b = RecordWriter(tmp_path, first), RecordWriter(tmp_path, second)
    try:
        for window in (window_a, window_b):  # both open the note as it is now
            _, revision = Store.open(tmp_path).note_and_revision("input")
            window.loaded("input", revision)
        window_a.set_note("input", "the start, as A wrote it")
        assert window_a.flush(10)
        window_b.set_note("input", "the start, as B wrote it")
        assert window_b.flush(10)
        told = second.wait_for(lambda state: True)
        seen = [other.text for state in second.seen for other in state.conflicts]
        assert seen == ["the start, as A wrote it"], told
    finally:
        window_a.close()
        window_b.close()
    texts = [revision.text for revision in Store.open(tmp_path).revisions("input")]
    # A amended the recent revision it had loaded; B's save, built on the one A changed, is a
    # revision of its own. The old code let B amend A's text away.
    assert texts == ["the start, as A wrote it", "the start, as B wrote it"]


async def open_notes(pilot) -> TextArea:
    await open_lesson(pilot, "roadmap", "notes")
    await pilot.press("enter")  # the notes tab opens on its panel; Enter goes into the note
    await until(pilot, lambda: isinstance(pilot.app.focused, TextArea))
    return pilot.app.focused


async def test_typing_goes_on_while_the_record_is_locked(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        area = await open_notes(pilot)
        lock = Lock(tmp_path / "progress.db", "write")
        try:
            await type_text(pilot, "h[t-1] while locked")
            await until(pilot, lambda: "not saved yet" in str(area.border_subtitle))
            assert "locked by another program, retrying" in str(area.border_subtitle)
            problem = app.screen.query_one("#save-problem", Static)
            assert "Your text stays here" in shown(problem)
            started = time.monotonic()
            await type_text(pilot, " more")
            # Keys are answered while writes wait: the old code froze here for 5 s, then died.
            assert time.monotonic() - started < 2
            assert area.text == "h[t-1] while locked more"
        finally:
            lock.release()
        await until(pilot, lambda: str(area.border_subtitle).startswith("saved "))
        assert not app.screen.query_one("#save-problem", Static).display
    assert saved_note(tmp_path) == "h[t-1] while locked more"


async def test_quitting_with_unsaved_notes_asks_and_writes_them_to_a_file(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("tui.app.QUIT_WAIT", 0.3)
    Store.open(tmp_path).close()
    app = TutorApp(tmp_path, start_engine=False)
    lock = Lock(tmp_path / "progress.db", "write")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_notes(pilot)
            await type_text(pilot, "[/] not lost")
            await pilot.press("ctrl+q")
            await until(pilot, lambda: isinstance(app.screen, UnsavedScreen))
            await pilot.press("escape")  # stay: nothing is dropped
            await until(pilot, lambda: not isinstance(app.screen, UnsavedScreen))
            assert app.store.writer.unsaved("input") == "[/] not lost"
            await pilot.press("ctrl+q")
            await until(pilot, lambda: isinstance(app.screen, UnsavedScreen))
            await pilot.press("w")
            await asyncio.sleep(0.1)
    finally:
        lock.release()
    [written] = tmp_path.glob("unsaved-notes-*.txt")
    assert "## Input\n\n[/] not lost\n" in written.read_text()
