"""The models of the text lesson: characters in, through an embedding and a recurrent layer.

Imported only when a text task runs, because it imports torch.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

CLASSES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


class NameClassifier(nn.Module):
    """Many-to-one: a name's characters -> one score per language, read from h_n."""

    def __init__(self, cell: str, vocab: int, embedding: int, hidden: int, classes: int) -> None:
        super().__init__()
        self.cell = cell
        self.embed = nn.Embedding(vocab, embedding, padding_idx=0)
        self.rnn = CLASSES[cell](embedding, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        # Packed, so each name stops at its own last letter: h_n is the state after it, not
        # after the padding that follows shorter names (see engine.pack).
        packed = pack_padded_sequence(
            self.embed(ids), lengths, batch_first=True, enforce_sorted=False
        )
        _, state = self.rnn(packed)
        h_n = state[0] if self.cell == "lstm" else state
        return self.head(h_n[-1])


class CharModel(nn.Module):
    """Many-to-many: at every step, scores for the next character."""

    def __init__(self, cell: str, vocab: int, embedding: int, hidden: int) -> None:
        super().__init__()
        self.cell = cell
        self.embed = nn.Embedding(vocab, embedding, padding_idx=0)
        self.rnn = CLASSES[cell](embedding, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids: torch.Tensor, state=None, lengths: list[int] | None = None):
        """Scores [batch, steps, vocab] and the state after the last step (of each sequence's
        own last step, when `lengths` packs them)."""
        x = self.embed(ids)
        if lengths is None:
            output, state = self.rnn(x, state)
        else:
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            output, state = self.rnn(packed, state)
            output, _ = pad_packed_sequence(output, batch_first=True, total_length=ids.shape[1])
        return self.head(output), state


def detach(state):
    """The state as a constant: the same numbers, cut from the graph that made them."""
    if isinstance(state, tuple):
        return tuple(part.detach() for part in state)
    return state.detach()
