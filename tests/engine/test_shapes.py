"""The shape lab against torch directly and against the closed-form parameter formula."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
import torch

from engine.shapes import ShapesConfig, ShapesResult, dimension_labels, run
from engine.validation import ConfigError

GRID = [
    (cell, layers, bidirectional, batch_first, proj)
    for cell, layers, bidirectional, batch_first in itertools.product(
        ("rnn", "lstm", "gru"), (1, 2, 3), (False, True), (True, False)
    )
    for proj in ((0, 5) if cell == "lstm" else (0,))
]


def torch_module(cell: str, layers: int, bidirectional: bool, batch_first: bool, proj: int):
    kwargs = {"num_layers": layers, "bidirectional": bidirectional, "batch_first": batch_first}
    if proj:
        kwargs["proj_size"] = proj
    return {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](6, 12, **kwargs)


def formula(cell: str, layers: int, bidirectional: bool, proj: int) -> int:
    """Parameters by hand: gates × (H × in + H × h + 2H) + proj × H, per layer and direction."""
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    hidden, h, directions = 12, proj or 12, 2 if bidirectional else 1
    total = 0
    for layer in range(layers):
        size_in = 6 if layer == 0 else directions * h
        per_direction = gates * (hidden * size_in + hidden * h + 2 * hidden) + proj * hidden
        total += directions * per_direction
    return total


@pytest.mark.parametrize(("cell", "layers", "bidirectional", "batch_first", "proj"), GRID)
def test_shapes_and_parameters_match_torch_and_the_formula(
    cell: str, layers: int, bidirectional: bool, batch_first: bool, proj: int
) -> None:
    config = ShapesConfig(
        cell=cell,
        batch=4,
        seq_len=9,
        features=6,
        hidden=12,
        layers=layers,
        bidirectional=bidirectional,
        batch_first=batch_first,
        proj_size=proj,
    )
    result = run(config)

    module = torch_module(cell, layers, bidirectional, batch_first, proj)
    x = torch.zeros((4, 9, 6) if batch_first else (9, 4, 6))
    with torch.no_grad():
        output, state = module(x)
    h_n, c_n = state if cell == "lstm" else (state, None)
    assert result.shapes["input"] == list(x.shape)
    assert result.shapes["output"] == list(output.shape)
    assert result.shapes["h_n"] == list(h_n.shape)
    if c_n is not None:
        assert result.shapes["c_n"] == list(c_n.shape)
    expected = sum(p.numel() for p in module.parameters())
    assert result.total_parameters == expected == formula(cell, layers, bidirectional, proj)
    assert result.formula_total == expected
    assert [p["name"] for p in result.parameters] == [n for n, _ in module.named_parameters()]
    for name, shape in result.shapes.items():
        assert len(result.labels[name]) == len(shape)


def test_labels_name_the_layout() -> None:
    labels = dimension_labels(ShapesConfig(bidirectional=True, batch_first=False, proj_size=4))
    assert labels["input"] == ["seq_len", "batch", "input_size"]
    assert labels["output"] == ["seq_len", "batch", "num_directions × proj_size"]
    assert labels["h_n"] == ["num_layers × num_directions", "batch", "proj_size"]
    assert labels["c_n"][2] == "hidden_size"


def test_round_trip_through_json_types() -> None:
    result = run(ShapesConfig(cell="gru", layers=2))
    assert ShapesResult.from_dict(result.to_dict()) == result


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"cell": "gru", "proj_size": 4}, "only exists for LSTM"),
        ({"cell": "lstm", "hidden": 8, "proj_size": 8}, "smaller than hidden"),
        ({"layers": 0}, "layers must be from 1"),
        ({"cell": "transformer"}, "cell must be one of"),
        ({"bidirectional": "maybe"}, "true or false"),
        ({"batch": 10**6}, "batch must be from 1 to 64"),
    ],
)
def test_validation(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ShapesConfig.from_dict(settings)


def test_text_settings_are_read_like_the_ui_sends_them() -> None:
    config = ShapesConfig.from_dict({"cell": " GRU ", "bidirectional": "yes", "layers": "2"})
    assert (config.cell, config.bidirectional, config.layers) == ("gru", True, 2)


@pytest.mark.parametrize(
    ("cell", "layers", "batch_first", "proj_size"),
    [("gru", 1, True, 0), ("rnn", 2, False, 0), ("lstm", 2, True, 3)],
)
def test_a_bidirectional_layer_keeps_its_backward_final_state_at_step_0(
    cell: str, layers: int, batch_first: bool, proj_size: int
) -> None:
    config = ShapesConfig(
        cell=cell,
        layers=layers,
        bidirectional=True,
        batch_first=batch_first,
        proj_size=proj_size,
        hidden=6,
        seq_len=5,
    )
    gaps = run(config).final_states
    # Independently: the last layer's backward direction is a one-direction layer with the
    # "_reverse" weights reading the sequence flipped in time. Rebuild the input the task used
    # (same seed, same order of random draws) and run that layer on the last layer's inputs.
    from engine.shapes import build_module

    module = build_module(config)
    x = torch.randn(*config.input_shape)
    steps = x if batch_first else x.transpose(0, 1)
    size = config.h_size
    with torch.no_grad():
        below = steps
        if layers > 1:  # the input of the last layer: the output of the layers under it
            lower = build_module(replace(config, layers=layers - 1))
            lower.load_state_dict(
                {
                    k: v
                    for k, v in module.state_dict().items()
                    if not k.endswith(f"l{layers - 1}") and f"l{layers - 1}_" not in k
                }
            )
            below = lower(steps if batch_first else steps.transpose(0, 1))[0]
            below = below if batch_first else below.transpose(0, 1)
        kwargs = {"proj_size": proj_size} if proj_size else {}
        backward = type(module)(below.shape[-1], config.hidden, batch_first=True, **kwargs)
        suffix = f"_l{layers - 1}_reverse"
        backward.load_state_dict(
            {
                name.replace(suffix, "_l0"): value
                for name, value in module.state_dict().items()
                if name.endswith(suffix)
            }
        )
        whole = backward(below.flip(1))[0]  # [batch, seq_len, size], in reading order
        output = module(x)[0]
        output = output if batch_first else output.transpose(0, 1)
    assert gaps["backward_first_step"] == pytest.approx(0, abs=1e-6)
    assert gaps["forward_last_step"] == pytest.approx(0, abs=1e-6)
    # The last column holds the backward direction after one step: its first reading step.
    assert torch.allclose(output[:, -1, size:], whole[:, 0], atol=1e-6)
    expected = float((whole[:, 0] - whole[:, -1]).abs().max())
    assert gaps["backward_last_step"] == pytest.approx(expected, abs=1e-6)
    assert expected > 1e-3  # the trap is real: one step is not the whole sequence
