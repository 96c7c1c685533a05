"""Shared fixtures: every test gets its own data directory, never the learner's real one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("RNN_TUTOR_HOME", str(home))
    return home


def cli(*args: str) -> list[str]:
    """The installed console script, run with this interpreter."""
    return [sys.executable, "-m", "tui.cli", *args]


def clean_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    return env
