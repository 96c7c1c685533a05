"""Warm-up: add two tensors. Exercise 0, and the example an author of a new exercise copies.

It teaches no RNN, only the loop every exercise follows: open the file, write the TODO, save,
read the checks. Its package is the whole recipe: NUMBER, LESSON, TITLE and HINT here,
`template.py` (the learner's start), `solution.py` (same names, the reference) and `checks.py`
(CHECKS, properties against torch on random shapes, from basic to deep).
"""

NUMBER = 0
LESSON = "rnn-basics"
TITLE = "Warm-up: add two tensors"
HINT = (
    "Tensors add with the same + as numbers, and shapes such as (3, 1) and (1, 4) broadcast to "
    "(3, 4) by themselves. Make a new tensor: do not change a or b in place."
)
