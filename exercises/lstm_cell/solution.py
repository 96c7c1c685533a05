"""Exercise 4: an LSTM cell that matches nn.LSTM
(reference solution).

    i, f, o = sigmoid(...), g = tanh(...)
        from x W_ih^T + b_ih + h W_hh^T + b_hh
    c' = f * c + i * g
    h' = o * tanh(c')

Checked in torch 2.13's torch/nn/modules/rnn.py (LSTM docstring):
these equations and the layout
weight_ih_l[k] = (W_ii|W_if|W_ig|W_io),
weight_hh_l[k] = (W_hi|W_hf|W_hg|W_ho), biases likewise. The same at
docs.pytorch.org/docs/stable/generated/torch.nn.LSTMCell.html.
"""

import torch
from torch import nn


def lstm_cell(
    x_t: torch.Tensor,
    h_prev: torch.Tensor,
    c_prev: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor,
    bias_hh: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor]:
    """One LSTM step in PyTorch's gate order: (h', c'), each
    [batch, hidden_size]."""
    gates = (
        x_t @ weight_ih.T + bias_ih + h_prev @ weight_hh.T + bias_hh
    )
    i, f, g, o = gates.chunk(4, dim=1)
    i, f, g, o = (
        torch.sigmoid(i),
        torch.sigmoid(f),
        torch.tanh(g),
        torch.sigmoid(o),
    )
    c = f * c_prev + i * g
    h = o * torch.tanh(c)
    return h, c


def lstm_forward(
    lstm: nn.LSTM,
    x: torch.Tensor,
    h0: torch.Tensor | None = None,
    c0: torch.Tensor | None = None,
) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
    """Your cell over x [batch, seq_len, input_size], batch first,
    from h0 and c0 [batch, H] (zeros when None).

    Returns outputs [batch, seq_len, H] (h after each step) and
    (h_n, c_n), each [batch, H]: nn.LSTM's h_n[0] and c_n[0].
    """
    batch, seq_len, _ = x.shape
    h = x.new_zeros(batch, lstm.hidden_size) if h0 is None else h0
    c = x.new_zeros(batch, lstm.hidden_size) if c0 is None else c0
    weights = (
        lstm.weight_ih_l0,
        lstm.weight_hh_l0,
        lstm.bias_ih_l0,
        lstm.bias_hh_l0,
    )
    outputs = []
    for t in range(seq_len):
        h, c = lstm_cell(x[:, t], h, c, *weights)
        outputs.append(h)
    return torch.stack(outputs, dim=1), (h, c)


if __name__ == "__main__":
    torch.manual_seed(0)
    lstm = nn.LSTM(input_size=3, hidden_size=4, batch_first=True)
    x, h0, c0 = (
        torch.randn(2, 5, 3),
        torch.randn(2, 4),
        torch.randn(2, 4),
    )
    outputs, (h_n, c_n) = lstm_forward(lstm, x, h0, c0)
    expected, (_, expected_c_n) = lstm(
        x, (h0.unsqueeze(0), c0.unsqueeze(0))
    )
    gaps = (outputs - expected).abs().amax(dim=(0, 2))
    for t, gap in enumerate(gaps.tolist()):
        print(
            f"time step {t}: largest difference from nn.LSTM's h "
            f"{gap:.2g}"
        )
    print(
        "c_n: largest difference "
        f"{(c_n - expected_c_n[0]).abs().max().item():.2g}"
    )
