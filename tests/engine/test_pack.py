"""Packing: each sequence run alone through the module rebuilt from the JSON gives h_n, the
padded run's output[:, -1] is wrong for every shorter sequence, batch_sizes counts the lengths."""

from __future__ import annotations

import json

import pytest
import torch

from engine.pack import PackConfig, make_batch
from engine.tasks import get_task
from engine.validation import ConfigError

CLASSES = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}

torch.set_num_threads(1)  # tutor-sized models: one thread, as in the engine process


def packed(**settings) -> dict:
    # Through JSON, as the CLI and the engine process deliver it.
    return json.loads(json.dumps(get_task("pack").run(settings)))


def rebuilt(data: dict) -> torch.nn.Module:
    config = data["config"]
    module = CLASSES[config["cell"]](config["features"], config["hidden"], batch_first=True)
    module.load_state_dict(
        {name: torch.tensor(value) for name, value in data["state_dict"].items()}
    )
    return module


@pytest.mark.parametrize("cell", ["gru", "lstm", "rnn"])
@pytest.mark.parametrize("seed", [0, 5])
def test_each_sequence_alone_ends_in_h_n_and_naive_last_is_wrong_for_shorter_ones(
    cell: str, seed: int
) -> None:
    data = packed(cell=cell, batch=5, max_len=7, features=3, hidden=4, seed=seed)
    module = rebuilt(data)
    padded = torch.tensor(data["input"])
    h_n, naive_last = torch.tensor(data["h_n"]), torch.tensor(data["naive_last"])
    output = torch.tensor(data["output"])
    longest = max(data["lengths"])
    with torch.no_grad():
        through_padding, _ = module(padded)  # the same module on the padded batch, not packed
    assert torch.allclose(naive_last, through_padding[:, -1], atol=1e-6)
    for i, length in enumerate(data["lengths"]):
        with torch.no_grad():
            alone, state = module(padded[i : i + 1, :length])  # this sequence, no padding at all
        h_alone = state[0] if cell == "lstm" else state
        assert torch.allclose(h_n[:, i], h_alone[:, 0], atol=1e-6)
        if cell == "lstm":
            assert torch.allclose(torch.tensor(data["c_n"])[:, i], state[1][:, 0], atol=1e-6)
        # The unpacked output is the sequence's own outputs, then zeros.
        assert torch.allclose(output[i, :length], alone[0], atol=1e-6)
        assert torch.all(output[i, length:] == 0)
        same = torch.allclose(naive_last[i], h_alone[0, 0], atol=1e-6)
        assert same == (length == longest)
        assert data["sequences"][i]["naive_is_last"] == same
    if cell != "lstm":
        assert data["c_n"] is None


def test_batch_sizes_count_the_sequences_still_running_at_each_step() -> None:
    data = packed(batch=6, max_len=9, seed=2)
    lengths = data["lengths"]
    assert data["batch_sizes"] == [sum(n > t for n in lengths) for t in range(9)]
    ordered = [lengths[i] for i in data["sorted_indices"]]
    assert ordered == sorted(lengths, reverse=True)
    assert sorted(data["sorted_indices"]) == list(range(6))
    assert [data["sorted_indices"][i] for i in data["unsorted_indices"]] == list(range(6))
    shapes = data["shapes"]
    assert shapes["input"] == [6, 9, 3]
    assert shapes["packed_data"] == [sum(lengths), 3]
    assert shapes["output"] == [6, 9, 5] and shapes["h_n"] == [1, 6, 5]
    assert shapes["naive_last"] == [6, 5] and shapes["batch_sizes"] == [9]


@pytest.mark.parametrize("seed", range(12))
def test_lengths_always_include_the_longest_and_a_shorter_one(seed: int) -> None:
    config = PackConfig(batch=2, max_len=2, seed=seed)
    lengths, padded = make_batch(config)
    assert sorted(lengths) == [1, 2]
    assert padded.shape == (2, 2, config.features)


def test_a_batch_of_one_is_refused() -> None:
    with pytest.raises(ConfigError, match="batch must be from 2 to 32"):
        PackConfig(batch=1)
