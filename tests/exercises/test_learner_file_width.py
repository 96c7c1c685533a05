"""The files the learner edits (template.py) and reads (solution.py) fit an 80-column editor
with line numbers: every line is at most 68 characters. exercises/ruff.toml makes ruff hold them
to it; this catches a config nearer to them that would not."""

from __future__ import annotations

from pathlib import Path

import pytest

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
LEARNER_FILES = sorted(EXERCISES.glob("*/template.py")) + sorted(EXERCISES.glob("*/solution.py"))
WIDTH = 68


def too_long(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if len(line) > WIDTH]


def test_too_long_finds_a_long_line():
    assert too_long("short\n" + "x" * (WIDTH + 1) + "\n" + "y" * WIDTH) == [2]


def test_there_are_learner_files():
    assert len(LEARNER_FILES) >= 2 * 9


@pytest.mark.parametrize("path", LEARNER_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_line_fits(path):
    assert too_long(path.read_text(encoding="utf-8")) == []


def test_the_exercises_config_sets_68_for_ruff():
    config = (EXERCISES / "ruff.toml").read_text(encoding="utf-8")
    assert 'extend = "../pyproject.toml"' in config
    assert f"line-length = {WIDTH}" in config


def test_no_nearer_config_overrides_it():
    # Ruff uses the nearest config: one in an exercise's folder would replace this one there.
    nearer = [
        p
        for name in ("ruff.toml", ".ruff.toml", "pyproject.toml")
        for p in EXERCISES.glob(f"*/{name}")
    ]
    assert nearer == []
