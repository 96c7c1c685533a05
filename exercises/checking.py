"""What a hidden check is, and the helpers that say in the learner's terms why one failed.

A check is a function of the learner's module (already imported, in the checking process) that
returns normally when the property holds and raises CheckFailed with a message for the learner
when it does not. Any other exception is the learner's code failing: the runner reports it with
the line of the learner's file. Checks compare against torch as the oracle on random sizes and
seeds the learner never saw, so a hard-coded answer fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any


class CheckFailed(AssertionError):
    """A check's verdict, worded for the learner (what was expected, what came, where)."""


@dataclass(frozen=True)
class Check:
    name: str  # short, shown as the check's title: "matches nn.GRU on random sizes"
    run: Callable[[ModuleType], None]


def check(name: str) -> Callable[[Callable[[ModuleType], None]], Check]:
    """Decorator: `@check("output shape")` turns a function of the learner's module into a Check."""

    def wrap(function: Callable[[ModuleType], None]) -> Check:
        return Check(name, function)

    return wrap


def need(module: ModuleType, name: str) -> Any:
    """The learner's function or value `name`, or a CheckFailed saying it is missing."""
    if not hasattr(module, name):
        raise CheckFailed(f"your file has no `{name}`: keep the name the template gives it")
    return getattr(module, name)


def expect_shape(actual: Any, expected: Sequence[int], what: str) -> None:
    shape = tuple(getattr(actual, "shape", ()))
    if not hasattr(actual, "shape"):
        raise CheckFailed(
            f"{what} should be a tensor of shape {list(expected)}, got {type(actual).__name__}"
        )
    if shape != tuple(expected):
        raise CheckFailed(f"{what} has shape {list(shape)}, expected {list(expected)}")


def expect_close(
    actual: Any,
    expected: Any,
    what: str,
    *,
    atol: float = 1e-5,
    rtol: float = 1e-5,
    axes: Sequence[str] = (),
) -> None:
    """actual equals expected to the tolerance, else say where they first differ and by how much.

    `axes` names the dimensions for the message: ("time step", "unit") turns index (3, 7) into
    "at time step 3, unit 7".
    """
    import torch

    expect_shape(actual, expected.shape, what)
    actual = actual.detach().to(expected.dtype)
    expected = expected.detach()
    if not torch.isfinite(actual).all():
        where = _where(torch.nonzero(~torch.isfinite(actual))[0].tolist(), axes)
        raise CheckFailed(f"{what} is not finite {where}")
    bad = ~torch.isclose(actual, expected, atol=atol, rtol=rtol)
    if bad.any():
        index = torch.nonzero(bad)[0].tolist()
        got, want = actual[tuple(index)].item(), expected[tuple(index)].item()
        raise CheckFailed(
            f"{what} differs {_where(index, axes)}: yours {got:.6g}, expected {want:.6g} "
            f"(off by {abs(got - want):.3g}; {int(bad.sum())} of {bad.numel()} values differ)"
        )


def _where(index: Sequence[int], axes: Sequence[str]) -> str:
    if not index:
        return ""
    names = list(axes) + [f"dim {i}" for i in range(len(axes), len(index))]
    return "at " + ", ".join(f"{name} {i}" for name, i in zip(names, index, strict=False))
