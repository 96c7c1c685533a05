"""Exercise 3: a GRU cell that matches nn.GRU.

At every time step nn.GRU computes, from
x (x_t, [batch, input_size]) and h (h_{t-1}, [batch, hidden_size]):

    r  = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
    z  = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
    n  = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
    h' = (1 - z) * n + z * h

with r the reset gate, z the update gate and n the candidate state.

(* is elementwise. PyTorch's docs write W_ir x for one column vector
x; for a batch of rows that is x @ W_ir.T.) Look where r goes:
PyTorch multiplies r with (h W_hn^T + b_hn), after the product with
W_hn. The original paper and d2l.ai apply r to h first,
(r * h) W_hn^T; that form does not match nn.GRU.

Each of the module's matrices stacks the three gates in the order
r, z, n (H = hidden_size):

    gru.weight_ih_l0  [3H, input_size]
        rows 0:H W_ir, rows H:2H W_iz, rows 2H:3H W_in
    gru.weight_hh_l0  [3H, H]
        rows 0:H W_hr, rows H:2H W_hz, rows 2H:3H W_hn
    gru.bias_ih_l0    [3H]  b_ir, b_iz, b_in, in the same thirds
    gru.bias_hh_l0    [3H]  b_hr, b_hz, b_hn

Write gru_cell: one step, returning h' [batch, hidden_size].
gru_forward is written for you: it runs your cell over a whole
sequence. Run this file to compare it with nn.GRU.
"""

import torch
from torch import nn


def gru_cell(
    x_t: torch.Tensor,
    h_prev: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor,
    bias_hh: torch.Tensor,
) -> torch.Tensor:
    """One GRU step in PyTorch's form: h' [batch, hidden_size] from
    x_t and h_prev."""
    # TODO: the input's and the hidden state's contributions, each
    # cut into r, z, n parts.
    # TODO: the gates r and z, the candidate n, and h'.
    raise NotImplementedError("TODO: write gru_cell")


def gru_forward(
    gru: nn.GRU, x: torch.Tensor, h0: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Your cell over x [batch, seq_len, input_size], batch first,
    from h0 [batch, H] (or zeros).

    Returns outputs [batch, seq_len, H] (h after each step) and h_n
    [batch, H], which is nn.GRU's h_n[0].
    """
    batch, seq_len, _ = x.shape
    h = x.new_zeros(batch, gru.hidden_size) if h0 is None else h0
    weights = (
        gru.weight_ih_l0,
        gru.weight_hh_l0,
        gru.bias_ih_l0,
        gru.bias_hh_l0,
    )
    outputs = []
    for t in range(seq_len):
        h = gru_cell(x[:, t], h, *weights)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h


if __name__ == "__main__":
    torch.manual_seed(0)
    gru = nn.GRU(input_size=3, hidden_size=4, batch_first=True)
    x, h0 = torch.randn(2, 5, 3), torch.randn(2, 4)
    try:
        outputs, h_n = gru_forward(gru, x, h0)
    except NotImplementedError as error:
        print(error)
    else:
        expected, _ = gru(x, h0.unsqueeze(0))
        gaps = (outputs - expected).abs().amax(dim=(0, 2))
        for t, gap in enumerate(gaps.tolist()):
            print(
                f"time step {t}: largest difference from nn.GRU "
                f"{gap:.2g}"
            )
