"""Exercise 2: one step of a vanilla RNN, then the loop over time.

nn.RNN (tanh, one layer) computes, at every time step t,

    h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)

where x_t is [batch, input_size] and h_{t-1} is
[batch, hidden_size]. The weights live in the module:

    rnn.weight_ih_l0   W_ih   [hidden_size, input_size]
    rnn.weight_hh_l0   W_hh   [hidden_size, hidden_size]
    rnn.bias_ih_l0     b_ih   [hidden_size]
    rnn.bias_hh_l0     b_hh   [hidden_size]

1. rnn_step: one step, the formula above. Returns h_t,
   [batch, hidden_size].
2. rnn_forward: run rnn_step over x, [batch, seq_len, input_size]
   (batch first), starting from h0, [batch, hidden_size] (zeros when
   h0 is None). Returns (outputs, h_n):
       outputs  [batch, seq_len, hidden_size]
                outputs[:, t] is h after reading x[:, t]
       h_n      [batch, hidden_size]   h after the last step
   nn.RNN returns h_n as [1, batch, hidden_size], one row per layer:
   yours is its h_n[0].

Run this file to compare yours with nn.RNN.
"""

import torch
from torch import nn


def rnn_step(
    x_t: torch.Tensor,
    h_prev: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor,
    bias_hh: torch.Tensor,
) -> torch.Tensor:
    """h_t = tanh(x_t W_ih^T + b_ih + h_prev W_hh^T + b_hh), shape
    [batch, hidden_size]."""
    # TODO: one line of PyTorch.
    raise NotImplementedError("TODO: write rnn_step")


def rnn_forward(
    rnn: nn.RNN, x: torch.Tensor, h0: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """(outputs [batch, seq_len, hidden_size], h_n
    [batch, hidden_size]) for x, batch first."""
    # TODO: start from h0 (or zeros), call rnn_step once per time
    # step with rnn's weights, keep each step's h, and stack them
    # along the time axis.
    raise NotImplementedError("TODO: write rnn_forward")


if __name__ == "__main__":
    torch.manual_seed(0)
    rnn = nn.RNN(input_size=3, hidden_size=4, batch_first=True)
    x = torch.randn(2, 5, 3)
    h0 = torch.randn(2, 4)
    try:
        outputs, h_n = rnn_forward(rnn, x, h0)
    except NotImplementedError as error:
        print(error)
    else:
        expected_outputs, expected_h_n = rnn(x, h0.unsqueeze(0))
        print(
            "outputs:",
            list(outputs.shape),
            " nn.RNN:",
            list(expected_outputs.shape),
        )
        print(
            "h_n:    ",
            list(h_n.shape),
            " nn.RNN's h_n[0]:",
            list(expected_h_n[0].shape),
        )
        if outputs.shape == expected_outputs.shape:
            gap = (outputs - expected_outputs).abs().max().item()
            print(
                "largest difference from nn.RNN's "
                f"outputs: {gap:.2g}"
            )
