"""Exercise 3 (lesson lstm-gru, 6.4.3): a GRU cell in PyTorch's own form and gate order (r, z, n
stacked in weight_ih_l0 and weight_hh_l0, the reset gate applied after W_hn), checked against
nn.GRU for one step and over a sequence."""

NUMBER = 3
LESSON = "lstm-gru"
TITLE = "A GRU cell that matches nn.GRU"
HINT = (
    "Compute x_t W_ih^T + b_ih and h W_hh^T + b_hh once each, then cut each into its three "
    "gates along the last axis. Check which third is r and where r multiplies in n."
)
