"""6.4.4 in the app: windows from the engine, a short training run, a failure mode."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from lessons.store import Store
from tui.app import TutorApp
from tui.panels.practice import PracticePanel
from tui.widgets.toggle import Toggle

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
        assert "persistence (last value)" in results
        [run] = Store.open(tmp_path).runs("sequence-practice", "practice")
        assert run.config["dataset"] == "nile" and run.config["epochs"] == 4
        assert run.config["difference"] is False
        # Both ratios, each under its own name, as the run computed them.
        metrics = run.result["metrics"]
        assert f"Relative MAE {metrics['rel_mae']:.3f} (model MAE / persistence MAE" in results
        assert f"MASE {metrics['mase']:.3f} (model MAE / the in-sample MAE of" in results
        assert "Modelled: the values." in " ".join(results.split())

        panel.query_one("#practice-difference", Toggle).value = True
        await pilot.press("enter")
        await settle(pilot)
        runs = Store.open(tmp_path).runs("sequence-practice", "practice")
        assert len(runs) == 2 and runs[-1].config["difference"] is True
        results = " ".join(shown(screen.query_one("#practice-results", Static)).split())
        assert "Modelled: the differences x[t] - x[t-1]" in results

        await pilot.press("f", "6")
        await settle(pilot)
        assert not Store.open(tmp_path).runs("sequence-practice", "practice-failure")  # chosen only
        await pilot.press("enter")
        await settle(pilot)
        result = shown(screen.query_one("#practice-failure-result", Static))
        assert "honest" in result and "optimizer.zero_grad()" in result
        [failure] = Store.open(tmp_path).runs("sequence-practice", "practice-failure")
        assert failure.config["mode"] == "no-zero-grad"
