"""Exercise 3: a GRU cell that matches nn.GRU (reference solution).

    r  = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
    z  = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
    n  = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
    h' = (1 - z) * n + z * h

Checked in torch 2.13's torch/nn/modules/rnn.py (GRU docstring):
these equations; the note that PyTorch applies r after W_hn, unlike
the original paper; and the layout
weight_ih_l[k] = (W_ir|W_iz|W_in),
weight_hh_l[k] = (W_hr|W_hz|W_hn), biases likewise. The same at
docs.pytorch.org/docs/stable/generated/torch.nn.GRU.html.
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
    x_r, x_z, x_n = (x_t @ weight_ih.T + bias_ih).chunk(3, dim=1)
    h_r, h_z, h_n = (h_prev @ weight_hh.T + bias_hh).chunk(3, dim=1)
    r = torch.sigmoid(x_r + h_r)
    z = torch.sigmoid(x_z + h_z)
    # h_n already holds b_hn: r multiplies (h W_hn^T + b_hn)
    n = torch.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h_prev


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
    outputs, h_n = gru_forward(gru, x, h0)
    expected, _ = gru(x, h0.unsqueeze(0))
    gaps = (outputs - expected).abs().amax(dim=(0, 2))
    for t, gap in enumerate(gaps.tolist()):
        print(
            f"time step {t}: largest difference "
            f"from nn.GRU {gap:.2g}"
        )
