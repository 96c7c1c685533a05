"""The engine process killed mid-training: the screen says so, the engine restarts, and the
learner can train again. (The race trains on the engine's own threads, so nothing outlives it.)"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.tui.helpers import engine_ready, settle, shown, until
from tui.app import TutorApp
from tui.panels.practice import PracticePanel
from tui.widgets.message_line import MessageLine


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


@pytest.fixture(autouse=True)
def _no_budget_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RNN_TUTOR_BUDGET_CAP", raising=False)
