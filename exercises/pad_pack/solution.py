"""Exercise 8: pad, pack, and the true last state
(reference solution).

Checked in torch 2.13 (torch/nn/utils/rnn.py and
torch/nn/modules/rnn.py, and the docs of
torch.nn.utils.rnn.pack_padded_sequence):
pad_sequence(batch_first=True) gives [batch, max_len, *];
pack_padded_sequence's lengths are a list of ints or a CPU tensor,
and with enforce_sorted=False it sorts the sequences itself (with
True, unsorted lengths raise a RuntimeError); a module given a
PackedSequence returns h_n (and c_n) permuted back with
unsorted_indices, so in the original order;
pad_packed_sequence(batch_first=True) returns the outputs
[batch, max_len, hidden] in the original order with zeros after each
end, and the lengths.
"""

import torch
from torch import nn
from torch.nn.utils.rnn import (
    PackedSequence,
    pack_padded_sequence,
    pad_packed_sequence,
    pad_sequence,
)


def pack_batch(sequences: list[torch.Tensor]) -> PackedSequence:
    """The sequences ([len_i, features] each, in any order of
    length) as one PackedSequence."""
    # [batch, max_len, features], zeros after
    padded = pad_sequence(sequences, batch_first=True)
    # a list of ints: on the CPU
    lengths = [len(sequence) for sequence in sequences]
    return pack_padded_sequence(
        padded, lengths, batch_first=True, enforce_sorted=False
    )


def last_states(
    rnn: nn.RNNBase, sequences: list[torch.Tensor]
) -> torch.Tensor:
    """Each sequence's hidden state after its own last step:
    [batch, hidden_size], in the order of `sequences`."""
    _, state = rnn(pack_batch(sequences))
    # an LSTM returns (h_n, c_n)
    h_n = state[0] if isinstance(rnn, nn.LSTM) else state
    # the last layer's; already in the order given
    # (unsorted_indices)
    return h_n[-1]


def padded_outputs(
    rnn: nn.RNNBase, sequences: list[torch.Tensor]
) -> tuple[torch.Tensor, torch.Tensor]:
    """The module's outputs for every step,
    [batch, max_len, hidden_size] with zeros after each sequence's
    end, and the lengths [batch], both in the order of
    `sequences`."""
    output, _ = rnn(pack_batch(sequences))
    return pad_packed_sequence(output, batch_first=True)


if __name__ == "__main__":
    torch.manual_seed(0)
    gru = nn.GRU(input_size=3, hidden_size=4, batch_first=True)
    sequences = [torch.randn(length, 3) for length in (2, 5, 3)]
    states = last_states(gru, sequences)
    output, lengths = padded_outputs(gru, sequences)
    print(
        f"last states: {list(states.shape)}, outputs: "
        f"{list(output.shape)}"
    )
    for i, sequence in enumerate(sequences):
        alone = gru(sequence.unsqueeze(0))[1][-1, 0]
        gap = (states[i] - alone).abs().max().item()
        print(
            f"sequence {i} (length {int(lengths[i])}): largest "
            "difference from its run alone "
            f"{gap:.2g}"
        )
