"""Random keys across every screen, with the real engine on a tiny budget, raise no exception.
The seed is in the test's name: a failure replays with the same keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.validation import BUDGET_CAP_VAR
from tui.app import TutorApp

from . import monkey

FAST_KEYS = 800
SOAK_KEYS = 3000


async def romp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, count: int) -> None:
    monkeypatch.setenv(BUDGET_CAP_VAR, "3")  # real training, three steps or epochs at most
    app = TutorApp(tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            visited = await monkey.run(app, pilot, seed, count)
    except Exception as error:  # pragma: no cover - only on failure
        raise AssertionError(f"the monkey with seed {seed} ({count} keys) broke the app") from error
    assert len(visited) >= 3, f"seed {seed} only saw {visited}"


@pytest.mark.parametrize("seed", [1])
async def test_monkey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    await romp(tmp_path, monkeypatch, seed, FAST_KEYS)


@pytest.mark.soak
@pytest.mark.parametrize("seed", [11, 12, 13])
async def test_long_monkey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    await romp(tmp_path, monkeypatch, seed, SOAK_KEYS)
