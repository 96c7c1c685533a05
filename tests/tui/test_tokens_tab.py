"""The Tokens tab: predict the shapes of ids, one-hot and embedded, then see the grid with its pad
cells, one word's one-hot rows and its embedding rows; typing in its fields stays in the lesson.
The fake engine answers the tokens task by hand (tests/tui/fake_engine.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import Input, Static

from lessons.store import Store
from tui.app import TutorApp
from tui.panels.tokens import TokensPanel
from tui.widgets.message_line import MessageLine

from .helpers import open_when_ready, settle, showing, shown, type_text, until

FAKE_ENGINE = [sys.executable, str(Path(__file__).with_name("fake_engine.py"))]


async def fill(pilot, field: Input, text: str) -> None:
    field.focus()
    field.value = ""
    await type_text(pilot, text)


async def test_predict_then_see_the_grid_one_hot_and_embedding_rows(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_when_ready(pilot, "text-sequences", "tokens")
        panel = screen.query_one(TokensPanel)
        await until(pilot, lambda: panel.shown.is_set())
        assert app.focused is panel.query_one("#guess-ids", Input)
        result = panel.query_one("#tok-result", Static)
        message = panel.query_one(MessageLine)
        # Enter before any prediction asks for them and runs nothing.
        await pilot.press("enter")
        await settle(pilot)
        assert "Predict first" in str(message.content)
        assert "Run" not in shown(result)
        await fill(pilot, panel.query_one("#tok-words", Input), "Li,rossi")
        await fill(pilot, panel.query_one("#tok-embedding", Input), "3")
        await fill(pilot, panel.query_one("#guess-ids", Input), "2, 5")
        await fill(pilot, panel.query_one("#guess-one_hot", Input), "2 5 26")  # vocab is 27
        await fill(pilot, panel.query_one("#guess-embedded", Input), "(2, 5, 3)")
        await pilot.press("enter")
        await until(pilot, lambda: "Run" in shown(result))
        text = shown(result)
        assert "✓ (2, 5)" in text and "✗ (2, 5, 26)" in text and "✓ (2, 5, 3)" in text
        assert "one_hot: Not quite: dimension 2 differs; the answer is (2, 5, 27)" in text
        # The grid: "li" is padded with three pad cells, "rossi" with none.
        assert "li          12   9 pad pad pad" in text
        assert "rossi       18  15  19  19   9" in text
        # "li"'s one-hot rows: the 1 under l, then under the pad column "·".
        assert "   0 l      " + "0" * 12 + "1" + "0" * 14 in text
        assert "   2 <pad>  1" + "0" * 26 in text
        # Its embedding rows: the fake table's row 12 (12/10 + j/100), the pad steps zeros.
        assert "   0 l     12   1.20  1.21  1.22" in text
        assert "   4 <pad>  0   0.00  0.00  0.00" in text
        assert "torch.int64" in text
        runs = Store.open(tmp_path).runs("text-sequences", "tokens")
        assert len(runs) == 1 and runs[0].config["words"] == "li,rossi"
        attempts = Store.open(tmp_path).attempts("text-sequences", item="prediction")
        assert [attempt.correct for attempt in attempts] == [False]
        # All three right counts as a right prediction.
        await fill(pilot, panel.query_one("#guess-one_hot", Input), "2, 5, 27")
        await pilot.press("enter")
        await until(pilot, lambda: "All right" in shown(result))
        attempts = Store.open(tmp_path).attempts("text-sequences", item="prediction")
        assert sorted(attempt.correct for attempt in attempts) == [False, True]


async def test_typing_prose_in_the_fields_never_leaves_the_lesson(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_when_ready(pilot, "text-sequences", "tokens")
        panel = screen.query_one(TokensPanel)
        await until(pilot, lambda: panel.shown.is_set())
        message = panel.query_one(MessageLine)
        prose = "the quick brown fox, quits! [x] q e k p ?"
        await fill(pilot, panel.query_one("#tok-words", Input), prose)
        assert showing(app.screen, "text-sequences") and app.screen is screen
        assert "only the letters a to z" in str(message.content)
        assert panel.query_one("#tok-words", Input).value == prose
        await fill(pilot, panel.query_one("#tok-embedding", Input), "q?!")
        assert app.screen is screen
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Fix the settings first" in str(message.content)
        await fill(pilot, panel.query_one("#guess-ids", Input), "quit")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert Store.open(tmp_path).runs("text-sequences", "tokens") == []
