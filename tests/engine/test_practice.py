"""Practice: windows and split by hand, baselines recomputed from the raw series, training-only
normalisation, honest and leaky splits, and divergence caught."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from engine.control import Control
from engine.practice import (
    PracticeConfig,
    chronological_split,
    fit,
    run,
    windows,
)
from engine.practice_failures import PracticeFailureConfig
from engine.practice_failures import run as run_failure
from engine.validation import ConfigError

FAST = {"epochs": 8, "hidden": 8, "patience": 0}


def csv_series(tmp_path: Path, values: list[float]) -> dict:
    path = tmp_path / "series.csv"
    path.write_text("value\n" + "\n".join(str(v) for v in values) + "\n")
    return {"csv": str(path), "column": "value"}


def test_windows_and_split_by_hand() -> None:
    # 60 values, window 5: targets 5..59 (55 of them); 20% = 11 for validation.
    split = chronological_split(60, 5, test=False)
    assert split.to_dict() == {"train": [5, 49], "val": [49, 60]}
    with_test = chronological_split(100, 10, test=True)
    assert with_test.to_dict() == {"train": [10, 68], "val": [68, 86], "test": [86, 100]}
    values = torch.arange(20, dtype=torch.float32)
    x = windows(values, [5, 6], 5)
    assert x.shape == (2, 5, 1)
    assert x[0, :, 0].tolist() == [0, 1, 2, 3, 4]  # the window before target x[5]
    assert x[1, :, 0].tolist() == [1, 2, 3, 4, 5]


def test_too_short_a_series_says_how_long_it_must_be() -> None:
    with pytest.raises(ConfigError, match="the series has 40, it needs at least"):
        chronological_split(40, 30, test=False)


def test_baselines_recomputed_from_the_raw_series(tmp_path: Path) -> None:
    values = [math.sin(t / 3) * 10 + t * 0.1 for t in range(120)]
    result = run(PracticeConfig(**csv_series(tmp_path, values), window=6, **FAST)).to_dict()
    start, end = result["split"]["val"]
    targets = range(start, end)
    persistence = sum(abs(values[t] - values[t - 1]) for t in targets) / len(targets)
    mean = sum(abs(values[t] - sum(values[t - 6 : t]) / 6) for t in targets) / len(targets)
    assert result["metrics"]["persistence"]["mae"] == pytest.approx(persistence, rel=1e-5)
    assert result["metrics"]["mean"]["mae"] == pytest.approx(mean, rel=1e-5)
    model = result["metrics"]["model"]["mae"]
    assert result["metrics"]["mase"] == pytest.approx(model / persistence, rel=1e-5)
    assert result["window_shape"] == [result["split"]["train"][1] - 6, 6, 1]


def test_seasonal_naive_uses_one_season_back() -> None:
    result = run(PracticeConfig(dataset="elnino", window=12, **FAST)).to_dict()
    from engine.series import load

    values = load("elnino").values
    start, end = result["split"]["val"]
    seasonal = sum(abs(values[t] - values[t - 12]) for t in range(start, end)) / (end - start)
    assert result["metrics"]["seasonal"]["mae"] == pytest.approx(seasonal, rel=1e-5)


def test_normalisation_uses_the_training_part_only(tmp_path: Path) -> None:
    # A huge jump in the validation part: statistics from all data would include it.
    values = [float(t % 7) for t in range(100)]
    values[90:] = [1000.0] * 10
    result = run(PracticeConfig(**csv_series(tmp_path, values), window=5, **FAST)).to_dict()
    train_end = result["split"]["train"][1]
    seen = torch.tensor(values[:train_end])
    assert result["normalisation"]["mean"] == pytest.approx(float(seen.mean()), rel=1e-6)
    assert result["normalisation"]["std"] == pytest.approx(float(seen.std()), rel=1e-6)
    assert result["normalisation"]["mean"] < 10


def test_horizon_compares_like_with_like() -> None:
    result = run(PracticeConfig(dataset="sunspots", horizon=3, **FAST)).to_dict()
    from engine.series import load

    values = load("sunspots").values
    start, end = result["split"]["val"]
    persistence = sum(abs(values[t] - values[t - 3]) for t in range(start, end)) / (end - start)
    assert result["metrics"]["persistence"]["mae"] == pytest.approx(persistence, rel=1e-5)
    assert result["multistep"]["k"][:3] == [1, 2, 3]


def test_the_shuffled_split_leaks_and_the_honest_one_does_not() -> None:
    result = run_failure(PracticeFailureConfig(dataset="sunspots", mode="leak-shuffle")).to_dict()
    honest, leaky = result["runs"]["honest"], result["runs"]["broken"]
    assert leaky["mase"] < 0.85 * honest["mase"]  # too good to be true
    split = chronological_split(309, 20, test=False)
    assert split.train[1] == split.val[0]  # honest: every validation target after training


def test_divergence_is_caught_not_raised() -> None:
    class Exploding(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.scale = torch.nn.Parameter(torch.ones(1))

        def forward(self, x):
            return x[:, -1] * self.scale * float("inf")

    x = torch.ones(8, 3, 1)
    y = torch.ones(8, 1)
    config = PracticeConfig(epochs=5, batch=4)
    outcome = fit(Exploding(), x, y, x, y, config, lambda event: None, Control())
    assert outcome["status"] == "diverged"
    assert len(outcome["curve"]) == 1


def test_early_stopping_keeps_the_best_epoch() -> None:
    result = run(PracticeConfig(dataset="nile", window=10, epochs=200, patience=5)).to_dict()
    curve = result["curve"]
    best = min(curve, key=lambda point: point[2])
    assert result["best_epoch"] == best[0]
    assert result["status"] == "stopped early"
    assert len(curve) == result["best_epoch"] + 5
