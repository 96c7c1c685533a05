"""Exercise 2: one step of a vanilla RNN, then the loop over time
(reference solution).

    h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)

(torch 2.13, torch/nn/modules/rnn.py, the RNN docstring's equation;
W_ih is weight_ih_l0, [hidden_size, input_size].) rnn_forward
returns outputs [batch, seq_len, hidden_size] and h_n
[batch, hidden_size], which is nn.RNN's h_n[0].
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
    return torch.tanh(
        x_t @ weight_ih.T + bias_ih + h_prev @ weight_hh.T + bias_hh
    )


def rnn_forward(
    rnn: nn.RNN, x: torch.Tensor, h0: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """(outputs [batch, seq_len, hidden_size], h_n
    [batch, hidden_size]) for x, batch first."""
    batch, seq_len, _ = x.shape
    h = x.new_zeros(batch, rnn.hidden_size) if h0 is None else h0
    weights = (
        rnn.weight_ih_l0,
        rnn.weight_hh_l0,
        rnn.bias_ih_l0,
        rnn.bias_hh_l0,
    )
    outputs = []
    for t in range(seq_len):
        h = rnn_step(x[:, t], h, *weights)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h


if __name__ == "__main__":
    torch.manual_seed(0)
    rnn = nn.RNN(input_size=3, hidden_size=4, batch_first=True)
    x = torch.randn(2, 5, 3)
    h0 = torch.randn(2, 4)
    outputs, h_n = rnn_forward(rnn, x, h0)
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
    gap = (outputs - expected_outputs).abs().max().item()
    print(f"largest difference from nn.RNN's outputs: {gap:.2g}")
