"""The failure modes really happen in torch: a silent reinterpretation and two real errors."""

from __future__ import annotations

import pytest
import torch

from engine.shape_failures import FailureConfig, run


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_time_major_data_is_silently_read_as_batch(cell: str) -> None:
    result = run(FailureConfig(mode="time-major", cell=cell, batch=3, seq_len=7))
    assert not result.raised
    # torch took dimension 0 (seq_len = 7) as the batch.
    assert result.shapes["h_n"][1] == 7
    assert result.shapes["output"][:2] == [7, 3]


def test_wrong_input_size_quotes_torchs_own_message() -> None:
    result = run(FailureConfig(mode="wrong-input-size", cell="gru", features=5))
    gru = torch.nn.GRU(5, 16, batch_first=True)
    with pytest.raises(RuntimeError) as raised:
        gru(torch.zeros(3, 7, 7))
    assert result.raised
    assert result.error == str(raised.value)


@pytest.mark.parametrize(
    ("cell", "batch", "layers"), [("gru", 3, 1), ("lstm", 2, 2), ("rnn", 1, 1)]
)
def test_wrong_hidden_layout_raises(cell: str, batch: int, layers: int) -> None:
    result = run(FailureConfig(mode="wrong-hidden", cell=cell, batch=batch, layers=layers))
    assert result.raised
    assert "Expected hidden" in result.error
    assert "h0 = torch.zeros" in result.code
