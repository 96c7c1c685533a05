"""The files the learner edits (template.py) and reads (solution.py) fit an 80-column editor
with line numbers: every line is at most 72 characters. Each exercise's ruff.toml makes ruff
hold them to it; this catches an exercise folder that lacks one."""

from __future__ import annotations

from pathlib import Path

import pytest

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
LEARNER_FILES = sorted(EXERCISES.glob("*/template.py")) + sorted(EXERCISES.glob("*/solution.py"))
WIDTH = 72


def too_long(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if len(line) > WIDTH]


def test_too_long_finds_a_long_line():
    assert too_long("short\n" + "x" * (WIDTH + 1) + "\n" + "y" * WIDTH) == [2]


def test_there_are_learner_files():
    assert len(LEARNER_FILES) >= 2 * 9


@pytest.mark.parametrize("path", LEARNER_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_line_fits(path):
    assert too_long(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("folder", sorted({p.parent for p in LEARNER_FILES}), ids=lambda p: p.name)
def test_every_exercise_folder_sets_72_for_ruff(folder):
    config = (folder / "ruff.toml").read_text(encoding="utf-8")
    assert 'extend = "../../pyproject.toml"' in config
    assert f"line-length = {WIDTH}" in config
