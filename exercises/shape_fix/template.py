"""Exercise 1: make this GRU script run.

A data loader hands you readings time-major: `series` has shape
[seq_len, batch, features], the layout nn.GRU reads when batch_first
is False, its default. The model here is built with
batch_first=True, so it reads [batch, seq_len, features]. Run this
file: torch refuses it.

Fix the two functions so that

    outputs, h_n = build_model(features, hidden)(make_batch(series))

runs and gives
    outputs  [batch, seq_len, hidden]
             one hidden vector per step of each sequence
    h_n      [1, batch, hidden]
             the last step's hidden state (one layer)

make_batch must move the data, not only change the shape: the value
at [b, t, f] of what it returns must be series[t, b, f], the same
reading of the same sequence at the same step.
"""

import torch
from torch import nn


def make_batch(series: torch.Tensor) -> torch.Tensor:
    """[seq_len, batch, features] -> [batch, seq_len, features],
    each value kept in place."""
    # TODO: order the axes the way a batch_first model reads them.
    return series


def build_model(features: int, hidden: int) -> nn.GRU:
    """A one-layer GRU, batch first, reading `features` values per
    step into `hidden` units."""
    # TODO: check the arguments against nn.GRU's docs: which one is
    # input_size?
    return nn.GRU(hidden, features, batch_first=True)


if __name__ == "__main__":
    seq_len, batch, features, hidden = 7, 3, 5, 4
    series = torch.randn(seq_len, batch, features)
    model = build_model(features, hidden)
    try:
        outputs, h_n = model(make_batch(series))
    except RuntimeError as error:
        print("torch raised:", error)
    else:
        print(
            "outputs:",
            list(outputs.shape),
            " wanted",
            [batch, seq_len, hidden],
        )
        print(
            "h_n:    ",
            list(h_n.shape),
            " wanted",
            [1, batch, hidden],
        )
