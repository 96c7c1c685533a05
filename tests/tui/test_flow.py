"""The learner's flow (issue 16): counts that keep up with the answers, runs named by the
series they read."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from lessons.catalog import lesson
from tui.app import TutorApp
from tui.panels.series import time_axis
from tui.path_text import saved_notice, short_path

from .helpers import open_lesson, shown


async def test_right_this_round_counts_the_answer_just_given(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "roadmap", "quiz")
        first = lesson("roadmap").quiz[0]
        assert first.kind == "choice"
        progress = screen.query_one("#quiz-progress", Static)
        assert "right this round: 0" in shown(progress)
        await pilot.press(str(first.answer))
        await pilot.pause()
        assert "right this round: 1" in shown(progress)  # before moving on, not after
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 2" in shown(progress) and "right this round: 1" in shown(progress)


def test_a_path_in_a_notice_is_shortened_whole_parts_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOME", "/home/learner")
    deep = Path("/home/learner/.local/share/rnn-tutor/exports/rnn_first_loop.py")
    # 26 columns: home as ~, middle folders as …, every name whole.
    assert short_path(deep) == "~/…/rnn_first_loop.py"
    assert short_path(deep, room=40) == "~/…/rnn-tutor/exports/rnn_first_loop.py"
    assert short_path(Path("/home/learner/data")) == "~/data"
    notice = saved_notice("the portfolio", deep).splitlines()
    assert notice[1] == "rnn_first_loop.py" and notice[2] == "in ~/…/rnn-tutor/exports"


def test_the_time_axis_says_years_where_the_series_knows_them() -> None:
    sunspots = {"step": "year", "start": 1700.0, "per_year": 1.0}
    label, (ticks, labels) = time_axis(sunspots, 0, 308)
    assert label == "year" and labels[0] == "1700" and labels[-1] == "2000"
    assert ticks[-1] == 300  # value number 300 is the year 2000
    label, ticks = time_axis({"step": "row", "start": None, "per_year": None}, 0, 99)
    assert label == "row number, from 0" and ticks is None
