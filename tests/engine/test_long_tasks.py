"""The race's tasks: data as described, and baselines equal to their formulas and to Monte Carlo."""

from __future__ import annotations

import math

import pytest
import torch

from engine import long_tasks
from engine.models import SequenceModel


def test_adding_data_and_its_baseline() -> None:
    x, y = long_tasks.batch("adding", 20000, 50, torch.Generator().manual_seed(0))
    assert x.shape == (20000, 50, 2) and y.shape == (20000, 1)
    markers = x[:, :, 1]
    assert torch.equal(markers.sum(dim=1), torch.full((20000,), 2.0))
    assert torch.equal(markers[:, :25].sum(dim=1), torch.ones(20000))  # one in each half
    assert torch.allclose(y[:, 0], (x[:, :, 0] * markers).sum(dim=1))
    # Always answering 1 (the mean of the sum) scores Var(u1 + u2) = 1/6.
    monte_carlo = torch.nn.functional.mse_loss(torch.ones_like(y), y).item()
    assert long_tasks.baseline("adding", 50) == pytest.approx(1 / 6)
    assert monte_carlo == pytest.approx(1 / 6, rel=0.03)


@pytest.mark.parametrize(("delay", "symbols", "alphabet"), [(5, 10, 8), (30, 10, 8), (20, 3, 4)])
def test_copy_data_as_described(delay: int, symbols: int, alphabet: int) -> None:
    x, y = long_tasks.batch(
        "copy", 4000, delay, torch.Generator().manual_seed(1), symbols, alphabet
    )
    length = delay + 2 * symbols
    blank, delimiter = alphabet, alphabet + 1
    assert x.shape == (4000, length, alphabet + 2) and y.shape == (4000, length)
    assert torch.equal(x.sum(dim=2), torch.ones(4000, length))  # one-hot: a single 1 a step
    shown = x.argmax(dim=2)
    assert torch.all(shown[:, :symbols] < alphabet)
    # The delimiter comes `delay` steps after the last symbol; blanks everywhere else.
    assert torch.all(shown[:, symbols - 1 + delay] == delimiter)
    rest = torch.cat([shown[:, symbols : symbols - 1 + delay], shown[:, symbols + delay :]], 1)
    assert torch.all(rest == blank)
    # Answers: blank until the delimiter has passed, then the symbols in order.
    assert torch.equal(y[:, -symbols:], shown[:, :symbols])
    assert torch.all(y[:, :-symbols] == blank)


@pytest.mark.parametrize(("delay", "symbols", "alphabet"), [(5, 10, 8), (30, 10, 8), (20, 3, 4)])
def test_copy_baseline_is_the_best_rule_without_memory(
    delay: int, symbols: int, alphabet: int
) -> None:
    # The best prediction that knows only the step t (not the symbols) is the distribution of
    # answers at step t; its cross-entropy is measured on sequences, here from counts.
    _, y = long_tasks.batch(
        "copy", 20000, delay, torch.Generator().manual_seed(2), symbols, alphabet
    )
    counts = torch.nn.functional.one_hot(y, alphabet + 1).float().mean(dim=0)  # [step, class]
    per_step = -(counts * torch.log(counts.clamp_min(1e-30))).sum(dim=1)
    measured = per_step.mean().item()
    closed_form = symbols * math.log(alphabet) / (delay + 2 * symbols)
    assert long_tasks.baseline("copy", delay, symbols, alphabet) == pytest.approx(closed_form)
    assert measured == pytest.approx(closed_form, rel=0.01)
    # The same rule as logits, through the task's own loss.
    logits = torch.log(counts.clamp_min(1e-30)).expand(20000, -1, -1)
    assert long_tasks.loss("copy", logits, y).item() == pytest.approx(measured, rel=1e-4)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_many_to_one_reads_the_last_output_which_is_h_n(cell: str) -> None:
    model = SequenceModel(cell, 2, 8, 1, every_step=False)
    x = torch.randn(3, 7, 2)
    output, state = model.rnn(x)
    h_n = state[0] if cell == "lstm" else state
    assert torch.equal(output[:, -1], h_n[0])
    assert torch.equal(model(x), model.head(output[:, -1]))
    copying = SequenceModel(cell, 6, 8, 5, every_step=True)
    assert copying(torch.randn(3, 7, 6)).shape == (3, 7, 5)  # an answer at every step
