"""The engine process killed mid-training: the screen says so, the engine restarts, and the
learner can train again. Its race workers do not outlive it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from engine import race
from engine.control import Control
from tests.tui.helpers import engine_ready, settle, shown, until
from tui.app import TutorApp
from tui.widgets.message_line import MessageLine
from tui.widgets.practice import PracticePanel


async def test_kill_during_training_then_train_again(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await engine_ready(app)
        app.open_lesson("sequence-practice", "train")
        await settle(pilot)
        panel = app.screen.query_one(PracticePanel)
        panel.query_one("#practice-epochs", Input).value = "2000"
        panel.query_one("#practice-patience", Input).value = "0"
        await pilot.press("enter")
        await until(pilot, lambda: panel.running, timeout=30)
        os.kill(app.engine.pid, signal.SIGKILL)
        message = panel.query_one(MessageLine)
        await until(pilot, lambda: "engine process stopped" in shown(message), timeout=30)
        assert not panel.running
        await engine_ready(app)
        panel.query_one("#practice-epochs", Input).value = "2"
        await pilot.press("enter")
        await until(pilot, lambda: "MASE" in shown(panel.query_one("#practice-results")), 60)


def test_race_workers_exit_when_their_engine_dies(tmp_path: Path) -> None:
    """Kill the process that started a race; its workers notice and stop within a second."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    parent = context.Process(target=_start_a_long_race, args=(str(tmp_path),), daemon=False)
    parent.start()
    pids_file = tmp_path / "workers"
    deadline = time.monotonic() + 60
    while not pids_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(pid) for pid in pids_file.read_text().split()]
    assert workers
    os.kill(parent.pid, signal.SIGKILL)
    parent.join()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"  # a zombie has stopped running


def _start_a_long_race(directory: str) -> None:
    def record_workers(event: dict) -> None:
        import multiprocessing as mp

        pids = " ".join(str(child.pid) for child in mp.active_children())
        path = Path(directory) / "workers"
        if pids and not path.exists():
            path.write_text(pids)

    race.run(race.RaceConfig(steps=20000, eval_every=5), emit=record_workers, control=Control())


@pytest.fixture(autouse=True)
def _no_budget_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RNN_TUTOR_BUDGET_CAP", raising=False)
