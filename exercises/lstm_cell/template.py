"""Exercise 4: an LSTM cell that matches nn.LSTM.

At every time step nn.LSTM computes, from
x (x_t, [batch, input_size]), h (h_{t-1}) and c (c_{t-1}, the cell
state), both [batch, hidden_size]:

    i  = sigmoid(x W_ii^T + b_ii + h W_hi^T + b_hi)   input gate
    f  = sigmoid(x W_if^T + b_if + h W_hf^T + b_hf)   forget gate
    g  = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)      candidate cell
    o  = sigmoid(x W_io^T + b_io + h W_ho^T + b_ho)   output gate
    c' = f * c + i * g
    h' = o * tanh(c')

(g holds the candidate cell values. * is elementwise. PyTorch's docs
write W_ii x for one column vector x; for a batch of rows that is
x @ W_ii.T.)

Each of the module's matrices stacks the four gates in the order
i, f, g, o (H = hidden_size):

    lstm.weight_ih_l0  [4H, input_size]
        rows 0:H W_ii, H:2H W_if, 2H:3H W_ig, 3H:4H W_io
    lstm.weight_hh_l0  [4H, H]
        rows 0:H W_hi, H:2H W_hf, 2H:3H W_hg, 3H:4H W_ho
    lstm.bias_ih_l0    [4H]
        b_ii, b_if, b_ig, b_io, in the same quarters
    lstm.bias_hh_l0    [4H]  b_hi, b_hf, b_hg, b_ho

Write lstm_cell: one step, returning the pair (h', c'), each
[batch, hidden_size], h' first. lstm_forward is written for you: it
runs your cell over a whole sequence. Run this file to compare it
with nn.LSTM.
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
    # TODO: the four gates' pre-activations, cut from both products.
    # TODO: squash each gate, then c' and h'.
    raise NotImplementedError("TODO: write lstm_cell")


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
    try:
        outputs, (h_n, c_n) = lstm_forward(lstm, x, h0, c0)
    except NotImplementedError as error:
        print(error)
    else:
        expected, (_, expected_c_n) = lstm(
            x, (h0.unsqueeze(0), c0.unsqueeze(0))
        )
        gaps = (outputs - expected).abs().amax(dim=(0, 2))
        for t, gap in enumerate(gaps.tolist()):
            print(
                f"time step {t}: largest difference "
                f"from nn.LSTM's h {gap:.2g}"
            )
        print(
            "c_n: largest difference "
            f"{(c_n - expected_c_n[0]).abs().max().item():.2g}"
        )
