"""The Padding tab with the fake engine: the lengths come before the predictions, a run grades
all five, the padded grid marks each pad cell without colour, and prose typed anywhere stays in
its field and in the lesson."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from textual.widgets import Input, Static

from engine.pack import PackConfig
from lessons.store import Store
from tui.app import TutorApp
from tui.panels.pack import PackPanel

from .helpers import open_when_ready, settle, showing, shown, type_text, until

FAKE_ENGINE = [sys.executable, str(Path(__file__).with_name("fake_engine.py"))]
GUESSES = ("input", "packed_data", "output", "h_n", "batch_sizes")


async def open_padding(pilot) -> PackPanel:
    screen = await open_when_ready(pilot, "text-sequences", "pack")
    panel = screen.query_one(PackPanel)
    lengths = panel.query_one("#pack-lengths", Static)
    await until(pilot, lambda: shown(lengths).startswith("lengths ["))
    return panel


async def predict(pilot, panel: PackPanel, guesses: list[str]) -> str:
    for key, text in zip(GUESSES, guesses, strict=True):
        field = panel.query_one(f"#guess-{key}", Input)
        field.focus()
        field.value = ""
        await type_text(pilot, text)
    await pilot.press("enter")
    result = panel.query_one("#pack-result", Static)
    await until(pilot, lambda: "Run #" in shown(result))
    return shown(result)


async def test_predictions_are_graded_and_the_grid_marks_pad_cells(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_padding(pilot)
        assert app.focused is panel.query_one("#guess-input", Input)
        before = shown(panel.query_one("#pack-lengths", Static))
        lengths = json.loads(before.split("lengths ", 1)[1].split("]")[0] + "]")
        assert len(lengths) == 4 and max(lengths) == 6  # the tab's defaults: 4 sequences, 6 steps
        assert "Run #" not in shown(panel.query_one("#pack-result", Static))

        # Worked out here from the lengths alone: packed data keeps sum(lengths) steps; at step
        # t, batch_sizes counts the sequences longer than t.
        batch_sizes = [sum(1 for n in lengths if n > t) for t in range(6)]
        counts = " ".join(map(str, batch_sizes))
        # Two classic slips: h_n laid out batch first, and the lengths typed as batch_sizes.
        view = await predict(
            pilot, panel, ["4 6 3", f"{sum(lengths)}, 3", "[4, 6, 5]", "4 1 5", str(lengths)]
        )
        assert "✓ (4, 6, 3)" in view and f"✓ ({sum(lengths)}, 3)" in view
        assert "✓ (4, 6, 5)" in view
        assert "✗ (4, 1, 5)" in view and "h_n is [num_layers, batch, hidden]" in view
        assert f"✗ {lengths}" in view and "how many sequences are longer than" in view
        # A row per sequence, a cell per step: real steps ■, padding ·, then batch_sizes.
        for i, n in enumerate(lengths):
            cells = " ".join(["■"] * n + ["·"] * (6 - n))
            assert f"seq {i} len {n}  {cells}" in view
        assert f"batch_sizes  {counts}" in view
        # The full-length sequence's last output matches h_n; every shorter one does not.
        rows = {int(line.split()[0]): line for line in view.splitlines() if "(0.250)" in line}
        assert sorted(rows) == [i for i, n in enumerate(lengths) if n < 6]

        view = await predict(
            pilot, panel, ["4 6 3", f"{sum(lengths)} 3", "4 6 5", "1 4 5", f"({counts})"]
        )
        assert "✓ (1, 4, 5)" in view and "✓ " + str(batch_sizes) in view
        assert "All right" in view
        assert showing(app.screen, "text-sequences")

    store = Store.open(tmp_path)
    assert [run.task for run in store.runs("text-sequences")] == ["pack", "pack"]
    attempts = store.attempts("text-sequences", "prediction")
    assert [attempt.correct for attempt in attempts] == [False, True]
    assert json.loads(attempts[0].answer)["predictions"]["h_n"] == "4 1 5"


async def test_typing_prose_never_leaves_the_lesson(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(60, 20)) as pilot:
        panel = await open_padding(pilot)
        prose = "learn p q n e x r [/] h[t-1] the notes"
        await type_text(pilot, prose)  # the keyboard starts in the first guess
        assert panel.query_one("#guess-input", Input).value == prose
        assert showing(app.screen, "text-sequences") and app.screen.query(PackPanel)
        await pilot.press("enter")
        message = shown(panel.query_one("#pack-message", Static))
        assert "Predict first: type x and packed.data" in message
        batch = panel.query_one("#pack-batch", Input)
        batch.focus()
        batch.value = ""
        await type_text(pilot, "q l p")
        await settle(pilot)
        assert batch.value == "q l p"
        assert "batch" in shown(panel.query_one("#pack-message", Static))
        assert shown(panel.query_one("#pack-lengths", Static)).strip() == ""  # none drawn
        # An answer for settings the learner has since edited away does not come back.
        panel.ask_lengths(PackConfig())
        await settle(pilot)
        assert shown(panel.query_one("#pack-lengths", Static)).strip() == ""
        assert showing(app.screen, "text-sequences") and app.screen.query(PackPanel)
    assert Store.open(tmp_path).runs("text-sequences") == []
