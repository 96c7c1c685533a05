"""6.4.3 in the app: the race starts, pauses and cancels; a real tiny race records its verdicts;
the gate trace and the memory horizon show torch's numbers."""

from __future__ import annotations

import asyncio
import math
import sys
import time
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Static

from engine import clipping
from engine.clipping import ClipDemoConfig
from engine.race import RaceConfig
from lessons import catalog
from lessons.race_text import rules
from lessons.store import Store
from tui.app import TutorApp
from tui.panels.race import RacePanel, demo_tables, results_table
from tui.widgets.curves import CurvePlot
from tui.widgets.toggle import Cycler

from .helpers import open_lesson, open_when_ready, settle, show_tab, showing, shown

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

        def space_offers() -> str:
            return app.screen.active_bindings["space"].binding.description

        assert space_offers() == "Pause"
        await pilot.press("space")
        assert "paused" in shown(panel.query_one("#race-progress", Static))
        assert space_offers() == "Resume"  # the key bar offers what the key does now
        await pilot.press("space")
        assert space_offers() == "Pause" and "paused" not in shown(
            panel.query_one("#race-progress", Static)
        )
        # Every curve's last value is in the legend, a hidden one too (the fake engine's
        # three models share one curve, so their lines lie on top of each other).
        for _ in range(100):
            await asyncio.sleep(0.02)
            if "val" in shown(panel.query_one("#race-key", Static)):
                break
        legend = shown(panel.query_one("#race-key", Static))
        for name, model in panel.latest.items():
            val, train = model.curve[-1][2], model.curve[-1][1]
            line = next(row for row in legend.splitlines() if row.startswith(name.upper()))
            assert f"val {val:.4f}" in line and f"train {train:.4f}" in line
        # Starting again while it runs is answered, not dropped.
        await pilot.press("enter")
        assert "A run is going" in shown(panel.query_one("#race-message", Static))
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
        # One plot per model, so no curve can hide another (the LSTM's covered the others).
        for name, marker in (("rnn", "R"), ("gru", "G"), ("lstm", "L")):
            plot = app.screen.query_one(f"#memory-plot-{name}", CurvePlot)
            assert [curve[2] for curve in plot.figure.curves] == [marker]

        await pilot.press("g")
        await settle(pilot)
        await pilot.press("c")  # GRU → LSTM
        await settle(pilot)
        view = shown(app.screen.query_one("#trace-view", Static))
        assert "nn.LSTM" in view and "c_t" in view


async def test_the_task_sets_its_delay_its_fields_and_its_description(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "lstm-gru", "race")
        panel = screen.query_one(RacePanel)
        delay = panel.query_one("#race-delay", Input)
        about = panel.query_one("#race-task-about", Static)
        assert delay.value == "50" and panel.query_one("#race-symbols", Input).disabled
        assert "many-to-one" in shown(about) and "output[:, -1]" in shown(about)
        panel.query_one("#race-task", Cycler).value = "copy"
        await pilot.pause()
        assert delay.value == "20" and not panel.query_one("#race-symbols", Input).disabled
        # The baseline shown is L ln K / (T + 2L), worked out here for 3 symbols of 4 after 20.
        assert "many-to-many" in shown(about) and f"{3 * math.log(4) / 26:.4f}" in shown(about)
        panel.query_one("#race-alphabet", Input).value = "8"
        await pilot.pause()
        assert f"{3 * math.log(8) / 26:.4f}" in shown(about)
        delay.value = "35"  # typed by the learner: it stays when the task changes
        panel.query_one("#race-task", Cycler).value = "adding"
        await pilot.pause()
        assert delay.value == "35"
        panel.query_one("#race-seeds", Input).value = "3"
        assert panel.current_config().seed_list == [0, 1, 2]


async def test_the_help_of_the_race_tab_gives_the_verdict_rules(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(pilot, "lstm-gru", "race")
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(shown(static) for static in app.screen.query(Static))
        for rule in rules():
            assert rule in text
        assert "many-to-one" in text and "clip_grad_norm_" in text
        await pilot.press("escape")
        await pilot.pause()
        await show_tab(pilot, "learn")
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(shown(static) for static in app.screen.query(Static))
        assert rules()[0] not in text  # another tab's help says nothing of the race


async def test_a_race_of_several_seeds_and_the_clipping_demo(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await open_when_ready(pilot, "lstm-gru", "race")).query_one(RacePanel)
        panel.query_one("#race-steps", Input).value = "30"
        panel.query_one("#race-delay", Input).value = "8"
        panel.query_one("#race-seeds", Input).value = "2"
        await pilot.press("enter")
        await _finished(panel)
        results = shown(panel.query_one("#race-results", Static))
        [run] = Store.open(tmp_path).runs("lstm-gru", "race")
        assert run.result["seeds"] == [0, 1]
        for name, model in run.result["models"].items():
            assert f"{model['solved_in']} of 2 seeds" in results
            assert f"{name.upper()}: seed 0 " in results

        await pilot.press("ctrl+l")  # the demo: copy at lr 0.03, clipping off then on
        await pilot.pause()
        assert panel.query_one("#race-lr", Input).value == "0.03"
        assert str(panel.query_one("#race-task", Cycler).value) == "copy"
        await _finished(panel)
        results = shown(panel.query_one("#race-results", Static))
        [demo] = Store.open(tmp_path).runs("lstm-gru", "clipping")
        assert f"Clipping demo #{demo.id}" in results
        assert demo.result["unclipped"]["config"]["clip"] is False
        assert demo.result["clipped"]["config"]["clip"] is True
        assert demo.config["steps"] == 30 and demo.result["clipped"]["delay"] == 20


async def _finished(panel: RacePanel) -> None:
    for _ in range(1200):
        await asyncio.sleep(0.05)
        if not panel.running and panel.query_one("#race-results", Static).content:
            return
    progress = panel.query_one("#race-progress", Static) if panel.query("#race-progress") else None
    raise AssertionError(
        f"the race did not finish: running={panel.running} "
        f"results={shown(panel.query_one('#race-results', Static))!r} "
        f"progress={shown(progress) if progress else None!r} "
        f"workers={[(w.name, w.state) for w in panel.app.workers]} engine={panel.app.engine_state}"
    )


def test_the_tables_show_a_spike_and_its_story() -> None:
    # The demo's LSTM at seed 0 spikes at step 325 without clipping (tests/engine/test_clipping).
    result = clipping.run(clipping.ClipDemoConfig(models=("lstm",), steps=400))
    [spike] = result.unclipped.models["lstm"].spikes
    console = Console(width=80, record=True)
    console.print(demo_tables(result, 7))
    console.print(results_table(result.unclipped, 8))
    text = " ".join(console.export_text().split())
    assert "Clipping demo #7" in text and f"step {spike[0]}" in text
    assert f"LSTM seed 0: at step {spike[0]} the validation loss jumped" in text
    assert "spiked only without clipping" in text


def test_the_lesson_states_the_race_defaults_the_engine_uses() -> None:
    body = " ".join(catalog.lesson("lstm-gru").body.split())
    copy = RaceConfig(task="copy")
    assert (
        f"The defaults are L = {copy.symbols} symbols from K = {copy.alphabet}, T = {copy.delay}"
        in body
    )
    demo = ClipDemoConfig()
    assert f"the {demo.task} task at learning rate {demo.lr:g}" in body
    assert f"with seed {demo.seed}, the unclipped RNN and LSTM spike" in body
