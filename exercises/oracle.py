"""The torch reference modules the cell exercises are judged against, and the random sizes and
inputs they run on.

A Case is one configuration the learner never saw; `reference` builds torch's own layer (nn.RNN,
nn.GRU or nn.LSTM, batch first, one layer) with weights seeded by the case, so the check and
the learner's code read the same weights and torch's forward pass is the expected value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import torch
from torch import nn

Layer = TypeVar("Layer", bound=nn.RNNBase)


@dataclass(frozen=True)
class Case:
    batch: int
    seq_len: int
    input_size: int
    hidden: int
    seed: int

    @property
    def sizes(self) -> str:
        """The sizes as the learner would pass them, for messages."""
        return f"(input_size={self.input_size}, hidden_size={self.hidden}, batch={self.batch})"


def reference(kind: type[Layer], case: Case) -> Layer:
    """torch's one-layer, batch-first `kind` (nn.RNN, nn.GRU, nn.LSTM) with the case's seed."""
    torch.manual_seed(case.seed)
    return kind(case.input_size, case.hidden, batch_first=True)


def random_inputs(
    case: Case, states: int = 1
) -> tuple[torch.Tensor, ...]:
    """x [batch, seq_len, input_size], then `states` nonzero states [batch, hidden] (h0, or h0
    and c0): a random start catches code that ignores the state it is given."""
    generator = torch.Generator().manual_seed(case.seed)
    x = torch.randn(
        case.batch,
        case.seq_len,
        case.input_size,
        generator=generator,
    )
    return x, *(
        torch.randn(case.batch, case.hidden, generator=generator)
        for _ in range(states)
    )


def layer_weights(layer: nn.RNNBase) -> tuple[torch.Tensor, ...]:
    """(weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0), detached copies: what the learner's
    cell is given, so nothing it does in place can change the reference."""
    parameters = (
        layer.weight_ih_l0,
        layer.weight_hh_l0,
        layer.bias_ih_l0,
        layer.bias_hh_l0,
    )
    return tuple(p.detach().clone() for p in parameters)
