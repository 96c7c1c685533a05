"""A damaged, truncated, foreign or newer progress.db: the app starts, says what happened, moves
the file aside with a timestamp and deletes nothing. An empty or older one is migrated."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notification, Notify

from lessons import store as store_module
from lessons.files import write_new_file
from tui.app import TutorApp


def notices(messages: list[Message]) -> list[Notification]:
    """The notifications among the messages the app handled (its toasts)."""
    return [message.notification for message in messages if isinstance(message, Notify)]


def garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot sqlite" * 300)


def truncated(path: Path) -> None:
    store = store_module.Store.open(path.parent)
    for index in range(300):
        store.record_run("roadmap", "shape-check", {"i": index}, {"pad": "x" * 400})
    store.close()
    path.write_bytes(path.read_bytes()[:8192])
    for extra in path.parent.glob("progress.db-*"):
        extra.unlink()


def foreign(path: Path) -> None:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER, total REAL)")


def newer(path: Path) -> None:
    with sqlite3.connect(path) as other:
        other.execute("PRAGMA user_version = 99")


@pytest.mark.parametrize("damage", [garbage, truncated, foreign, newer])
async def test_the_app_starts_and_says_what_happened(tmp_path: Path, damage) -> None:
    path = tmp_path / "progress.db"
    damage(path)
    original = path.read_bytes()
    app = TutorApp(tmp_path, start_engine=False)
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        [notice] = notices(messages)
        assert "moved to progress.db.bad-" in notice.message
        assert "nothing was deleted" in notice.message
    [moved] = tmp_path.glob("progress.db.bad-*[0-9]")
    assert moved.read_bytes() == original


async def test_empty_and_older_files_are_migrated(tmp_path: Path) -> None:
    (tmp_path / "progress.db").write_bytes(b"")
    app = TutorApp(tmp_path, start_engine=False)
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        assert notices(messages) == []
    assert not list(tmp_path.glob("*.bad-*"))


def test_learner_files_are_private(tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    store_module.Store.open(home).save_note("input", "x")
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    written = write_new_file(home / "portfolio.md", "# mine")
    for path in [*home.glob("progress.db*"), written]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_content_is_data_never_code() -> None:
    folder = Path(store_module.__file__).parent / "content"
    assert {path.suffix for path in folder.iterdir() if path.is_file()} == {".toml"}
