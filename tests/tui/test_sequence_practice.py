"""6.4.4 in the app: windows from the engine, a short training run, a failure mode."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from lessons.store import Store
from tui.app import TutorApp
from tui.widgets.practice import PracticePanel

from .helpers import engine_ready, settle, shown, until


async def test_windows_train_and_a_failure_mode(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await engine_ready(app)
        app.open_lesson("sequence-practice", "data")
        await settle(pilot)
        screen = app.screen
        view = screen.query_one("#series-windows", Static)
        await until(pilot, lambda: shown(view))
        windows = shown(view)
        # sunspots: 309 values, window 20 → 289 targets, 231 of them for training
        assert "(231, 20, 1)" in windows
        await pilot.press("right", "right")  # sunspots → co2 → nile
        # nile: 100 values → 80 targets, 16 for validation, 64 for training
        await until(pilot, lambda: "(64, 20, 1)" in shown(view))

        await pilot.press("t")
        panel = screen.query_one(PracticePanel)
        panel.query_one("#practice-epochs", Input).value = "4"
        await pilot.press("enter")
        await settle(pilot)
        results = shown(screen.query_one("#practice-results", Static))
        assert "persistence (last value)" in results and "MASE" in results
        [run] = Store.open(tmp_path).runs("sequence-practice", "practice")
        assert run.config["dataset"] == "nile" and run.config["epochs"] == 4
        mase = run.result["metrics"]["mase"]
        assert f"MASE {mase:.2f}" in results

        await pilot.press("f", "1")
        await settle(pilot)
        assert "honest" in shown(screen.query_one("#practice-failure-result", Static))
        [failure] = Store.open(tmp_path).runs("sequence-practice", "practice-failure")
        assert failure.config["mode"] == "leak-shuffle"
