"""Exercise 8 (lesson text-sequences, beyond the roadmap): a batch of sequences of different
lengths, padded with pad_sequence, packed with pack_padded_sequence(enforce_sorted=False) and
run through nn.RNN, nn.GRU or nn.LSTM; the learner returns each sequence's true last state in
the order given, and the unpacked outputs with their lengths, checked against running each
sequence alone."""

NUMBER = 8
LESSON = "text-sequences"
TITLE = "Pad, pack, and the true last state"
HINT = (
    "Each sequence's length is its number of rows; pack with those lengths and let the "
    "module read the packed batch. Its h_n already stops at each sequence's end and comes back "
    "in your order; output[:, -1] of the padded batch reads on through the padding."
)
