"""The sequence models the race trains: one recurrent layer and a linear read-out."""

from __future__ import annotations

import torch
from torch import nn

CLASSES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


class SequenceModel(nn.Module):
    def __init__(
        self,
        cell: str,
        inputs: int,
        hidden: int,
        outputs: int,
        every_step: bool,
        forget_bias: bool = False,
    ) -> None:
        super().__init__()
        self.cell = cell
        self.rnn = CLASSES[cell](inputs, hidden, batch_first=True)
        self.head = nn.Linear(hidden, outputs)
        self.every_step = every_step
        if forget_bias and cell == "lstm":
            # Gate order i, f, g, o: the second block is the forget gate. A total bias of 1
            # starts f near σ(1) ≈ 0.73, so the cell keeps most of c at first.
            with torch.no_grad():
                self.rnn.bias_ih_l0[hidden : 2 * hidden].fill_(1.0)
                self.rnn.bias_hh_l0[hidden : 2 * hidden].fill_(0.0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        output, _ = self.rnn(x)
        return self.head(output if self.every_step else output[:, -1])


class LinearWindow(nn.Module):
    """A non-recurrent reference: one weight per position in the window, plus a bias."""

    def __init__(self, window: int) -> None:
        super().__init__()
        self.linear = nn.Linear(window, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x.squeeze(-1))
