"""The command line meets an unusable record or output path: one clear line, a non-zero exit,
no traceback, and nothing moved aside, replaced by half a file, or waited on forever."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lessons.store import Store
from tests.conftest import clean_env, cli
from tests.record_troubles import Lock, as_learner, fill, learner_folder, tiny_disk
from tui import cli as cli_module


def run(*args: str, timeout: float = 60, learner: bool = False) -> subprocess.CompletedProcess:
    command = as_learner(cli(*args)) if learner else cli(*args)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=clean_env())


def a_record(folder: Path) -> None:
    store = Store.open(folder)
    store.save_note("input", "my own words " * 200)
    store.close()


def one_clear_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    return line


def test_progress_db_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "progress.db").mkdir()
    line = one_clear_line(run("--data-dir", str(tmp_path)))
    assert "progress.db is a folder, not a file" in line
    assert (tmp_path / "progress.db").is_dir() and not list(tmp_path.glob("*.bad-*"))


@pytest.mark.parametrize("mode", [0o000, 0o400])
def test_progress_db_the_learner_cannot_write(mode: int) -> None:
    folder = learner_folder()
    try:
        # A healthy record, the learner's own.
        assert run("--data-dir", str(folder), "export", learner=True).returncode == 0
        (folder / "portfolio.md").unlink()
        (folder / "progress.db").chmod(mode)
        line = one_clear_line(run("--data-dir", str(folder), learner=True))
        assert f"(mode {mode:04o})" in line and "chmod 600" in line
        assert not list(folder.glob("*.bad-*"))
    finally:
        shutil.rmtree(folder)


def test_export_refuses_a_fifo_instead_of_waiting_on_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    done = run("--data-dir", str(tmp_path), "export", "--out", str(fifo), "--force", timeout=30)
    assert done.returncode == 2 and "is not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


def test_export_force_on_a_full_disk_keeps_the_old_portfolio() -> None:
    with tiny_disk() as disk:
        folder = disk / "data"
        a_record(folder)
        portfolio = folder / "portfolio.md"
        assert run("--data-dir", str(folder), "export").returncode == 0
        good = portfolio.read_bytes()
        Store.open(folder).save_note("hidden", "a newer note " * 2000)  # a longer portfolio
        filler = fill(disk)
        done = run("--data-dir", str(folder), "export", "--force")
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert portfolio.read_bytes() == good  # the old code left a truncated file here
        assert not [path for path in folder.iterdir() if path.name.startswith(".portfolio")]
        filler.unlink()


def test_an_export_that_meets_a_lock_waits_then_says_so(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    a_record(tmp_path)
    monkeypatch.setattr(cli_module, "EXPORT_WAIT", 0.5)
    lock = Lock(tmp_path / "progress.db", "all")
    try:
        with pytest.raises(SystemExit) as ended:
            cli_module.main(["--data-dir", str(tmp_path), "export"])
    finally:
        lock.release()
    assert ended.value.code == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "locked by another program" in line
    assert not list(tmp_path.glob("*.bad-*")) and not (tmp_path / "portfolio.md").exists()
    # The lock gone, the same export goes through.
    assert cli_module.main(["--data-dir", str(tmp_path), "export"]) == 0
