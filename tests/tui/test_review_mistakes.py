"""A wrong shape-lab prediction comes back in the review, as a shape question torch answers."""

from __future__ import annotations

from pathlib import Path

import torch
from textual.widgets import Input, OptionList, Static

from lessons import catalog
from lessons.store import Store
from tui.app import TutorApp

from .helpers import engine_ready, settle, shown, type_text, until


async def test_a_wrong_shape_lab_prediction_joins_the_review(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await engine_ready(app)
        app.open_lesson("rnn-basics", "lab")
        await settle(pilot)
        screen = app.screen
        # The default lab module: nn.LSTM(5, 16, batch_first=True) on [3, 7, 5]. output and
        # c_n right, h_n laid out batch first (wrong).
        await type_text(pilot, "3 7 16")
        await pilot.press("tab")
        await type_text(pilot, "3 1 16")
        await pilot.press("tab")
        await type_text(pilot, "1 3 16")
        await pilot.press("enter")
        await settle(pilot)
        assert "✗ (3, 1, 16)" in shown(screen.query_one("#lab-result", Static))

        # The lesson list counts it as due for review.
        await pilot.press("escape")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.query("#lessons"))
        rows = app.screen.query_one("#lessons", OptionList)
        basics = catalog.lesson("rnn-basics")
        row = shown(Static(rows.get_option(basics.id).prompt))
        assert "review: 1 due" in row

        # The review asks it first (a wrong answer), worded as a shape item, saying where from.
        app.open_lesson("self-check", "review")
        await settle(pilot)
        screen = app.screen
        prompt = shown(screen.query_one("#quiz-prompt", Static))
        assert "nn.LSTM(input_size=5, hidden_size=16, batch_first=True)" in prompt
        assert "(3, 7, 5). Type h_n.shape" in prompt
        origin = shown(screen.query_one("#quiz-context", Static))
        assert origin.startswith("From your shape lab, ")
        assert "you answered (3, 1, 16)" in origin
        # torch's own answer for that configuration is right.
        _, (h_n, _) = torch.nn.LSTM(5, 16, batch_first=True)(torch.zeros(3, 7, 5))
        screen.query_one("#quiz-answer", Input).focus()
        await type_text(pilot, " ".join(str(size) for size in h_n.shape))
        await pilot.press("enter")
        feedback = screen.query_one("#quiz-feedback", Static)
        await until(pilot, lambda: shown(feedback).startswith("Right"))

    store = Store.open(tmp_path)
    [mistake] = store.mistakes("rnn-basics")
    assert (mistake.source, mistake.field, mistake.answer) == (
        "shape lab",
        "shapes.h_n",
        "(3, 1, 16)",
    )
    assert store.attempts("rnn-basics", f"mistake-{mistake.id}")[-1].correct is True


async def test_a_wrong_generated_quiz_question_keeps_its_configuration(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await engine_ready(app)
        app.open_lesson("rnn-basics", "quiz")
        await settle(pilot)
        screen = app.screen
        panel = screen.query_one("QuizPanel")
        assert panel.item.id == "drill-output"  # generated: a fresh configuration each try
        asked = dict(panel.config)
        screen.query_one("#quiz-answer", Input).focus()
        await type_text(pilot, "1 1 1 1 1")  # no output of a recurrent layer has five dims
        await pilot.press("enter")
        feedback = screen.query_one("#quiz-feedback", Static)
        await until(pilot, lambda: shown(feedback).startswith("Not quite"))
    [mistake] = Store.open(tmp_path).mistakes("rnn-basics")
    assert (mistake.source, mistake.item, mistake.field) == (
        "quiz",
        "drill-output",
        "shapes.output",
    )
    assert mistake.config == asked and mistake.answer == "(1, 1, 1, 1, 1)"
