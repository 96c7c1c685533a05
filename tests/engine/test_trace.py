"""The trace: every step of h equals nn.RNN rebuilt from the JSON alone, and memory behaves."""

from __future__ import annotations

import json

import pytest
import torch

from engine.tasks import get_task
from engine.trace import TraceConfig
from engine.validation import ConfigError


def traced(**settings) -> dict:
    # Through JSON, as the CLI and the engine process deliver it.
    return json.loads(json.dumps(get_task("trace").run(settings)))


@pytest.mark.parametrize("pattern", ["spike", "random", "step", "sine"])
def test_steps_can_be_recomputed_from_the_json(pattern: str) -> None:
    data = traced(pattern=pattern, steps=10, features=4, hidden=6, seed=3)
    rnn = torch.nn.RNN(4, 6, batch_first=True)
    rnn.load_state_dict({name: torch.tensor(value) for name, value in data["state_dict"].items()})
    x = torch.tensor(data["input"])
    with torch.no_grad():
        expected, _ = rnn(x.unsqueeze(0))
    assert data["cell"] == "rnn"
    assert [step["t"] for step in data["steps"]] == list(range(10))
    for step, row in zip(data["steps"], expected[0], strict=True):
        assert torch.allclose(torch.tensor(step["h"]), row, atol=1e-6)
    assert data["max_abs_diff"] < 1e-5
    assert data["max_abs_diff"] == max(step["diff"] for step in data["steps"])


def test_the_manual_equation_in_the_test_agrees_too() -> None:
    data = traced(pattern="random", steps=6, features=3, hidden=5, seed=1)
    weights = {name: torch.tensor(value) for name, value in data["state_dict"].items()}
    h = torch.zeros(5)
    for step, x_t in zip(data["steps"], torch.tensor(data["input"]), strict=True):
        h = torch.tanh(
            weights["weight_ih_l0"] @ x_t
            + weights["bias_ih_l0"]
            + weights["weight_hh_l0"] @ h
            + weights["bias_hh_l0"]
        )
        assert torch.allclose(torch.tensor(step["h"]), h, atol=1e-6)


def test_input_patterns() -> None:
    spike = traced(pattern="spike", steps=5, features=2)["input"]
    assert spike == [[1.0, 1.0]] + [[0.0, 0.0]] * 4
    step = traced(pattern="step", steps=8, features=1)["input"]
    assert step == [[0.0]] * 2 + [[1.0]] * 6


def test_radius_rescales_w_hh_and_memory_follows() -> None:
    fading = traced(radius=0.5, steps=16)
    lasting = traced(radius=2.0, steps=16)
    for data, radius in ((fading, 0.5), (lasting, 2.0)):
        w_hh = torch.tensor(data["state_dict"]["weight_hh_l0"], dtype=torch.float64)
        assert float(torch.linalg.eigvals(w_hh).abs().max()) == pytest.approx(radius, rel=1e-4)
    echo_fading = [step["echo"] for step in fading["steps"]]
    echo_lasting = [step["echo"] for step in lasting["steps"]]
    assert echo_fading[-1] < 0.01 * echo_fading[0]  # below 1: the spike is forgotten
    assert echo_lasting[-1] > 10 * echo_fading[-1]  # above 1: it lingers far longer


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"cell": "conv"}, "cell must be one of rnn, gru, lstm"),
        ({"cell": "gru", "radius": 0.5}, "use 0 for GRU and LSTM"),
        ({"pattern": "zigzag"}, "pattern must be one of"),
        ({"steps": 1}, "steps must be from 2"),
        ({"radius": "nan"}, "radius must be from 0"),
        ({"radius": -1}, "radius must be from 0"),
        ({"radius": 0.001}, "at least 0.01"),
    ],
)
def test_validation(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        TraceConfig.from_dict(settings)
