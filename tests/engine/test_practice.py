"""Practice: windows and split by hand, baselines and MASE recomputed from the raw series (the
CSV files statsmodels ships, read here with csv and numpy), training-only normalisation,
differences, the loop with and without zero_grad, honest and leaky splits scored on the same
targets, overfitting scored at its last epoch, and divergence caught."""

from __future__ import annotations

import copy
import csv
import math
from importlib import util
from pathlib import Path

import numpy as np
import pytest
import torch

from engine.control import Control
from engine.practice import (
    PracticeConfig,
    PracticeProgress,
    chronological_split,
    fit,
    prepare,
    run,
    train_step,
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
    assert result["metrics"]["rel_mae"] == pytest.approx(model / persistence, rel=1e-5)
    # MASE's scale: persistence's in-sample MAE over the training part, x[0:train_end].
    train_end = result["split"]["train"][1]
    naive = sum(abs(values[t] - values[t - 1]) for t in range(1, train_end)) / (train_end - 1)
    assert result["metrics"]["mase_scale"]["mae"] == pytest.approx(naive, rel=1e-6)
    assert result["metrics"]["mase"] == pytest.approx(model / naive, rel=1e-5)
    assert result["window_shape"] == [result["split"]["train"][1] - 6, 6, 1]


def shipped_series(name: str) -> np.ndarray:
    """The raw series from statsmodels' own CSV file, read without the program."""
    spec = util.find_spec("statsmodels")
    folder = Path(next(iter(spec.submodule_search_locations))) / "datasets" / name
    with open(folder / f"{name}.csv", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    if name == "elnino":  # one row per year, a column per month
        return np.array([float(cell) for row in rows for cell in row[1:13]])
    values = np.array([float(row[1]) if row[1].strip() else np.nan for row in rows])
    missing = np.isnan(values)  # co2 has gaps: filled by linear interpolation
    values[missing] = np.interp(np.flatnonzero(missing), np.flatnonzero(~missing), values[~missing])
    return values


# The known season of each series in steps: none for the yearly ones, a year for the others.
SEASONS = {"sunspots": 1, "nile": 1, "elnino": 12, "co2": 52}


@pytest.mark.parametrize("name", ["sunspots", "elnino", "co2"])
def test_mase_is_scaled_by_the_in_sample_naive_error(name: str) -> None:
    window = 20
    result = run(PracticeConfig(dataset=name, window=window, **FAST)).to_dict()
    x = shipped_series(name)
    targets = len(x) - window
    train_end = window + targets - round(targets * 0.2)  # an 80/20 split of the targets
    m = SEASONS[name]
    seen = x[:train_end]
    scale = np.abs(seen[m:] - seen[:-m]).mean()  # Hyndman & Koehler (2006), in-sample
    index = np.array(result["predictions"]["index"])
    assert index.tolist() == list(range(train_end, len(x)))
    model_mae = np.abs(np.array(result["predictions"]["model"]) - x[index]).mean()
    persistence_mae = np.abs(x[index - 1] - x[index]).mean()
    metrics = result["metrics"]
    assert metrics["mase_scale"]["kind"] == ("seasonal" if m > 1 else "naive")
    assert metrics["mase_scale"]["period"] == m
    assert metrics["mase_scale"]["mae"] == pytest.approx(scale, rel=1e-6)
    assert metrics["mase"] == pytest.approx(model_mae / scale, rel=1e-4)
    assert metrics["rel_mae"] == pytest.approx(model_mae / persistence_mae, rel=1e-4)


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


def test_multistep_errors_use_only_validation_targets() -> None:
    # With a test part, the k-step errors of validation origins near its end must not reach
    # into the test targets.
    result = run(PracticeConfig(dataset="nile", window=10, test=True, **FAST)).to_dict()
    x = shipped_series("nile")
    start, end = result["split"]["val"]
    assert result["split"]["test"][0] == end  # there are test targets right after it
    origins = range(start, end)
    steps = result["multistep"]
    for k, persistence in zip(steps["k"], steps["persistence_mae"], strict=True):
        inside = [o for o in origins if o + k - 1 < end]
        expected = np.mean([abs(x[o + k - 1] - x[o - 1]) for o in inside])
        assert persistence == pytest.approx(expected, rel=1e-5)
    assert steps["k"][-1] <= end - start


def test_forecasts_of_differences_are_added_back_onto_the_last_value() -> None:
    raw = torch.tensor([1.0, 4.0, 2.0, 7.0, 11.0, 10.0])
    prepared = prepare(raw, 4, difference=True)
    changes = np.diff(raw.numpy()[:4])  # the training part's differences: 3, -2, 5
    assert prepared.mean == pytest.approx(changes.mean())
    assert prepared.std == pytest.approx(changes.std(ddof=1))
    forecasts = torch.tensor([[0.5, -1.0], [2.0, 0.0]])  # normalised, two origins, two steps
    levels = prepared.levels([4, 5], forecasts).numpy()
    steps = forecasts.numpy() * changes.std(ddof=1) + changes.mean()
    expected = raw.numpy()[[3, 4], None] + np.cumsum(steps, axis=1)
    np.testing.assert_allclose(levels, expected, rtol=1e-6)


def test_differences_beat_persistence_on_a_trend_where_values_cannot(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    values = (0.5 * np.arange(200) + rng.normal(0, 0.1, 200)).tolist()
    series = csv_series(tmp_path, values)
    config = {"window": 10, "epochs": 40, "hidden": 16, "patience": 0}
    levels = run(PracticeConfig(**series, **config)).to_dict()
    changes = run(PracticeConfig(**series, **config, difference=True)).to_dict()
    train_end = levels["split"]["train"][1]
    val = values[slice(*levels["split"]["val"])]
    outside = sum(v > max(values[:train_end]) or v < min(values[:train_end]) for v in val)
    assert levels["metrics"]["beyond_training_range"]["count"] == outside == len(val)
    assert changes["metrics"]["rel_mae"] < 1 < levels["metrics"]["rel_mae"]
    # The same targets, scored in the series' own units; one window fewer to train on.
    assert changes["predictions"]["index"] == levels["predictions"]["index"]
    assert changes["window_shape"][0] == levels["window_shape"][0] - 1


class LastStep(torch.nn.Module):
    """A GRU read out at its last step, as torch builds it."""

    def __init__(self) -> None:
        super().__init__()
        self.rnn = torch.nn.GRU(1, 4, batch_first=True)
        self.head = torch.nn.Linear(4, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.rnn(x)[0][:, -1])


def test_without_zero_grad_the_gradients_add_up() -> None:
    torch.manual_seed(0)
    model = LastStep()
    batches = [(torch.randn(3, 5, 1), torch.randn(3, 1)) for _ in range(2)]
    loss_fn = torch.nn.MSELoss()

    def gradient(x, y) -> list[torch.Tensor]:  # one batch's own gradient, by autograd.grad
        return list(torch.autograd.grad(loss_fn(model(x), y), list(model.parameters())))

    first, second = (gradient(x, y) for x, y in batches)

    def two_steps(zero_grad: bool) -> tuple[torch.nn.Module, dict]:
        trained = copy.deepcopy(model)
        # lr 0: the weights stay put, so both gradients are taken at the same point.
        optimizer = torch.optim.SGD(trained.parameters(), lr=0.0)
        for x, y in batches:
            measured = train_step(trained, optimizer, loss_fn, x, y, zero_grad, measure=True)
        return trained, measured

    def norm(grads: list[torch.Tensor]) -> float:
        return float(torch.cat([g.flatten() for g in grads]).norm())

    piled, measured = two_steps(zero_grad=False)
    for parameter, a, b in zip(piled.parameters(), first, second, strict=True):
        torch.testing.assert_close(parameter.grad, a + b)
    assert measured["used"] == pytest.approx(
        norm([a + b for a, b in zip(first, second, strict=True)])
    )
    assert measured["own"] == pytest.approx(norm(second), rel=1e-5)
    cleared, measured = two_steps(zero_grad=True)
    for parameter, b in zip(cleared.parameters(), second, strict=True):
        torch.testing.assert_close(parameter.grad, b)
    assert measured["used"] == pytest.approx(norm(second), rel=1e-5)
    assert measured["own"] == pytest.approx(norm(second), rel=1e-5)


def test_the_no_zero_grad_run_is_the_honest_run_but_for_zero_grad() -> None:
    result = run_failure(PracticeFailureConfig(dataset="nile", mode="no-zero-grad")).to_dict()
    honest, broken = result["runs"]["honest"], result["runs"]["broken"]
    assert broken["config"] == honest["config"]
    assert broken["normalisation"] == honest["normalisation"]
    assert (
        broken["scores"]["validation"]["persistence"]
        == honest["scores"]["validation"]["persistence"]
    )
    for _, used, own in honest["grad_norms"]:
        assert used == pytest.approx(own)
    assert all(used > own for _, used, own in broken["grad_norms"])


def mean_std(values) -> dict[str, float]:
    part = np.array(values)
    return {"mean": float(part.mean()), "std": float(part.std(ddof=1))}


@pytest.mark.parametrize("mode", ["leak-shuffle", "leak-normalise"])
def test_a_leak_is_scored_like_for_like_against_a_future_block(mode: str) -> None:
    window = 20
    result = run_failure(PracticeFailureConfig(dataset="sunspots", mode=mode)).to_dict()
    honest, broken = result["runs"]["honest"], result["runs"]["broken"]
    x = shipped_series("sunspots")
    targets = len(x) - window
    n_val, n_future = round(targets * 0.2), round(targets * 0.15)
    val_start = len(x) - n_val - n_future
    future = np.arange(len(x) - n_future, len(x))
    persistence = float(np.abs(x[future] - x[future - 1]).mean())
    for run_ in (honest, broken):
        scores = run_["scores"]["future"]  # the same future block for both runs
        assert scores["targets"] == n_future
        assert scores["persistence"]["mae"] == pytest.approx(persistence, rel=1e-5)
        assert run_["scores"]["validation"]["targets"] == n_val
    assert broken["config"] == honest["config"]
    honest_stats = mean_std(x[:val_start])  # the training part: targets before validation
    assert honest["normalisation"] == pytest.approx(honest_stats, rel=1e-5)
    if mode == "leak-shuffle":
        # One leak: the split. The normalisation stays the honest run's.
        assert broken["normalisation"] == honest["normalisation"]
    else:
        # One leak: the statistics, of training and validation together. The targets stay.
        assert broken["normalisation"] == pytest.approx(mean_std(x[: len(x) - n_future]), rel=1e-5)
        val = np.arange(val_start, len(x) - n_future)
        val_persistence = float(np.abs(x[val] - x[val - 1]).mean())
        for run_ in (honest, broken):
            assert run_["scores"]["validation"]["persistence"]["mae"] == pytest.approx(
                val_persistence, rel=1e-5
            )


def test_overfitting_is_scored_with_the_last_epoch() -> None:
    result = run_failure(PracticeFailureConfig(dataset="nile", mode="overfit")).to_dict()
    broken = result["runs"]["broken"]
    curve, best = broken["curve"], broken["best_epoch"]
    assert len(curve) == 300 and broken["status"] == "finished"
    assert curve[-1][2] > curve[best - 1][2]  # it did overfit: the last epoch is not the best
    std = broken["normalisation"]["std"]
    # The scored forecasts' mean squared error, in normalised units, is the validation loss of
    # the epoch whose weights made them: the last one, and the best one beside it.
    last = broken["scores"]["validation"]["model"]["rmse"]
    kept = broken["best_scores"]["validation"]["model"]["rmse"]
    assert (last / std) ** 2 == pytest.approx(curve[-1][2], rel=1e-3)
    assert (kept / std) ** 2 == pytest.approx(curve[best - 1][2], rel=1e-3)


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
    events: list[PracticeProgress] = []
    outcome = fit(Exploding(), x, y, x, y, config, events.append, Control())
    assert outcome.status == "diverged"
    assert len(outcome.curve) == 1
    assert [(event.epoch, event.epochs, event.status) for event in events] == [(1, 5, "diverged")]


def test_early_stopping_keeps_the_best_epoch() -> None:
    result = run(PracticeConfig(dataset="nile", window=10, epochs=200, patience=5)).to_dict()
    curve = result["curve"]
    best = min(curve, key=lambda point: point[2])
    assert result["best_epoch"] == best[0]
    assert result["status"] == "stopped early"
    assert len(curve) == result["best_epoch"] + 5


def test_every_epoch_reports_its_progress() -> None:
    events: list[PracticeProgress] = []
    result = run(
        PracticeConfig(dataset="nile", window=10, epochs=3, patience=0), emit=events.append
    )
    assert [event.epoch for event in events] == [1, 2, 3]
    assert {(event.epochs, event.status) for event in events} == {(3, "training")}
    assert events[-1].curve == result.curve
    data = events[-1].to_dict()
    assert PracticeProgress.from_dict(data) == events[-1]
    # A failure mode's events say which of its runs they belong to.
    labels = []
    failure = PracticeFailureConfig(dataset="nile", window=10, epochs=2, mode="lr-small")
    run_failure(failure, emit=lambda event: labels.append(event.run))
    assert labels == ["honest", "honest", "broken", "broken"]
