"""Long-dependency tasks and their memoryless baselines.

Adding problem: two channels, values uniform in [0, 1] and a marker channel with one 1 in each
half; the target is the sum of the two marked values. Always predicting the mean, 1, scores
MSE Var(u1 + u2) = 2/12 = 1/6.

Copy task: 10 symbols from 8, then T - 1 blanks, a delimiter, and 10 more blanks during which
the symbols must be recalled. A model with no memory knows when to say "blank" but must guess
the 8 symbols: cross-entropy ln 8 on each of the 10 recall steps, 10 ln 8 / (T + 20) averaged
over the whole sequence.
"""

from __future__ import annotations

import math

SYMBOLS = 8
COPY_LENGTH = 10
BLANK, DELIMITER = 8, 9  # input categories after the symbols
COPY_INPUTS, COPY_OUTPUTS = 10, 9  # one-hot input size; classes to predict (symbols + blank)


def baseline(task: str, delay: int) -> float:
    """The loss of the best memoryless rule."""
    if task == "adding":
        return 1 / 6
    return COPY_LENGTH * math.log(SYMBOLS) / (delay + 2 * COPY_LENGTH)


def sizes(task: str) -> tuple[int, int, bool]:
    """(inputs per step, outputs, whether the model answers at every step)."""
    return (2, 1, False) if task == "adding" else (COPY_INPUTS, COPY_OUTPUTS, True)


def batch(task: str, size: int, delay: int, generator):
    """A batch of (x, y); `delay` is the adding problem's length or the copy task's T."""
    import torch

    if task == "adding":
        values = torch.rand(size, delay, generator=generator)
        half = delay // 2
        first = torch.randint(0, half, (size,), generator=generator)
        second = torch.randint(half, delay, (size,), generator=generator)
        markers = torch.zeros(size, delay)
        rows = torch.arange(size)
        markers[rows, first] = 1.0
        markers[rows, second] = 1.0
        x = torch.stack([values, markers], dim=2)
        return x, (values * markers).sum(dim=1, keepdim=True)
    length = delay + 2 * COPY_LENGTH
    symbols = torch.randint(0, SYMBOLS, (size, COPY_LENGTH), generator=generator)
    inputs = torch.full((size, length), BLANK)
    inputs[:, :COPY_LENGTH] = symbols
    inputs[:, COPY_LENGTH + delay - 1] = DELIMITER
    targets = torch.full((size, length), BLANK)
    targets[:, -COPY_LENGTH:] = symbols
    return torch.nn.functional.one_hot(inputs, COPY_INPUTS).float(), targets


def loss(task: str, prediction, target):
    import torch

    if task == "adding":
        return torch.nn.functional.mse_loss(prediction, target)
    return torch.nn.functional.cross_entropy(
        prediction.reshape(-1, COPY_OUTPUTS), target.reshape(-1)
    )
