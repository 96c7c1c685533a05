"""Exercise 4 (lesson lstm-gru, 6.4.3): an LSTM cell in PyTorch's gate order (i, f, g, o stacked
in weight_ih_l0 and weight_hh_l0), returning (h, c), checked against nn.LSTM for one step and
over a sequence from nonzero h0 and c0."""

NUMBER = 4
LESSON = "lstm-gru"
TITLE = "An LSTM cell that matches nn.LSTM"
HINT = (
    "Cut the one pre-activation x_t W_ih^T + b_ih + h W_hh^T + b_hh into four along the last "
    "axis, in the docstring's order. Then check each squashing function against the formulas, "
    "and the order of the pair you return."
)
