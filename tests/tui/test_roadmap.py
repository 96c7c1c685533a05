"""The roadmap lesson end to end, driven by keyboard as a learner would, with the real engine."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from dataclasses import replace
from pathlib import Path

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, OptionList, Static, TextArea

from lessons.catalog import lesson
from lessons.store import Store
from tui.app import TutorApp
from tui.panels.notes import NotesPanel
from tui.record_writer import SAVE_DELAY
from tui.screens.coming_soon import ComingSoonScreen
from tui.screens.help import HelpScreen
from tui.screens.lesson_list import LessonListScreen

from .helpers import engine_ready, open_when_ready, settle, showing, shown, type_text

NOTE = "h[t-1] = tanh(W h[t-1]) [/] [@click=app.quit]x[/]"


def expected_answer(item) -> str:
    """The shape a quiz item asks for, by the formula (not by the program under test)."""
    c = item.config
    shapes = {
        "outputs_shape": (c["batch"], c["seq_len"], c["hidden"]),
        "hidden_shape": (1, c["batch"], c["hidden"]),
    }
    return str(shapes[item.field])


async def test_walk_the_roadmap_then_restart(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LessonListScreen)
        await engine_ready(app)
        await pilot.press("enter")  # "Start with 6.4.1 RNN Roadmap"
        screen = app.screen
        assert showing(screen, "roadmap")

        # Shape check: change the sizes, predict, run.
        await pilot.press("s")
        assert app.focused is screen.query_one("#size-batch", Input)
        await type_text(pilot, "6")  # the box selects its text on focus, so this replaces it
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "9")  # hidden
        await pilot.press("tab")
        await type_text(pilot, "6,3,9")
        await pilot.press("tab")
        await type_text(pilot, "[1, 6, 9]")
        await pilot.press("enter")
        await settle(pilot)
        result = shown(screen.query_one("#result", Static))
        assert "outputs_shape: (6, 3, 9)" in result
        assert "hidden_shape: (1, 6, 9)" in result
        assert "hidden_size=9" in result

        # Quiz: leave the text box, open the quiz, answer every item right.
        await pilot.press("escape", "q")
        for item in lesson("roadmap").quiz:
            if item.kind == "choice":
                await pilot.press(str(item.answer))
            else:
                await type_text(pilot, expected_answer(item))
                await pilot.press("enter")
                await settle(pilot)
            feedback = shown(screen.query_one("#quiz-feedback", Static))
            assert feedback.startswith("Right"), feedback
            await pilot.press("enter")
        assert "6 of 6 right" in shown(screen.query_one("#quiz-prompt", Static))

        # Evidence notes: markup-looking text, saved while typing.
        await pilot.press("e")
        assert isinstance(app.focused, NotesPanel)  # not a note: the next key is not typed in
        await pilot.press("enter")
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, NOTE)
        await asyncio.sleep(SAVE_DELAY + 0.3)
        await pilot.pause()
        assert "saved" in str(app.focused.border_subtitle)

    store = Store.open(tmp_path)
    [run] = store.runs("roadmap", "shape-check")
    assert run.config["batch"] == 6 and run.config["hidden"] == 9
    assert run.result["outputs_shape"] == [6, 3, 9]
    [prediction] = store.attempts("roadmap", "prediction")
    assert prediction.correct is True and prediction.cited_runs == [run.id]
    assert json.loads(prediction.answer) == {"outputs_shape": "6,3,9", "hidden_shape": "[1, 6, 9]"}
    assert all(a.correct for a in store.attempts("roadmap") if a.item != "prediction")
    assert store.note("input") == NOTE
    assert store.lesson_status("roadmap") == "passed"
    store.close()

    # Restart on the same data dir: everything is still there.
    again = TutorApp(tmp_path, start_engine=False)
    async with again.run_test(size=(80, 24)) as pilot:
        rows = again.screen.query_one(OptionList)
        assert "RNN Roadmap (Notes)" in str(rows.get_option_at_index(0).prompt)
        await pilot.press("c")
        screen = again.screen
        assert showing(screen, "roadmap")
        assert screen.query_one("#note-input", TextArea).text == NOTE
        assert not isinstance(again.focused, TextArea)  # continuing does not put keys in a note
        await pilot.press("s")
        assert screen.query_one("#size-batch", Input).value == "6"
        assert screen.query_one("#size-hidden", Input).value == "9"
        await pilot.press("escape", "escape")
        assert isinstance(again.screen, LessonListScreen)


async def test_bad_sizes_and_missing_predictions_get_inline_messages(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson("roadmap", "shape")
        await pilot.pause()
        message = app.screen.query_one("#message", Static)
        await type_text(pilot, "-3")
        assert "batch must be from 1 to 256, not -3" in shown(message)
        await type_text(pilot, "x")
        assert "whole number" in shown(message)
        await pilot.press("backspace", "backspace", "backspace")
        assert "empty" in shown(message)
        await type_text(pilot, "2")
        assert not message.display
        await pilot.press("enter")
        assert "Predict first" in shown(message)
        assert Store.open(tmp_path).runs() == []


async def test_engine_death_is_reported_and_recovered(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_when_ready(pilot, "roadmap", "shape")
        first_pid = app.engine.pid
        os.kill(first_pid, signal.SIGKILL)
        for _ in range(100):
            await asyncio.sleep(0.05)
            if app.engine_state.phase == "restarting":
                break
        status = shown(app.screen.query_one("EngineStatus", Static))
        assert "engine stopped" in status and "restarting" in status
        await engine_ready(app)
        assert app.engine.pid != first_pid
        data = await app.engine.run("shape-check", {"batch": 3})
        assert data["outputs_shape"] == [3, 3, 4]
        await pilot.pause()
        assert "engine ready" in shown(app.screen.query_one("EngineStatus", Static))


async def test_keys_help_palette_and_unbuilt_lessons(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # A lesson not built yet (content can say so) opens a screen that says it, no crash.
        draft = replace(lesson("lstm-gru"), built=False)
        app.push_screen(ComingSoonScreen(draft))
        await pilot.pause()
        assert "not built yet" in shown(app.screen.query_one(".notice", Static))
        await pilot.press("escape")
        await pilot.press("home", "j", "enter")
        assert showing(app.screen, "roadmap")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = shown(app.screen.query("Static")[1])
        for words in ("Next lesson", "The self-check quiz", "Leave the tutor"):
            assert words in help_text
        assert "Hint" not in help_text  # the help lists the keys of the tab on screen
        await pilot.press("escape", "q", "question_mark")
        help_text = shown(app.screen.query("Static")[1])
        for words in ("1-4", "Hint", "Next lesson"):
            assert words in help_text
        assert "Scroll Up" not in help_text  # Textual's own scrolling keys are not ours to list
        await pilot.press("escape")
        assert showing(app.screen, "roadmap")
        await pilot.press("ctrl+n")
        assert app.screen.lesson.id == "rnn-basics"
        await pilot.press("ctrl+p")
        assert app.screen.lesson.id == "roadmap"
        await pilot.press("ctrl+o")  # the command palette
        await type_text(pilot, "Open 6.4.1")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert showing(app.screen, "roadmap")
        assert len(app.screen_stack) == 3  # default, list, roadmap: lessons never pile up


async def test_a_damaged_progress_file_is_reported(tmp_path: Path) -> None:
    tmp_path.joinpath("progress.db").write_bytes(b"not a database, just bytes " * 40)
    app = TutorApp(tmp_path, start_engine=False)
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        [notice] = [message.notification for message in messages if isinstance(message, Notify)]
        assert "could not be used" in notice.message and ".bad-" in notice.message
    assert len(list(tmp_path.glob("progress.db.bad-*"))) == 1


async def test_the_quiz_summary_repeats_missed_questions_as_asked(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_when_ready(pilot, "roadmap", "quiz")
        for item in lesson("roadmap").quiz:
            if item.kind == "choice":
                await pilot.press(str(item.answer % 4 + 1))  # a wrong choice
            else:
                await type_text(pilot, "9 9 9")
                await pilot.press("enter")
                await settle(pilot)
            assert shown(screen.query_one("#quiz-feedback", Static)).startswith("Not quite")
            await pilot.press("enter")
        summary = shown(screen.query_one("#quiz-options", Static))
    assert "{" not in summary, summary  # the numbers, not the template's placeholders
    assert "torch.randn(" in summary
