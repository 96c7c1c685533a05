"""Long-dependency tasks and their memoryless baselines.

Adding problem (many-to-one): two channels, values uniform in [0, 1] and a marker channel with
one 1 in each half; the target is the sum of the two marked values, read from the last step.
Always predicting the mean, 1, scores MSE Var(u1 + u2) = 2/12 = 1/6.

Copy task (many-to-many): L symbols drawn from an alphabet of K, then T - 1 blanks, a
delimiter, and L more blanks during which the symbols must be recalled in order; the target at
every other step is "blank". Inputs are one-hot over K symbols + blank + delimiter. A model that
remembers none of the symbols can still learn when to say "blank" (the schedule is the same in
every sequence) but must guess at the L recall steps: cross-entropy ln K on each, so
L ln K / (T + 2L) averaged over the whole sequence.
"""

from __future__ import annotations

import math

SYMBOLS = 3  # how many symbols the copy task asks to recall (L)
ALPHABET = 4  # how many different symbols there are (K)


def baseline(task: str, delay: int, symbols: int = SYMBOLS, alphabet: int = ALPHABET) -> float:
    """The loss of the best rule that remembers nothing of the sequence's content."""
    if task == "adding":
        return 1 / 6
    return symbols * math.log(alphabet) / (delay + 2 * symbols)


def sizes(task: str, alphabet: int = ALPHABET) -> tuple[int, int, bool]:
    """(inputs per step, outputs, whether the model answers at every step)."""
    # Copy: one-hot over the symbols, blank and delimiter; it predicts a symbol or blank.
    return (2, 1, False) if task == "adding" else (alphabet + 2, alphabet + 1, True)


def batch(
    task: str, size: int, delay: int, generator, symbols: int = SYMBOLS, alphabet: int = ALPHABET
):
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
    blank, delimiter = alphabet, alphabet + 1
    length = delay + 2 * symbols
    drawn = torch.randint(0, alphabet, (size, symbols), generator=generator)
    inputs = torch.full((size, length), blank)
    inputs[:, :symbols] = drawn
    inputs[:, symbols + delay - 1] = delimiter
    targets = torch.full((size, length), blank)
    targets[:, -symbols:] = drawn
    return torch.nn.functional.one_hot(inputs, alphabet + 2).float(), targets


def loss(task: str, prediction, target):
    import torch

    if task == "adding":
        return torch.nn.functional.mse_loss(prediction, target)
    return torch.nn.functional.cross_entropy(
        prediction.reshape(-1, prediction.shape[-1]), target.reshape(-1)
    )
