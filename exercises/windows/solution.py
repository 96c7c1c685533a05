"""Exercise 5: sliding windows, a chronological split, and
normalisation (reference solution)."""

from __future__ import annotations

import torch


def split_index(length: int, val_fraction: float) -> int:
    """Where the validation part starts: it is the last
    round(length * val_fraction) values."""
    return length - round(length * val_fraction)


def make_windows(
    series: torch.Tensor, window: int, horizon: int = 1
) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs [n_windows, window, 1] and targets [n_windows, 1]:
    window i is series[i : i + window], its target
    series[i + window + horizon - 1]."""
    n_windows = len(series) - window - horizon + 1
    # unfold gives every run of `window` values, one per row; the
    # last horizon - 1 have no target
    inputs = series.unfold(0, window, 1)[:n_windows].unsqueeze(-1)
    targets = series[window + horizon - 1 :].unsqueeze(-1)
    return inputs, targets


def split_windows(
    series: torch.Tensor,
    window: int,
    val_fraction: float,
    horizon: int = 1,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """train_x, train_y, val_x, val_y: training windows wholly
    inside the training part, then one validation window for every
    target of the validation part, both in time order."""
    cut = split_index(len(series), val_fraction)
    train_x, train_y = make_windows(series[:cut], window, horizon)
    # A validation window may look back into the training part: that
    # past is known.
    val_x, val_y = make_windows(
        series[cut - window - horizon + 1 :], window, horizon
    )
    return train_x, train_y, val_x, val_y


def normalise(
    series: torch.Tensor, val_fraction: float
) -> tuple[torch.Tensor, float, float]:
    """(series - mean) / std, with the mean and std of the training
    part only."""
    train_part = series[: split_index(len(series), val_fraction)]
    mean, std = train_part.mean().item(), train_part.std().item()
    return (series - mean) / std, mean, std


if __name__ == "__main__":
    steps = torch.arange(60, dtype=torch.float32)
    # a series that drifts upwards
    demo = torch.sin(steps / 4) + steps / 20
    values, mean, std = normalise(demo, 0.25)
    train_x, train_y, val_x, val_y = split_windows(values, 8, 0.25)
    print(f"mean {mean:.3f}, std {std:.3f} (training part)")
    print(
        "train",
        list(train_x.shape),
        list(train_y.shape),
        "val",
        list(val_x.shape),
    )
