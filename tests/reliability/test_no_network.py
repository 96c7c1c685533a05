"""Nothing reaches the network: every lesson's engine task and the app itself run with network
sockets refused (a refused socket raises, so any attempt would fail these tests)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from engine.tasks import get_task
from tests.tui.helpers import engine_ready
from tui.app import TutorApp

from . import no_network

TASKS = {
    "shape-check": {},
    "shapes": {"cell": "lstm", "proj_size": 4},
    "shape-failure": {"mode": "wrong-hidden"},
    "trace": {"cell": "gru"},
    "horizon": {"delay": 10},
    "race": {"steps": 4, "eval_every": 2, "delay": 8},
    "series": {"dataset": "co2"},
    "practice": {"dataset": "nile", "epochs": 2, "window": 8},
    "practice-failure": {"dataset": "nile", "epochs": 2, "window": 8, "mode": "leak-shuffle"},
}


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(socket, "socket", no_network._GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", no_network._refuse)
    monkeypatch.setattr(socket, "getaddrinfo", no_network._refuse)
    with pytest.raises(no_network.NetworkBlocked):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # the guard is really on


@pytest.mark.parametrize("task", sorted(TASKS))
def test_every_engine_task_runs_offline(offline, task: str) -> None:
    assert get_task(task).run(TASKS[task])


async def test_the_app_and_its_engine_start_offline(offline, tmp_path: Path) -> None:
    engine = [sys.executable, "-m", "tests.reliability.no_network"]
    app = TutorApp(tmp_path, engine_command=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await engine_ready(app)
        data = await app.engine.run("shape-check", {})
        assert data["outputs_shape"] == [2, 3, 4]
        await pilot.press("enter")  # the first lesson opens, offline
        await pilot.pause()
