"""Exercise 7: find and fix the leak (reference solution).

The two leaks of the template: the mean and std came from the whole
series, validation part included; and the windows were shuffled
before the split, so training windows came from all over the series,
the validation part's too, and held validation targets among their
inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

HIDDEN = 32  # the GRU's hidden size
# a little ridge keeps the least-squares read-out well conditioned
RIDGE = 1e-3


def split_index(length: int, val_fraction: float) -> int:
    """Where the validation part starts: it is the last
    round(length * val_fraction) values."""
    return length - round(length * val_fraction)


def make_windows(values: torch.Tensor, window: int):
    """Inputs [n, window, 1], targets [n, 1] and each target's time
    step [n]: one window for every value that has `window` values
    before it.
    """
    inputs = values.unfold(0, window, 1)[:-1].unsqueeze(-1)
    return (
        inputs,
        values[window:].unsqueeze(-1),
        torch.arange(window, len(values)),
    )


def features(inputs: torch.Tensor, seed: int) -> torch.Tensor:
    """The model, part 1 (do not change): the last hidden state of a
    GRU with fixed random weights (seeded, so every run builds the
    same GRU), and a constant 1 for the intercept."""
    torch.manual_seed(seed)
    gru = nn.GRU(1, HIDDEN, batch_first=True)
    with torch.no_grad():
        _, h_n = gru(inputs)
    return torch.cat(
        [h_n[-1], torch.ones(len(inputs), 1)], dim=1
    ).double()


def fit_readout(
    train_features: torch.Tensor, train_targets: torch.Tensor
) -> torch.Tensor:
    """The model, part 2 (do not change): ridge least squares from
    features to targets."""
    gram = train_features.T @ train_features
    gram += RIDGE * torch.eye(len(gram), dtype=gram.dtype)
    return torch.linalg.solve(
        gram, train_features.T @ train_targets.double()
    )


@dataclass(frozen=True)
class Report:
    # the series was normalised with these two statistics
    mean: float
    std: float
    train_times: list[int]  # the time step of each training target
    val_times: list[int]  # the time step of each validation target
    # the normalised training windows [n_train, window, 1]
    train_x: torch.Tensor
    # the normalised validation windows [n_val, window, 1]
    val_x: torch.Tensor
    val_mae: float  # in the series' own units
    # val_mae / the mean absolute one-step change over the
    # training part
    mase: float


def pipeline(
    series: torch.Tensor,
    window: int = 12,
    val_fraction: float = 0.25,
    seed: int = 0,
) -> Report:
    """Normalise, cut windows, split, fit the model on the training
    windows, score validation."""
    cut = split_index(len(series), val_fraction)
    # The statistics of the training part only: the validation part
    # stays unseen.
    mean, std = (
        series[:cut].mean().item(),
        series[:cut].std().item(),
    )
    values = (series - mean) / std
    inputs, targets, times = make_windows(values, window)
    # Split by time, in time order: the training windows are the
    # first n_train, as many as there are targets in
    # series[window:cut].
    n_train = cut - window
    train_x, train_y, train_times = (
        inputs[:n_train],
        targets[:n_train],
        times[:n_train],
    )
    val_x, val_times = inputs[n_train:], times[n_train:]

    weights = fit_readout(features(train_x, seed), train_y)
    forecasts = (features(val_x, seed) @ weights).float().squeeze(
        1
    ) * std + mean
    val_mae = (forecasts - series[val_times]).abs().mean().item()
    naive_mae = (
        (series[1:cut] - series[: cut - 1]).abs().mean().item()
    )
    return Report(
        mean=mean,
        std=std,
        train_times=train_times.tolist(),
        val_times=val_times.tolist(),
        train_x=train_x,
        val_x=val_x,
        val_mae=val_mae,
        mase=val_mae / naive_mae,
    )


def demo_series(length: int = 240, seed: int = 1) -> torch.Tensor:
    """A drifting random walk with a season of 12 steps, like a
    monthly series with a trend."""
    generator = torch.Generator().manual_seed(seed)
    steps = torch.arange(length, dtype=torch.float32)
    walk = (
        0.05 + 0.3 * torch.randn(length, generator=generator)
    ).cumsum(0)
    return walk + 2 * torch.sin(2 * math.pi * steps / 12)


if __name__ == "__main__":
    report = pipeline(demo_series())
    print(
        f"normalised with mean {report.mean:.3f}, "
        f"std {report.std:.3f}"
    )
    print(
        f"validation MAE {report.val_mae:.3f}, "
        f"MASE {report.mase:.3f}"
    )
