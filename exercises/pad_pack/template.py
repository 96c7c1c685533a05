"""Exercise 8: pad, pack, and the true last state.

Real batches hold sequences of different lengths: names of 3 to 12
letters, sentences of any number of words. You get them as a list of
tensors, sequences[i] of shape [len_i, features], in no particular
order of length, and an RNN module: nn.RNN, nn.GRU or nn.LSTM, built
with batch_first=True (possibly with more than one layer).

The tools are in torch.nn.utils.rnn:

    pad_sequence(sequences, batch_first=True)
        one tensor [batch, max_len, features]: each sequence
        followed by zeros up to the longest one's length, max_len.
    pack_padded_sequence(padded, lengths, batch_first=True,
                         enforce_sorted=False)
        a PackedSequence that holds only the real steps. lengths are
        each sequence's number of steps, a list of ints or a tensor
        on the CPU. With enforce_sorted=False it sorts the sequences
        by length itself; with the default, True, it raises an error
        unless they come longest first.
    pad_packed_sequence(packed_output, batch_first=True)
        the inverse: (output [batch, max_len, hidden_size] with
        zeros after each sequence's end, lengths [batch]), both in
        the original order.

Given a PackedSequence, the module stops each sequence at its own
end, and its h_n (an LSTM returns (h_n, c_n); the hidden state is
h_n) is [num_layers, batch, hidden_size], already put back in the
original order. So h_n[-1][i] is the state the last layer reaches
after the last real step of sequences[i]: the same as running that
sequence alone. Without packing, the module reads the padding too,
and output[:, -1] of the padded batch is, for every shorter
sequence, its state after reading zeros.

Write:
* pack_batch(sequences): pad, then pack with the sequences' lengths.
* last_states(rnn, sequences): [batch, hidden_size], row i the true
  last state of sequences[i].
* padded_outputs(rnn, sequences):
  (output [batch, max_len, hidden_size], lengths [batch]).

The checks use random lengths, sizes and modules you have not seen.
Run this file to compare your last states with each sequence run
alone.
"""

import torch
from torch import nn

# The tools the docstring names, imported for you to use.
from torch.nn.utils.rnn import (  # noqa: F401
    PackedSequence,
    pack_padded_sequence,
    pad_packed_sequence,
    pad_sequence,
)


def pack_batch(sequences: list[torch.Tensor]) -> PackedSequence:
    """The sequences ([len_i, features] each, in any order of
    length) as one PackedSequence."""
    # TODO: pad the sequences into [batch, max_len, features], batch
    # first.
    # TODO: their lengths, and pack_padded_sequence with
    # enforce_sorted=False.
    raise NotImplementedError("TODO: write pack_batch")


def last_states(
    rnn: nn.RNNBase, sequences: list[torch.Tensor]
) -> torch.Tensor:
    """Each sequence's hidden state after its own last step:
    [batch, hidden_size], in the order of `sequences`."""
    # TODO: run rnn on pack_batch(sequences); take h_n (for an LSTM,
    # h_n of (h_n, c_n)).
    # TODO: the last layer's states, row i for sequences[i].
    raise NotImplementedError("TODO: write last_states")


def padded_outputs(
    rnn: nn.RNNBase, sequences: list[torch.Tensor]
) -> tuple[torch.Tensor, torch.Tensor]:
    """The module's outputs for every step,
    [batch, max_len, hidden_size] with zeros after each sequence's
    end, and the lengths [batch], both in the order of
    `sequences`."""
    # TODO: run rnn on pack_batch(sequences) and unpack its output.
    raise NotImplementedError("TODO: write padded_outputs")


if __name__ == "__main__":
    torch.manual_seed(0)
    gru = nn.GRU(input_size=3, hidden_size=4, batch_first=True)
    sequences = [torch.randn(length, 3) for length in (2, 5, 3)]
    try:
        states = last_states(gru, sequences)
        output, lengths = padded_outputs(gru, sequences)
    except NotImplementedError as error:
        print(f"not written yet: {error}")
    else:
        print(
            f"last states: {list(states.shape)}, outputs: "
            f"{list(output.shape)}"
        )
        for i, sequence in enumerate(sequences):
            alone = gru(sequence.unsqueeze(0))[1][-1, 0]
            gap = (states[i] - alone).abs().max().item()
            print(
                f"sequence {i} (length {int(lengths[i])}): largest "
                "difference from its run "
                f"alone {gap:.2g}"
            )
