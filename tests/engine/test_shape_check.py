"""The shape check against torch itself: every expected shape comes from running nn.GRU here."""

from __future__ import annotations

import pytest
import torch

from engine.shape_check import ShapeCheckConfig, ShapeCheckResult, run
from engine.tasks import get_task
from engine.validation import ConfigError

SIZES = [
    (2, 3, 5, 4),
    (1, 1, 1, 1),
    (7, 11, 3, 9),
    (16, 2, 32, 8),
    (3, 50, 1, 64),
    (256, 1, 2, 3),
]


@pytest.mark.parametrize(("batch", "seq_len", "features", "hidden"), SIZES)
def test_shapes_match_torch(batch: int, seq_len: int, features: int, hidden: int) -> None:
    result = run(ShapeCheckConfig(batch, seq_len, features, hidden))

    gru = torch.nn.GRU(input_size=features, hidden_size=hidden, batch_first=True)
    outputs, h_n = gru(torch.zeros(batch, seq_len, features))
    assert result.sequence_shape == (batch, seq_len, features)
    assert result.outputs_shape == tuple(outputs.shape)
    assert result.hidden_shape == tuple(h_n.shape)


def test_defaults_print_the_syllabus_lines_exactly() -> None:
    assert run(ShapeCheckConfig()).lines() == [
        "sequence_shape: (2, 3, 5)",
        "outputs_shape: (2, 3, 4)",
        "hidden_shape: (1, 2, 4)",
    ]


def test_result_round_trips_through_a_dict() -> None:
    result = run(ShapeCheckConfig(batch=3, hidden=6, seed=11))
    data = result.to_dict()
    assert data["seed"] == 11
    assert data["torch_version"] == torch.__version__
    assert ShapeCheckResult.from_dict(data) == result


def test_task_registry_runs_the_same_function() -> None:
    data = get_task("shape-check").run({"batch": "4", "seq_len": "2"})
    assert data["outputs_shape"] == [4, 2, 4]
    assert data["config"]["batch"] == 4


def test_text_from_an_input_box_is_read_as_a_number() -> None:
    assert ShapeCheckConfig(batch=" 12 ", hidden="1_0").batch == 12
    assert ShapeCheckConfig(hidden="1_0").hidden == 10


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("batch", 0, "from 1 to 256, not 0"),
        ("batch", -3, "from 1 to 256, not -3"),
        ("seq_len", "2.5", "whole number"),
        ("features", "abc", "whole number"),
        ("hidden", 10**9, "not 1000000000"),
        ("hidden", "", "empty"),
        ("batch", True, "whole number"),
        ("batch", 2.0, "whole number"),
        ("seed", -1, "seed must be from 0"),
    ],
)
def test_bad_values_raise_one_clear_error(field: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ShapeCheckConfig(**{field: value})


def test_unknown_settings_and_tasks_are_named() -> None:
    with pytest.raises(ConfigError, match="unknown setting colour"):
        ShapeCheckConfig.from_dict({"colour": 3})
    with pytest.raises(ConfigError, match="unknown task 'nope'"):
        get_task("nope")
