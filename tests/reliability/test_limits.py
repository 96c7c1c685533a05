"""Absurd sizes are refused before anything runs; divergence stops cleanly with an explanation."""

from __future__ import annotations

import pytest

from engine.practice_failures import PracticeFailureConfig
from engine.practice_failures import run as run_failure
from engine.race import RaceConfig
from engine.race import run as race
from engine.tasks import get_task
from engine.validation import ConfigError
from lessons.practice_text import explain_failure

ABSURD = [
    ("shape-check", {"batch": 10**9}),
    ("shape-check", {"hidden": 10**6}),
    ("shapes", {"batch": 10**9}),
    ("shapes", {"hidden": 10**6}),
    ("shapes", {"layers": 1000}),
    ("trace", {"steps": 10**7}),
    ("trace", {"hidden": 10**6}),
    ("race", {"hidden": 10**6}),
    ("race", {"batch": 10**9}),
    ("race", {"steps": 10**9}),
    ("race", {"delay": 10**6}),
    ("horizon", {"hidden": 10**6}),
    ("practice", {"hidden": 10**6}),
    ("practice", {"window": 10**6}),
    ("practice", {"epochs": 10**9}),
    ("practice", {"batch": 10**9}),
    ("practice", {"lr": 1e9}),
]


@pytest.mark.parametrize(("task", "settings"), ABSURD)
def test_absurd_sizes_are_refused_before_running(task: str, settings: dict) -> None:
    with pytest.raises(ConfigError, match="must be from"):
        get_task(task).config.from_dict(settings)


def test_a_diverging_race_is_stopped_and_named() -> None:
    result = race(RaceConfig(models=("rnn",), lr=10.0, clip=False, steps=200, eval_every=5))
    model = result.models["rnn"]
    # lr 10 without clipping either blows up (caught) or ends far above the baseline: either
    # way the verdict says so rather than claiming progress.
    assert model.verdict.startswith("diverged") or model.verdict == "stuck at baseline"


def test_a_huge_learning_rate_in_practice_is_explained() -> None:
    config = PracticeFailureConfig(dataset="nile", window=8, epochs=6, mode="lr-large")
    result = run_failure(config).to_dict()
    broken = result["runs"]["broken"]
    assert broken["status"] in ("diverged", "stopped early", "finished")  # never an exception
    text = explain_failure("lr-large", result["runs"])
    assert "Learning rate 50" in text or "stopped being a finite number" in text
