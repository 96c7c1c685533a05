"""The race: a tiny budget returns the documented JSON; early stop, cancel and pause work."""

from __future__ import annotations

import threading
import time

import pytest
import torch

from benchmarks.race import plain_training
from engine import long_tasks, race_worker
from engine.control import Cancelled, Control
from engine.race import RaceConfig, run, verdict
from engine.validation import ConfigError


def test_a_tiny_race_returns_the_json_shape() -> None:
    events = []
    data = run(RaceConfig(steps=20, eval_every=10, delay=20), emit=events.append).to_dict()
    assert set(data) >= {"task", "delay", "baseline", "models"}
    assert data["baseline"] == pytest.approx(1 / 6)
    assert set(data["models"]) == {"rnn", "gru", "lstm"}
    for model in data["models"].values():
        assert set(model) >= {"params", "curve", "final_val", "solved_step", "seconds", "verdict"}
        assert [point[0] for point in model["curve"]] == [10, 20]
        assert model["final_val"] == model["curve"][-1][2]
    assert events and events[-1]["final"]


def test_a_model_stops_early_once_solved() -> None:
    # An easy race: a delay of 6 is solved long before the budget.
    data = run(RaceConfig(models=("gru",), delay=6, steps=3000, eval_every=20)).to_dict()
    gru = data["models"]["gru"]
    assert gru["verdict"] == "solved"
    assert gru["solved_step"] == gru["steps_run"] < 3000
    assert gru["final_val"] < 0.1 * data["baseline"]


def test_cancel_stops_training_quickly() -> None:
    control = Control()
    threading.Timer(1.0, control.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        run(RaceConfig(steps=20000), control=control)
    assert time.monotonic() - started < 1.0 + 2.0  # the cancel itself takes well under a second


def test_pause_holds_the_clock() -> None:
    control = Control()
    control.pause()
    threading.Timer(1.5, control.resume).start()
    data = run(RaceConfig(models=("lstm",), steps=10, eval_every=5), control=control).to_dict()
    # Time spent paused is not counted as training time.
    assert data["models"]["lstm"]["seconds"] < 1.0


def _validation_losses(cell: str, config: RaceConfig) -> list[float]:
    """The same training written out plainly, one model after another on this thread."""
    model, step = plain_training(cell, config)
    seed = config.seed + race_worker.VALIDATION_SEED_OFFSET
    val_x, val_y = long_tasks.batch(
        "adding", race_worker.VALIDATION_SIZE, config.delay, torch.Generator().manual_seed(seed)
    )
    losses = []
    for number in range(1, config.steps + 1):
        step()
        if number % config.eval_every == 0:
            with torch.no_grad():
                losses.append(torch.nn.functional.mse_loss(model(val_x), val_y).item())
    return losses


def test_models_on_threads_train_exactly_as_they_would_alone() -> None:
    # The three models start together on three threads; each must still see the weights its
    # seed gives and nothing of the others' work.
    config = RaceConfig(steps=30, eval_every=10, delay=12, hidden=8, batch=16)
    for _ in range(2):
        result = run(config)
        for cell in config.models:
            shown = [point[2] for point in result.models[cell].curve]
            assert shown == pytest.approx(_validation_losses(cell, config), rel=1e-5)


def test_a_cancelled_race_leaves_no_training_threads() -> None:
    control = Control()
    threading.Timer(0.5, control.cancel).start()
    with pytest.raises(Cancelled):
        run(RaceConfig(steps=20000), control=control)
    assert not [t for t in threading.enumerate() if t.name.startswith("race-")]


def test_a_contestant_that_fails_is_reported_and_stops_the_others(monkeypatch) -> None:
    train = race_worker._train

    def broken(model, spec, events, control):
        if spec["cell"] == "gru":
            raise ValueError("the GRU's weights were not a tensor")
        return train(model, spec, events, control)

    monkeypatch.setattr(race_worker, "_train", broken)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="training the GRU failed: the GRU's weights"):
        run(RaceConfig(steps=20000))
    assert time.monotonic() - started < 5
    assert not [t for t in threading.enumerate() if t.name.startswith("race-")]


def test_verdicts_say_only_what_the_curve_shows() -> None:
    baseline = 1 / 6
    assert verdict([[100, 0.2, 0.001]], baseline, solved=True, diverged=False) == "solved"
    flat = [[s, 0.17, 0.166] for s in range(25, 1525, 25)]
    assert verdict(flat, baseline, False, False) == "stuck at baseline"
    falling = [[s, 0.1, 0.12 - s / 20000] for s in range(25, 1525, 25)]
    assert verdict(falling, baseline, False, False) == "still improving at this budget"
    level = [[s, 0.1, 0.08] for s in range(25, 1525, 25)]
    assert verdict(level, baseline, False, False) == "learned part of it, then plateaued"
    assert verdict([[25, float("nan"), float("nan")]], baseline, False, True).startswith("diverged")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"models": "rnn,transformer"}, "models must be one of"),
        ({"models": ""}, "at least one"),
        ({"task": "sorting"}, "task must be one of"),
        ({"lr": "fast"}, "lr must be a number"),
        ({"delay": 2}, "at least 4"),
        ({"steps": 10**9}, "steps must be from 1"),
    ],
)
def test_validation(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RaceConfig.from_dict(settings)
