"""Exercise 2 (lesson rnn-basics, 6.4.2): one vanilla RNN step from an nn.RNN's own weights, then
the loop over time that carries the hidden state from step to step, checked against nn.RNN."""

NUMBER = 2
LESSON = "rnn-basics"
TITLE = "One RNN step, then the loop over time"
HINT = (
    "x_t is [batch, input_size] and weight_ih is [hidden_size, input_size]: write down the shape "
    "of every product before you run it. In the loop, each step starts from the h the step "
    "before it produced."
)
