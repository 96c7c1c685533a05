"""The Generate tab with the fake engine (canned generate data, no torch): samples per epoch as
training goes, the loss against the named baseline, [ and ] resampling the held model at a
labelled temperature, the TBPTT and masking notes in the run's numbers, cancel and the record."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from textual.widgets import Input, Static

from lessons.generate_text import TEMPERATURES, colder, hotter, masking_sentence, tbptt_sentences
from lessons.store import Store
from tui.app import TutorApp
from tui.panels.generate import GeneratePanel
from tui.widgets.toggle import Toggle

from .helpers import open_when_ready, settle, shown, until

FAKE_ENGINE = [sys.executable, str(Path(__file__).with_name("fake_engine.py"))]
LESSON = "text-sequences"


def text_of(panel: GeneratePanel, part: str) -> str:
    return shown(panel.query_one(f"#generate-{part}", Static))


async def open_tab(pilot) -> GeneratePanel:
    return (await open_when_ready(pilot, LESSON, "generate")).query_one(GeneratePanel)


async def train(pilot, panel: GeneratePanel, epochs: int = 3) -> None:
    panel.query_one("#generate-epochs", Input).value = str(epochs)
    panel.focus()
    await pilot.press("enter")
    await until(pilot, lambda: panel.result is not None)
    await settle(pilot)


async def test_training_shows_samples_by_epoch_the_baseline_and_the_mask(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_tab(pilot)
        assert app.focused is panel
        for part in ("samples", "draws", "tbptt-view", "masking"):
            assert not panel.query_one(f"#generate-{part}", Static).display
        await train(pilot, panel)
        samples = text_of(panel, "samples").splitlines()
        assert "at temperature 0.8" in samples[0] and "run #1" in samples[0]
        # One line per epoch, in order, each with that epoch's names (the fake's grow an "a"
        # an epoch while streaming; the result's final lists replace them, * on copied ones).
        rows = [line.split() for line in samples[1:] if line.strip()]
        assert [row[0] for row in rows] == ["1", "2", "3"]
        assert all("rossi*" in row and "(empty)" in row for row in rows)
        key = text_of(panel, "key")
        assert "unigram baseline 2.900" in key
        assert "train 2.700" in key and "held-out 2.810" in key  # 3.0 - 0.3, 3.05 - 0.24
        masking = text_of(panel, "masking")
        assert "ignore_index=0" in masking and "700 real targets and 500 padded" in masking
        assert "4.500" in masking and "no padding" not in masking
        assert not panel.query_one("#generate-tbptt-view", Static).display
        runs = Store.open(tmp_path).runs(LESSON, "generate")
        assert len(runs) == 1 and runs[0].config["epochs"] == 3


async def test_samples_stream_epoch_by_epoch(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_tab(pilot)
        panel.query_one("#generate-epochs", Input).value = "200"
        await pilot.press("enter")
        # The screen follows the events at most every PLOT_INTERVAL: wait for two redraws.
        for _ in range(200):
            await asyncio.sleep(0.02)
            if len(text_of(panel, "samples").splitlines()) >= 3:
                break
        lines = text_of(panel, "samples").splitlines()
        assert lines[1].split()[:3] == ["1", "xqzta", "aeloa"]
        assert lines[2].split()[:3] == ["2", "xqztaa", "aeloaa"]
        assert panel.running  # these came while the run went on
        await pilot.press("escape")
        await until(pilot, lambda: not panel.running)
        assert "Training cancelled" in shown(panel.query_one("MessageLine"))
        assert panel.result is None
    assert Store.open(tmp_path).runs(LESSON, "generate") == []


async def test_brackets_resample_the_trained_model_at_a_labelled_temperature(tmp_path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_tab(pilot)
        # Before any run, a bracket only sets the next run's temperature.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "temperature 0.6" in text_of(panel, "temperature")
        assert not panel.query_one("#generate-draws", Static).display
        await train(pilot, panel, epochs=2)
        assert "at temperature 0.6" in text_of(panel, "samples")
        assert panel.query_one(Toggle).value is False
        for key in ("right_square_bracket", "right_square_bracket", "left_square_bracket"):
            await pilot.press(key)
            await settle(pilot)
        draws = [line.split() for line in text_of(panel, "draws").splitlines()[1:4]]
        # The fake echoes the temperature it was sent: each set is labelled with its own.
        assert [row[:2] for row in draws] == [["T", "0.8"], ["T", "1"], ["T", "0.8"]]
        assert all(row[2:] == ["nova", "lind*", "kask"] for row in draws)
        assert "softmax(scores / T)" in text_of(panel, "draws")
        assert "temperature 0.8" in text_of(panel, "temperature")
        assert len(Store.open(tmp_path).runs(LESSON, "generate")) == 1  # draws are no runs


async def test_tbptt_shows_the_graph_sizes_and_what_backward_did(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(60, 20)) as pilot:
        panel = await open_tab(pilot)
        chunk = panel.query_one("#generate-chunk", Input)
        assert chunk.disabled
        panel.query_one(Toggle).value = True
        await settle(pilot)
        assert not chunk.disabled
        await train(pilot, panel, epochs=2)
        view = text_of(panel, "tbptt-view")
        flat = " ".join(view.split())
        assert "with h.detach() 307, 307, 307; without it 307, 598, 889" in flat
        assert "backward worked 1 time, then torch raised: Trying to backward twice." in flat
        assert "no padding" in text_of(panel, "masking")
        assert Store.open(tmp_path).runs(LESSON, "generate")[0].config["tbptt_chunk"] == 20


def test_the_words_follow_the_numbers() -> None:
    assert colder(TEMPERATURES[0]) == TEMPERATURES[0] and hotter(2.0) == TEMPERATURES[-1]
    assert [hotter(t) for t in TEMPERATURES[:-1]] == list(TEMPERATURES[1:])
    assert colder(0.8) == 0.6 and hotter(0.8) == 1.0
    demo = {
        "chunk": 5,
        "streams": 8,
        "steps_per_stream": 100,
        "chunks_per_epoch": 20,
        "graph_nodes": {"detached": [10, 10], "not_detached": [10, 19]},
        "without_detach": {"backward_calls_that_worked": 2, "error": None},
    }
    sentences = tbptt_sentences(demo)
    assert "5 steps at a time (20 chunks an epoch)" in sentences[0]
    assert "with h.detach() 10, 10; without it 10, 19" in sentences[1]
    assert sentences[-1] == "Without h.detach(), backward raised no error in this run."
    mask = {
        "names": 4,
        "length": 7,
        "real_targets": 20,
        "padded_targets": 8,
        "loss_masked": 2.0,
        "loss_padding_scored": 3.25,
    }
    assert "4 names padded to 7 steps, 20 real targets and 8 padded" in masking_sentence(mask)
