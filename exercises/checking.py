"""What a hidden check is, and the helpers that say in the learner's terms why one failed.

A check is a function of the learner's module (already imported, in the checking process) that
returns normally when the property holds and raises CheckFailed with a message for the learner
when it does not. Any other exception is the learner's code failing: the runner reports it with
the line of the learner's file. Checks compare against torch as the oracle on random sizes and
seeds the learner never saw, so a hard-coded answer fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any


class CheckFailed(AssertionError):
    """A check's verdict, worded for the learner (what was expected, what came, where)."""


# A check returns None, or a dict of what it measured of the learner's code (plain JSON values)
# to keep in the record beside the check.
CheckFunction = Callable[[ModuleType], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Check:
    name: str  # short, shown as the check's title: "matches nn.GRU on random sizes"
    run: CheckFunction


def check(name: str) -> Callable[[CheckFunction], Check]:
    """Decorator: `@check("output shape")` turns a function of the learner's module into a Check."""

    def wrap(function: CheckFunction) -> Check:
        return Check(name, function)

    return wrap


def need(module: ModuleType, name: str) -> Any:
    """The learner's function or value `name`, or a CheckFailed saying it is missing."""
    if not hasattr(module, name):
        raise CheckFailed(
            f"your file has no `{name}`: keep the name the template gives it"
        )
    return getattr(module, name)


def expect_shape(
    actual: Any, expected: Sequence[int], what: str
) -> None:
    shape = tuple(getattr(actual, "shape", ()))
    if not hasattr(actual, "shape"):
        raise CheckFailed(
            f"{what} should be a tensor of shape {list(expected)}, got {type(actual).__name__}"
        )
    if shape != tuple(expected):
        raise CheckFailed(
            f"{what} has shape {list(shape)}, expected {list(expected)}"
        )


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
        index = torch.nonzero(~torch.isfinite(actual))[0].tolist()
        got = actual[tuple(index)].item()
        raise CheckFailed(
            f"{what}: the value {_where(index, axes)} is {got}, expected a number"
        )
    bad = ~torch.isclose(actual, expected, atol=atol, rtol=rtol)
    if bad.any():
        index = torch.nonzero(bad)[0].tolist()
        got, want = (
            actual[tuple(index)].item(),
            expected[tuple(index)].item(),
        )
        # "{what}: first difference at" reads right whether `what` is "h_n" or "outputs".
        raise CheckFailed(
            f"{what}: first difference {_where(index, axes)}: yours {got:.6g}, expected "
            f"{want:.6g} (off by {abs(got - want):.3g}; {int(bad.sum())} of {bad.numel()} "
            "values differ)"
        )


def expect_state_close(
    actual: Any, expected: Any, what: str
) -> None:
    """A [batch, hidden] state (h', c', h_n) equals expected to 1e-5, named by batch item and
    unit where it first differs."""
    expect_close(
        actual, expected, what, axes=("batch item", "unit")
    )


def expect_steps_close(
    actual: Any,
    expected: Any,
    what: str,
    *,
    item: str = "batch item",
) -> None:
    """[batch, seq_len, hidden] outputs equal expected to 1e-5, else say the earliest time step
    that differs (the first wrong step is where the learner's loop went wrong, and every later
    step inherits it), or that the outputs are one step behind.

    `item` names the first axis in the message: "batch item", or "sequence" where the batch is
    a set of sequences the learner arranged.
    """
    import torch

    expect_shape(actual, expected.shape, what)
    behind = actual[:, 1:].detach().to(expected.dtype)
    if expected.shape[1] > 1 and torch.allclose(
        behind, expected[:, :-1], atol=1e-5, rtol=1e-5
    ):
        raise CheckFailed(
            f"{what} is one time step behind: outputs[:, t] should be h after reading x[:, t], "
            "expected outputs[:, 1] where yours has outputs[:, 0]"
        )
    # Time first, so the first difference in index order is the earliest time step.
    expect_close(
        actual.transpose(0, 1),
        expected.transpose(0, 1),
        what,
        axes=("time step", item, "unit"),
    )


def described(value: Any) -> str:
    """What the learner returned, in a few words: "a tensor of shape [2, 3, 6]", "a tuple of 3"."""
    if value is None:
        return "None"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"a tensor of shape {list(value.shape)}"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__


def unpack(
    result: Any, call: str, names: Sequence[str]
) -> tuple[Any, ...]:
    """The items of what `call` returned, one for each of `names`, or a CheckFailed saying what
    it should return and what came: `unpack(result, "rnn_forward", ("outputs", "h_n"))`."""
    count = len(names)
    if not (
        isinstance(result, tuple | list) and len(result) == count
    ):
        listed = f"({', '.join(names)})"
        wanted = (
            f"a pair {listed}"
            if count == 2
            else f"{count} values {listed}"
        )
        raise CheckFailed(
            f"{call} should return {wanted}, got {described(result)}"
        )
    return tuple(result)


def same_values(
    actual: Any,
    expected: Any,
    *,
    atol: float = 1e-5,
    rtol: float = 1e-5,
) -> bool:
    """actual is a tensor of expected's shape with its values, to the tolerance."""
    import torch

    return getattr(
        actual, "shape", None
    ) == expected.shape and torch.allclose(
        actual.detach().to(expected.dtype),
        expected,
        atol=atol,
        rtol=rtol,
    )


@contextmanager
def naming_slips(
    actual: Sequence[Any], slips: Mapping[str, Sequence[Any]]
) -> Iterator[None]:
    """A CheckFailed raised inside also says which known slip the learner's values are, if any.

    `actual` is what the learner returned, e.g. (h', c'); `slips` maps the sentence explaining
    each common mistake to what that mistake returns from the same inputs, computed by the check.
    """
    try:
        yield
    except CheckFailed as failed:
        for explanation, values in slips.items():
            if len(values) == len(actual) and all(
                map(same_values, actual, values)
            ):
                raise CheckFailed(
                    f"{failed}. Your numbers are those of a known slip: {explanation}"
                ) from None
        raise


def _where(index: Sequence[int], axes: Sequence[str]) -> str:
    if not index:
        return ""
    if not axes:
        return f"at index {list(index)}"
    names = list(axes) + [
        f"dim {i}" for i in range(len(axes), len(index))
    ]
    return "at " + ", ".join(
        f"{name} {i}" for name, i in zip(names, index, strict=False)
    )
