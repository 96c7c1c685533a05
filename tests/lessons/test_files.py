"""Files the learner asks for are written whole or not at all, and never to a FIFO or device."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessons.files import NotARegularFile, write_new_file
from tests.record_troubles import fill, tiny_disk


def test_a_fifo_or_a_device_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # opening it for writing would wait for a reader forever
    for target in (fifo, Path("/dev/null")):
        with pytest.raises(NotARegularFile, match="not a regular file"):
            write_new_file(target, "x", overwrite=True)


def test_replacing_leaves_no_temporary_file_and_keeps_privacy(tmp_path: Path) -> None:
    target = tmp_path / "portfolio.md"
    write_new_file(target, "old")
    write_new_file(target, "new", overwrite=True)
    assert target.read_text() == "new"
    assert [path.name for path in tmp_path.iterdir()] == ["portfolio.md"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_full_disk_leaves_the_old_file_whole() -> None:
    with tiny_disk() as disk:
        target = disk / "portfolio.md"
        write_new_file(target, "the good one")
        filler = fill(disk)
        with pytest.raises(OSError):
            write_new_file(target, "x" * 100_000, overwrite=True)
        assert target.read_text() == "the good one"
        assert [path.name for path in disk.iterdir() if path != filler] == ["portfolio.md"]
