"""Exercise 5: sliding windows, a chronological split, and
normalisation.

A recurrent layer wants a tensor [batch, seq_len, features], but a
time series is one long list of numbers. Write three functions that
turn a series into honest training and validation data.

1. make_windows(series, window, horizon=1)
   Every run of `window` consecutive values is one input; its
   target is the value `horizon` steps after the run's last value.
   Window i is series[i : i + window] and its target is
   series[i + window + horizon - 1]. Make every window that has a
   target, in time order. Return inputs of shape
   [n_windows, window, 1] and targets of shape [n_windows, 1].

2. split_windows(series, window, val_fraction, horizon=1)
   Split by time. The training part is series[:cut], with
   cut = split_index(len(series), val_fraction); the validation
   part is series[cut:]. Training windows lie wholly inside the
   training part, their targets too: no training window may reach
   into the validation part. Make one validation window for every
   value of the validation part as its target (its inputs may reach
   back into the training part: that past is known when you
   forecast). Keep both parts in time order; do not shuffle.
   Return train_x, train_y, val_x, val_y.

3. normalise(series, val_fraction)
   Compute the mean and standard deviation of the training part
   only (tensor.mean() and tensor.std()), then scale the whole
   series with them: (series - mean) / std. Return
   (normalised series, mean, std), with mean and std as Python
   floats.

`split_index` is written for you. Run this file to see what your
functions give.
"""

from __future__ import annotations

import torch


def split_index(length: int, val_fraction: float) -> int:
    """Where the validation part starts: it is the last
    round(length * val_fraction) values."""
    return length - round(length * val_fraction)


def make_windows(
    series: torch.Tensor, window: int, horizon: int = 1
) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs [n_windows, window, 1] and targets [n_windows, 1]."""
    # TODO: how many windows have a target? Cut them (a loop of
    # slices, or series.unfold), add the feature dimension, and pick
    # each window's target.
    raise NotImplementedError("TODO: write make_windows")


def split_windows(
    series: torch.Tensor,
    window: int,
    val_fraction: float,
    horizon: int = 1,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """train_x, train_y, val_x, val_y, split by time at
    split_index(len(series), val_fraction)."""
    # TODO: training windows from the training part only; validation
    # windows for every target of the validation part. make_windows
    # on the right slices of the series does both.
    raise NotImplementedError("TODO: write split_windows")


def normalise(
    series: torch.Tensor, val_fraction: float
) -> tuple[torch.Tensor, float, float]:
    """(series - mean) / std, with the mean and std of the training
    part only."""
    # TODO: statistics of series[:cut], applied to the whole series.
    raise NotImplementedError("TODO: write normalise")


if __name__ == "__main__":
    steps = torch.arange(60, dtype=torch.float32)
    # a series that drifts upwards
    demo = torch.sin(steps / 4) + steps / 20
    try:
        values, mean, std = normalise(demo, 0.25)
        train_x, train_y, val_x, val_y = split_windows(
            values, 8, 0.25
        )
    except NotImplementedError as todo:
        print(f"not written yet: {todo}")
    else:
        print(f"mean {mean:.3f}, std {std:.3f} (training part)")
        print(
            "train",
            list(train_x.shape),
            list(train_y.shape),
            "val",
            list(val_x.shape),
        )
