"""Gate values and c_t from the trace, recomputed here independently from the JSON's weights."""

from __future__ import annotations

import pytest
import torch

from engine.tasks import get_task


def weights(data: dict) -> dict[str, torch.Tensor]:
    return {name: torch.tensor(value) for name, value in data["state_dict"].items()}


def test_gru_gates_follow_pytorchs_equations() -> None:
    data = get_task("trace").run({"cell": "gru", "pattern": "random", "hidden": 5, "seed": 2})
    w = weights(data)
    W_ir, W_iz, W_in = w["weight_ih_l0"].split(5)
    W_hr, W_hz, W_hn = w["weight_hh_l0"].split(5)
    b_ir, b_iz, b_in = w["bias_ih_l0"].split(5)
    b_hr, b_hz, b_hn = w["bias_hh_l0"].split(5)
    h = torch.zeros(5)
    for step, x in zip(data["steps"], torch.tensor(data["input"]), strict=True):
        r = torch.sigmoid(W_ir @ x + b_ir + W_hr @ h + b_hr)
        z = torch.sigmoid(W_iz @ x + b_iz + W_hz @ h + b_hz)
        n = torch.tanh(W_in @ x + b_in + r * (W_hn @ h + b_hn))
        h = (1 - z) * n + z * h
        for name, value in (("r", r), ("z", z), ("n", n)):
            assert torch.allclose(torch.tensor(step["gates"][name]), value, atol=1e-6), name
        assert torch.allclose(torch.tensor(step["h"]), h, atol=1e-6)
    assert data["max_abs_diff"] < 1e-5


def test_lstm_gates_and_cell_state() -> None:
    data = get_task("trace").run({"cell": "lstm", "pattern": "sine", "hidden": 4, "seed": 5})
    w = weights(data)
    gates_x = w["weight_ih_l0"], w["bias_ih_l0"]
    gates_h = w["weight_hh_l0"], w["bias_hh_l0"]
    h, c = torch.zeros(4), torch.zeros(4)
    for step, x in zip(data["steps"], torch.tensor(data["input"]), strict=True):
        pre = gates_x[0] @ x + gates_x[1] + gates_h[0] @ h + gates_h[1]
        i, f, g, o = pre.split(4)  # PyTorch's order: input, forget, cell, output
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        for name, value in (("i", i), ("f", f), ("g", g), ("o", o)):
            assert torch.allclose(torch.tensor(step["gates"][name]), value, atol=1e-6), name
        assert torch.allclose(torch.tensor(step["c"]), c, atol=1e-6)
        assert torch.allclose(torch.tensor(step["h"]), h, atol=1e-6)


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_gated_trace_matches_the_module_rebuilt_from_json(cell: str) -> None:
    data = get_task("trace").run({"cell": cell, "pattern": "step", "hidden": 6})
    module = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[cell](3, 6, batch_first=True)
    module.load_state_dict(weights(data))
    with torch.no_grad():
        output, _ = module(torch.tensor(data["input"]).unsqueeze(0))
    for step, row in zip(data["steps"], output[0], strict=True):
        assert torch.allclose(torch.tensor(step["h"]), row, atol=1e-6)
