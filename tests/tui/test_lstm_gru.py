"""6.4.3 in the app: the race starts, pauses and cancels; a real tiny race records its verdicts;
the gate trace and the memory horizon show torch's numbers."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from textual.widgets import Input, Static

from lessons.store import Store
from tui.app import TutorApp
from tui.widgets.race import RacePanel

from .helpers import open_when_ready, settle, showing, shown

FAKE_ENGINE = [sys.executable, str(Path(__file__).with_name("fake_engine.py"))]


async def test_start_pause_and_cancel_a_race(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await open_when_ready(pilot, "lstm-gru", "race")).query_one(RacePanel)
        assert app.focused is panel
        await pilot.press("enter")
        for _ in range(100):
            await asyncio.sleep(0.02)
            if panel.running and panel.query_one("#race-progress", Static).content:
                break
        assert panel.running
        await pilot.press("space")
        assert "paused" in shown(panel.query_one("#race-progress", Static))
        await pilot.press("space")
        started = time.monotonic()
        await pilot.press("escape")  # cancels the race; it does not leave the lesson
        while panel.running and time.monotonic() - started < 2:
            await asyncio.sleep(0.02)
        assert not panel.running
        assert time.monotonic() - started < 0.5 + 0.5  # the deadline, plus test slack
        assert showing(app.screen, "lstm-gru")
        assert "Race cancelled" in shown(panel.query_one("#race-message", Static))
        await pilot.press("escape")  # now Escape goes back as everywhere else
        assert not showing(app.screen, "lstm-gru")
    assert Store.open(tmp_path).runs("lstm-gru", "race") == []  # a cancelled race is not a run


async def test_a_tiny_real_race_records_its_verdicts(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await open_when_ready(pilot, "lstm-gru", "race")).query_one(RacePanel)
        panel.query_one("#race-steps", Input).value = "40"
        panel.query_one("#race-delay", Input).value = "12"
        await pilot.press("enter")
        for _ in range(600):
            await asyncio.sleep(0.05)
            if not panel.running and panel.query_one("#race-results", Static).content:
                break
        results = shown(panel.query_one("#race-results", Static))
        for name in ("RNN", "GRU", "LSTM"):
            assert name in results
        [run] = Store.open(tmp_path).runs("lstm-gru", "race")
        assert run.config["steps"] == 40 and run.result["delay"] == 12
        for model in run.result["models"].values():
            assert model["verdict"] in results

        await pilot.press("m")
        await settle(pilot)
        await pilot.press("s")  # the trained models of that race
        await settle(pilot)
        about = shown(app.screen.query_one("#memory-about", Static))
        assert f"race #{run.id}" in about

        await pilot.press("g")
        await settle(pilot)
        await pilot.press("c")  # GRU → LSTM
        await settle(pilot)
        view = shown(app.screen.query_one("#trace-view", Static))
        assert "nn.LSTM" in view and "c_t" in view
