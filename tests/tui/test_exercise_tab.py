"""The exercise tab with the real Checker: the learner's copy, saving as they type, checks shown
and recorded, the hint and the solution's gate, a change made outside the app."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from exercises.catalog import find
from exercises.learner_files import HINT_STATE, PASSED, learner_path, status
from lessons.store import Store
from tui.app import TutorApp
from tui.panels.exercise import ExercisePanel

from .helpers import open_lesson, shown, until

WRONG = "a - b"  # realistic slip: the broadcast shape is right, the values are not
TEMPLATE_BODY = (
    '    raise NotImplementedError(\n        "TODO: return the element-wise sum of a and b"\n    )'
)


def code_with(body: str) -> str:
    template = find("sample").template()
    assert TEMPLATE_BODY in template
    return template.replace(TEMPLATE_BODY, f"    return {body}")


async def open_exercises(pilot) -> ExercisePanel:
    screen = await open_lesson(pilot, "rnn-basics", "exercises")
    return screen.query_one(ExercisePanel)


def result(panel: ExercisePanel) -> str:
    return shown(panel.query_one("#exercise-result", Static))


def verdict(panel: ExercisePanel) -> str:
    """The status line under the editor, which says how many checks pass."""
    return shown(panel.query_one("#exercise-status", Static))


async def test_write_check_fix_and_record(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    path = learner_path(tmp_path, "sample")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercises(pilot)
        assert panel.exercise.name == "sample"
        assert path.read_text() == find("sample").template()  # the copy, made on opening

        await pilot.press("f3")  # not passed yet: no solution
        extra = shown(panel.query_one("#exercise-extra", Static))
        assert "opens once your code passes" in extra and "return a + b" not in extra
        await pilot.press("f2")
        assert find("sample").hint in shown(panel.query_one("#exercise-extra", Static))

        editor = panel.query_one("#exercise-editor", TextArea)
        await pilot.press("enter")
        assert app.focused is editor
        editor.load_text(code_with(WRONG))  # as if typed: Changed, then the debounced save
        await until(pilot, lambda: path.read_text() == code_with(WRONG), timeout=10)
        await until(pilot, lambda: "checks pass" in verdict(panel), timeout=120)
        text = result(panel)
        assert "✗ add(a, b) equals torch.add on random tensors:" in text
        assert "✓ add(a, b) has the broadcast shape" in text

        editor.load_text(code_with("a + b"))
        await until(pilot, lambda: "all 4 checks pass" in verdict(panel), timeout=60)
        await pilot.press("escape")  # leaves the editor, not the lesson
        assert app.focused is panel
        await pilot.press("f3")
        assert "return a + b" in shown(panel.query_one("#exercise-extra", Static))
    store = Store.open(tmp_path)
    checks = store.exercise_checks("sample")
    assert [check.passed for check in checks] == [False, True]
    assert checks[0].first_failure == "add(a, b) equals torch.add on random tensors"
    assert checks[0].code == code_with(WRONG) and checks[1].code == code_with("a + b")
    assert all(check.hint_used and check.lesson == "rnn-basics" for check in checks)
    assert store.get_state(HINT_STATE + "sample") is not None
    assert status(tmp_path, "sample") == PASSED


async def test_a_change_from_outside_is_reloaded_and_checked(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    path = learner_path(tmp_path, "sample")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercises(pilot)
        path.write_text(code_with("a + b"))  # another editor saves
        editor = panel.query_one("#exercise-editor", TextArea)
        await until(pilot, lambda: editor.text == code_with("a + b"), timeout=10)
        await until(pilot, lambda: "all 4 checks pass" in verdict(panel), timeout=120)


async def test_external_editor_is_reloaded_and_checked(tmp_path: Path, monkeypatch) -> None:
    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "\\nVALUE = 1\\n" >> "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = TutorApp(tmp_path, start_engine=False)
    path = learner_path(tmp_path, "sample")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_exercises(pilot)
        await pilot.press("f4")  # run_test has no terminal to hand over: said, nothing lost
        assert "cannot run here" in shown(panel.query_one("#exercise-problem", Static))
        # What follows suspend(): the editor runs, the file is read back and checked.
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await pilot.press("f4")
        editor = panel.query_one("#exercise-editor", TextArea)
        assert editor.text.endswith("\nVALUE = 1\n") and path.read_text() == editor.text
        await until(pilot, lambda: "checks pass" in verdict(panel), timeout=120)
    assert os.path.exists(path)


async def test_the_lesson_list_counts_exercises_passed(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.record_exercise_check("gru-cell", "lstm-gru", False, "x", False, "wrong")
    store.record_exercise_check("lstm-cell", "lstm-gru", True, "", False, "right")
    store.close()
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        rows = app.screen.query_one("OptionList")
        text = "".join(
            str(segment.text) for y in range(rows.size.height) for segment in rows.render_line(y)
        )
        assert "LSTM and GRU  [not started]  exercises 1 of 2" in text
        assert "RNN Basics  [not started]  exercises 0 of 3" in text


@pytest.mark.parametrize(("size", "lines"), [((80, 24), 10), ((60, 20), 6)])
async def test_the_editor_keeps_most_of_the_height_under_long_feedback(
    tmp_path: Path, size: tuple[int, int], lines: int
) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=size) as pilot:
        screen = await open_lesson(pilot, "lstm-gru", "exercises")
        panel = screen.query_one(ExercisePanel)
        assert panel.exercise.name == "gru-cell"
        await pilot.press("ctrl+r")  # the template: every check fails, each with a long message
        await until(pilot, lambda: "0 of 3 checks pass" in verdict(panel), timeout=120)
        feedback = panel.query_one("#exercise-feedback")
        editor = panel.query_one("#exercise-editor", TextArea)
        # More feedback than fits: it scrolls, in a bounded area.
        assert feedback.virtual_size.height > feedback.size.height
        # Lines of code in view: inside the border, without the horizontal scrollbar.
        assert editor.scrollable_content_region.height >= lines
        assert "F5" in verdict(panel)
        bounded = feedback.size.height
        await pilot.press("f5")  # the feedback gets most of the panel; the editor a few lines
        await pilot.pause()
        assert feedback.size.height >= 2 * bounded
        if size == (80, 24):
            assert feedback.virtual_size.height <= feedback.size.height  # all of it in view
        assert editor.scrollable_content_region.height >= 2
        await pilot.press("f5")
        await pilot.pause()
        assert editor.scrollable_content_region.height >= lines


async def test_a_passing_train_loop_check_in_the_app_keeps_its_curve(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    path = learner_path(tmp_path, "train-loop")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "sequence-practice", "exercises")
        panel = screen.query_one(ExercisePanel)
        panel.query_one("#exercise-choice").value = "train-loop"
        await until(pilot, lambda: panel.exercise.name == "train-loop", timeout=10)
        path.write_text(find("train-loop").solution())  # another editor saves the solution
        await until(pilot, lambda: "all 7 checks pass" in verdict(panel), timeout=120)
    [check] = Store.open(tmp_path).exercise_checks("train-loop")
    runs = check.data["train_loop_curve"]["runs"]
    assert check.passed and len(runs) == 2 and all(len(r["val_losses"]) == 15 for r in runs)
    # The curve the check measured: each task's last loss is below the level it required.
    assert all(r["val_losses"][-1] < 0.5 * r["persistence_mse"] for r in runs)


@pytest.mark.parametrize("width", [80, 60])
async def test_a_68_column_line_fits_at_80_and_wraps_narrower(tmp_path: Path, width: int) -> None:
    # The exercise files keep to 68 columns (tests/exercises/test_learner_file_width.py).
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await open_lesson(pilot, "lstm-gru", "exercises")
        editor = screen.query_one(ExercisePanel).query_one("#exercise-editor", TextArea)
        await pilot.pause()
        assert editor.soft_wrap  # a narrower screen wraps a line rather than hide its end
        if width == 80:
            assert editor.wrap_width >= 68


async def test_a_passing_exercise_passes_a_lesson_whose_rule_names_it(tmp_path: Path) -> None:
    # Text as Sequences: everything of its rule but pad-pack is in the record beforehand.
    from lessons import catalog, progress

    lesson = catalog.lesson("text-sequences")
    store = Store.open(tmp_path)
    for item in lesson.passing.quiz:
        store.record_attempt(lesson.id, item, "x", True)
    store.record_attempt(lesson.id, "prediction", "{}", True)
    for task in lesson.passing.runs:
        store.record_run(lesson.id, task, {}, {})
    store.save_note("padding", "h_n of the packed run, not output[:, -1]")
    assert [r.name for r in progress.requirements(store, lesson) if not r.met] == [
        "exercise:pad-pack"
    ]
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "text-sequences", "exercises")
        panel = screen.query_one(ExercisePanel)
        assert panel.exercise.name == "pad-pack"
        panel.query_one("#exercise-editor", TextArea).load_text(find("pad-pack").solution())
        await until(pilot, lambda: "checks pass" in verdict(panel), timeout=120)
        assert Store.open(tmp_path).lesson_status("text-sequences") == "passed"
