"""Exercise 1 (lesson rnn-basics, 6.4.2): a GRU script fails on its input's layout; fix the batch
and the model so that a batch-first GRU runs and returns the shapes the docstring asks for."""

NUMBER = 1
LESSON = "rnn-basics"
TITLE = "Fix the shapes: feed a batch-first GRU"
HINT = (
    "Read torch's error, then print series.shape beside what a batch_first=True GRU reads: "
    "[batch, seq_len, features]. Some tensor methods move whole axes; others only relabel "
    "the shape and leave the values in their old order."
)
