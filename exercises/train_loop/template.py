"""Exercise 6: the train/eval loop.

Write `train`, the loop every model in this lesson is trained with.
For each epoch:

* Training. Put the model in training mode (model.train()). Go
  through every training window once, in mini-batches of
  `batch_size` (shuffle the order each epoch with torch.randperm;
  the last batch may be smaller). For each batch:
    1. forward: predictions = model(batch inputs)
    2. loss: the mean squared error (nn.MSELoss) against the batch
       targets
    3. optimizer.zero_grad(): clear the last batch's gradients
       (backward *adds* to .grad)
    4. loss.backward(): fill each parameter's .grad
    5. clip: nn.utils.clip_grad_norm_(model.parameters(), max_norm)
       scales all gradients together so their total norm is at most
       max_norm
    6. optimizer.step(): update the parameters
  The epoch's training loss is the mean loss over all training
  windows: add up each batch's loss.item() times its size, and
  divide by the number of windows.
* Validation. Put the model in evaluation mode (model.eval()) and,
  inside `with torch.no_grad():`, compute the MSE on all of val_x,
  val_y. No step here: validation only measures.

Return (train_losses, val_losses): a tuple of two lists of Python
floats, one value per epoch. The model and the optimizer are given;
do not make your own. Run this file to train NextValue on a noisy
sine wave and compare its validation loss with persistence
(next value = last value).
"""

from __future__ import annotations

import math

import torch
from torch import nn


def train(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    val_x: torch.Tensor,
    val_y: torch.Tensor,
    epochs: int,
    batch_size: int,
    max_norm: float,
) -> tuple[list[float], list[float]]:
    """Train for `epochs` epochs; return (train_losses, val_losses),
    one float per epoch each."""
    # TODO: for each epoch, the training batches (steps 1 to 6
    # above), then validation.
    raise NotImplementedError("TODO: write train")


class NextValue(nn.Module):
    """A GRU reads each window [batch, window, 1]; a linear layer
    maps its last hidden state to the next value [batch, 1]."""

    def __init__(self, hidden: int = 16) -> None:
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, h_n = self.gru(x)
        return self.head(h_n[-1])


def noisy_sine(length: int = 260, seed: int = 0) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    steps = torch.arange(length, dtype=torch.float32)
    noise = 0.1 * torch.randn(length, generator=generator)
    return torch.sin(2 * math.pi * steps / 18) + noise


def windows(
    series: torch.Tensor, window: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs [n, window, 1] and each window's next value [n, 1]."""
    return series.unfold(0, window, 1)[:-1].unsqueeze(-1), series[
        window:
    ].unsqueeze(-1)


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs, targets = windows(noisy_sine(), 12)
    # by time: the first 75% of windows train
    cut = int(len(inputs) * 0.75)
    model = NextValue()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    try:
        losses = train(
            model,
            optimizer,
            inputs[:cut],
            targets[:cut],
            inputs[cut:],
            targets[cut:],
            15,
            32,
            1.0,
        )
    except NotImplementedError as todo:
        print(f"not written yet: {todo}")
    else:
        persistence = nn.functional.mse_loss(
            inputs[cut:, -1], targets[cut:]
        ).item()
        for epoch, (train_loss, val_loss) in enumerate(
            zip(*losses, strict=True), start=1
        ):
            print(
                f"epoch {epoch:2d}  train {train_loss:.4f}  "
                f"validation {val_loss:.4f}"
            )
        print(
            "persistence (next value = last value) on validation: "
            f"{persistence:.4f}"
        )
