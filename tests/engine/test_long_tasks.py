"""The race's tasks: data as described, and baselines equal to their formulas and to Monte Carlo."""

from __future__ import annotations

import math

import pytest
import torch

from engine import long_tasks


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


@pytest.mark.parametrize("delay", [5, 30])
def test_copy_data_and_its_baseline(delay: int) -> None:
    x, y = long_tasks.batch("copy", 4000, delay, torch.Generator().manual_seed(1))
    length = delay + 20
    assert x.shape == (4000, length, 10) and y.shape == (4000, length)
    symbols = x[:, :10].argmax(dim=2)
    assert torch.equal(y[:, -10:], symbols)
    assert torch.all(x[:, 10 + delay - 1].argmax(dim=1) == long_tasks.DELIMITER)
    assert torch.all(y[:, :-10] == long_tasks.BLANK)
    # The memoryless rule: certain "blank" where it must be, uniform over 8 symbols at recall.
    logits = torch.full((4000, length, 9), -1e9)
    logits[:, :-10, long_tasks.BLANK] = 0.0
    logits[:, -10:, :8] = 0.0
    monte_carlo = long_tasks.loss("copy", logits, y).item()
    expected = 10 * math.log(8) / (delay + 20)
    assert long_tasks.baseline("copy", delay) == pytest.approx(expected)
    assert monte_carlo == pytest.approx(expected, rel=1e-4)
