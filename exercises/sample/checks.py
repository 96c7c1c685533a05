"""The warm-up's checks: torch.add is the oracle, on random shapes the learner never saw."""

from __future__ import annotations

from types import ModuleType

import torch

from exercises.checking import (
    CheckFailed,
    check,
    expect_close,
    expect_shape,
    need,
)

SEEDS = (11, 12, 13)


def random_pair(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Two tensors whose shapes broadcast: each dimension of b is a's size or 1."""
    generator = torch.Generator().manual_seed(seed)
    rank = int(torch.randint(1, 4, (), generator=generator))
    shape = torch.randint(
        2, 6, (rank,), generator=generator
    ).tolist()
    keep = torch.rand(rank, generator=generator) < 0.5
    other = [
        size if kept else 1
        for size, kept in zip(shape, keep.tolist(), strict=True)
    ]
    a = torch.randn(shape, generator=generator)
    b = torch.randn(other, generator=generator)
    return a, b


@check("add is a function")
def add_exists(module: ModuleType) -> None:
    if not callable(need(module, "add")):
        raise CheckFailed(
            "`add` should be a function taking two tensors"
        )


@check("add(a, b) has the broadcast shape")
def broadcast_shape(module: ModuleType) -> None:
    for seed in SEEDS:
        a, b = random_pair(seed)
        expected = torch.broadcast_shapes(a.shape, b.shape)
        expect_shape(
            module.add(a, b),
            expected,
            f"add(a, b) for a {list(a.shape)}, b {list(b.shape)}",
        )


@check("add(a, b) equals torch.add on random tensors")
def equals_torch(module: ModuleType) -> None:
    for seed in SEEDS:
        a, b = random_pair(seed)
        expect_close(
            module.add(a, b),
            torch.add(a, b),
            f"add(a, b) for seed {seed}",
        )


@check("add leaves a and b unchanged")
def inputs_unchanged(module: ModuleType) -> None:
    for seed in SEEDS:
        a, b = random_pair(seed)
        a_before, b_before = a.clone(), b.clone()
        module.add(a, b)
        for name, after, before in (
            ("a", a, a_before),
            ("b", b, b_before),
        ):
            if not torch.equal(after, before):
                raise CheckFailed(
                    f"add changed {name}: make a new tensor instead (not +=)"
                )


CHECKS = (
    add_exists,
    broadcast_shape,
    equals_torch,
    inputs_unchanged,
)
