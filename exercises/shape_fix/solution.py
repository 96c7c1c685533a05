"""Exercise 1: make this GRU script run (reference solution).

A data loader hands you readings time-major: `series` has shape
[seq_len, batch, features]. The model is built with
batch_first=True, so it reads [batch, seq_len, features].

    outputs, h_n = build_model(features, hidden)(make_batch(series))

gives outputs [batch, seq_len, hidden] and h_n [1, batch, hidden];
the value at [b, t, f] of make_batch(series) is series[t, b, f].
"""

import torch
from torch import nn


def make_batch(series: torch.Tensor) -> torch.Tensor:
    """[seq_len, batch, features] -> [batch, seq_len, features],
    each value kept in place."""
    # transpose swaps the two axes, so every value moves with its
    # step and its sequence; view or reshape would keep the old
    # memory order and only relabel it.
    return series.transpose(0, 1)


def build_model(features: int, hidden: int) -> nn.GRU:
    """A one-layer GRU, batch first, reading `features` values per
    step into `hidden` units."""
    # nn.GRU(input_size, hidden_size, ...): input_size is the
    # features per step, the input's last axis (torch 2.13,
    # torch/nn/modules/rnn.py, the GRU docstring's Args).
    return nn.GRU(
        input_size=features, hidden_size=hidden, batch_first=True
    )


if __name__ == "__main__":
    seq_len, batch, features, hidden = 7, 3, 5, 4
    series = torch.randn(seq_len, batch, features)
    outputs, h_n = build_model(features, hidden)(make_batch(series))
    print(
        "outputs:",
        list(outputs.shape),
        " wanted",
        [batch, seq_len, hidden],
    )
    print(
        "h_n:    ", list(h_n.shape), " wanted", [1, batch, hidden]
    )
