"""Exercise 6: the train/eval loop (reference solution)."""

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
    loss_fn = nn.MSELoss()
    train_losses: list[float] = []
    val_losses: list[float] = []
    for _ in range(epochs):
        model.train()
        total = 0.0
        for batch in torch.randperm(len(train_x)).split(batch_size):
            prediction = model(train_x[batch])  # forward
            loss = loss_fn(prediction, train_y[batch])
            # backward adds to .grad, so clear the last
            # batch's gradient
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            optimizer.step()
            # the batch's mean, weighted by its size
            total += loss.item() * len(batch)
        train_losses.append(total / len(train_x))
        model.eval()
        with torch.no_grad():
            val_losses.append(loss_fn(model(val_x), val_y).item())
    return train_losses, val_losses


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
    persistence = nn.functional.mse_loss(
        inputs[cut:, -1], targets[cut:]
    ).item()
    for epoch, (train_loss, val_loss) in enumerate(
        zip(*losses, strict=True), start=1
    ):
        print(
            f"epoch {epoch:2d}  train {train_loss:.4f}  validation "
            f"{val_loss:.4f}"
        )
    print(
        "persistence (next value = last value) on validation: "
        f"{persistence:.4f}"
    )
