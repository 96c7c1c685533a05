"""Hidden checks for exercise 5: windows, the chronological split and normalisation, on random
series lengths, windows, horizons and split fractions.

The series are random normal values, so every value is distinct and a window's or target's time
step can be found from its value: that is how the split checks see where each window came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import torch

from exercises.checking import (
    CheckFailed,
    check,
    expect_close,
    expect_shape,
    need,
    unpack,
)

RETURNS = ("inputs", "targets")  # what make_windows returns


@dataclass(frozen=True)
class Case:
    series: torch.Tensor
    window: int
    horizon: int
    val_fraction: float

    @property
    def length(self) -> int:
        return len(self.series)

    @property
    def cut(self) -> int:
        # The check's own copy of the template's split_index: the learner's is not trusted.
        return self.length - round(self.length * self.val_fraction)

    @property
    def n_windows(self) -> int:
        return self.length - self.window - self.horizon + 1

    def describe(self) -> str:
        return (
            f"(a series of {self.length} values, window {self.window}, horizon {self.horizon}, "
            f"val_fraction {self.val_fraction})"
        )


def cases(seed: int, count: int = 6) -> list[Case]:
    generator = torch.Generator().manual_seed(seed)

    def between(low: int, high: int) -> int:
        return int(
            torch.randint(low, high + 1, (1,), generator=generator)
        )

    found = []
    for number in range(count):
        window = between(2, 10)
        # The next value first, then horizons.
        horizon = 1 if number < 2 else between(1, 3)
        length = between(window + horizon + 30, 120)
        val_fraction = round(
            0.15 + 0.2 * float(torch.rand(1, generator=generator)),
            2,
        )
        series = torch.randn(length, generator=generator)
        found.append(Case(series, window, horizon, val_fraction))
    return found


@check(
    "make_windows gives inputs [n_windows, window, 1] and targets [n_windows, 1]"
)
def window_shapes(module: ModuleType) -> None:
    make_windows = need(module, "make_windows")
    for case in cases(seed=51):
        inputs, targets = unpack(
            make_windows(case.series, case.window, case.horizon),
            "make_windows",
            RETURNS,
        )
        n = case.n_windows
        expect_shape(
            inputs, [n, case.window, 1], f"inputs {case.describe()}"
        )
        expect_shape(targets, [n, 1], f"targets {case.describe()}")


@check("each window is the series slice series[i : i + window]")
def windows_are_slices(module: ModuleType) -> None:
    make_windows = need(module, "make_windows")
    for case in cases(seed=52):
        inputs, _ = make_windows(
            case.series, case.window, case.horizon
        )
        expected = torch.stack(
            [
                case.series[i : i + case.window]
                for i in range(case.n_windows)
            ]
        ).unsqueeze(-1)
        expect_close(
            inputs,
            expected,
            f"the input tensor {case.describe()}",
            atol=0,
            rtol=0,
            axes=("window", "step in the window", "feature"),
        )


@check(
    "each target is the value `horizon` steps after its window's last value"
)
def targets_follow_windows(module: ModuleType) -> None:
    make_windows = need(module, "make_windows")
    for case in cases(seed=53):
        inputs, targets = make_windows(
            case.series, case.window, case.horizon
        )
        first = case.window + case.horizon - 1
        expected = case.series[
            first : first + case.n_windows
        ].unsqueeze(-1)
        if torch.equal(
            targets.to(expected.dtype),
            inputs[:, -1].to(expected.dtype),
        ):
            raise CheckFailed(
                f"each target is the last value of its own window {case.describe()}; it "
                f"should be the value {case.horizon} step(s) after it, "
                f"series[i + window + horizon - 1]"
            )
        expect_close(
            targets,
            expected,
            f"the target tensor {case.describe()}",
            atol=0,
            rtol=0,
            axes=("window", "feature"),
        )


class _Times:
    """The time step of each value of one series, found from the value itself."""

    def __init__(self, series: torch.Tensor) -> None:
        self.index = {
            value: t for t, value in enumerate(series.tolist())
        }

    def of(self, values: torch.Tensor, what: str) -> list[int]:
        times = []
        for i, value in enumerate(values.reshape(-1).tolist()):
            if value not in self.index:
                raise CheckFailed(
                    f"{what} {i} ({value:.6g}) is not a value of the series"
                )
            times.append(self.index[value])
        return times


def _split(
    module: ModuleType, case: Case
) -> tuple[torch.Tensor, ...]:
    split_windows = need(module, "split_windows")
    names = ("train_x", "train_y", "val_x", "val_y")
    parts = unpack(
        split_windows(
            case.series,
            case.window,
            case.val_fraction,
            case.horizon,
        ),
        "split_windows",
        names,
    )
    for tensor, name, rank in zip(
        parts, names, (3, 2, 3, 2), strict=True
    ):
        if (
            not isinstance(tensor, torch.Tensor)
            or tensor.dim() != rank
        ):
            raise CheckFailed(
                f"{name} should be a tensor with {rank} dimensions, got "
                f"{getattr(tensor, 'shape', type(tensor).__name__)} {case.describe()}"
            )
    return parts


@check(
    "split_windows is chronological: training windows first, both parts in time order"
)
def split_is_chronological(module: ModuleType) -> None:
    for case in cases(seed=54):
        _, train_y, _, val_y = _split(module, case)
        times = _Times(case.series)
        train_t = times.of(train_y, "training target")
        val_t = times.of(val_y, "validation target")
        for name, part in (
            ("training", train_t),
            ("validation", val_t),
        ):
            for i in range(1, len(part)):
                if part[i] <= part[i - 1]:
                    raise CheckFailed(
                        f"{name} target {i} is the value at time {part[i]}, but target "
                        f"{i - 1} is at time {part[i - 1]}: keep windows in time order, "
                        f"do not shuffle {case.describe()}"
                    )
        if train_t and val_t and max(train_t) >= min(val_t):
            raise CheckFailed(
                f"a training target is at time {max(train_t)} but a validation target at time "
                f"{min(val_t)}: every training window must come before the validation part "
                f"{case.describe()}"
            )


@check("no training window reaches into the validation part")
def no_window_straddles_the_split(module: ModuleType) -> None:
    for case in cases(seed=55):
        train_x, train_y, _, _ = _split(module, case)
        times = _Times(case.series)
        for i, t in enumerate(times.of(train_y, "training target")):
            if t >= case.cut:
                raise CheckFailed(
                    f"training window {i} has its target at time {t}, inside the validation "
                    f"part (times {case.cut} to {case.length - 1}): the model would train on "
                    f"values it is later validated on {case.describe()}"
                )
        for i, t in enumerate(
            times.of(
                train_x[:, -1], "last input of training window"
            )
        ):
            if t >= case.cut:
                raise CheckFailed(
                    f"training window {i} ends at time {t}, inside the validation part "
                    f"(times {case.cut} to {case.length - 1}) {case.describe()}"
                )


@check(
    "split_windows keeps every target: all of the training part's, then all of the rest"
)
def split_keeps_every_target(module: ModuleType) -> None:
    for case in cases(seed=56):
        train_x, train_y, val_x, val_y = _split(module, case)
        first = case.window + case.horizon - 1
        n_train, n_val = case.cut - first, case.length - case.cut
        expect_shape(
            train_x,
            [n_train, case.window, 1],
            f"train_x {case.describe()}",
        )
        expect_shape(
            train_y, [n_train, 1], f"train_y {case.describe()}"
        )
        expect_shape(
            val_x,
            [n_val, case.window, 1],
            f"val_x {case.describe()}",
        )
        expect_shape(val_y, [n_val, 1], f"val_y {case.describe()}")
        for name, inputs, targets, start in (
            ("training", train_x, train_y, first),
            ("validation", val_x, val_y, case.cut),
        ):
            target_times = range(start, start + len(targets))
            expect_close(
                targets,
                case.series[list(target_times)].unsqueeze(-1),
                f"the {name} target tensor {case.describe()}",
                atol=0,
                rtol=0,
                axes=(f"{name} window", "feature"),
            )
            # each window: the `window` values ending `horizon` steps before its target
            expected = torch.stack(
                [
                    case.series[t - first : t - case.horizon + 1]
                    for t in target_times
                ]
            ).unsqueeze(-1)
            expect_close(
                inputs,
                expected,
                f"the {name} input tensor {case.describe()}",
                atol=0,
                rtol=0,
                axes=(
                    f"{name} window",
                    "step in the window",
                    "feature",
                ),
            )


def _drifting(seed: int) -> list[tuple[torch.Tensor, float]]:
    """Series whose validation part sits far above the training part: statistics of the whole
    series are then far from the training part's."""
    generator = torch.Generator().manual_seed(seed)
    found = []
    for _ in range(4):
        length = int(
            torch.randint(40, 121, (1,), generator=generator)
        )
        val_fraction = round(
            0.15 + 0.2 * float(torch.rand(1, generator=generator)),
            2,
        )
        series = torch.randn(length, generator=generator)
        cut = length - round(length * val_fraction)
        series[cut:] += 10.0
        found.append((series, val_fraction))
    return found


def _stats(
    module: ModuleType, series: torch.Tensor, val_fraction: float
) -> tuple:
    normalise = need(module, "normalise")
    values, mean, std = unpack(
        normalise(series, val_fraction),
        "normalise",
        ("normalised series", "mean", "std"),
    )
    return values, float(mean), float(std)


@check("normalise uses the mean and std of the training part only")
def stats_from_training_part(module: ModuleType) -> None:
    for series, val_fraction in _drifting(seed=57):
        cut = len(series) - round(len(series) * val_fraction)
        train_part = series[:cut]
        _, mean, std = _stats(module, series, val_fraction)
        about = f"(a series of {len(series)} values, val_fraction {val_fraction})"
        whole = (float(series.mean()), float(series.std()))
        for name, got, want, everything in (
            ("mean", mean, float(train_part.mean()), whole[0]),
            ("std", std, float(train_part.std()), whole[1]),
        ):
            if abs(got - want) <= 1e-4 * max(1.0, abs(want)):
                continue
            if abs(got - everything) <= 1e-4 * max(
                1.0, abs(everything)
            ):
                raise CheckFailed(
                    f"your {name} {got:.4g} is the whole series' {name}: the validation part "
                    f"leaked into it. The training part's {name} is {want:.4g} {about}"
                )
            if (
                name == "std"
                and abs(got - float(train_part.std(correction=0)))
                <= 1e-4 * want
            ):
                raise CheckFailed(
                    f"your std {got:.4g} divides by n; tensor.std() divides by n - 1 and gives "
                    f"{want:.4g} {about}"
                )
            raise CheckFailed(
                f"your {name} is {got:.4g}, the training part's is {want:.4g} {about}"
            )


@check("normalise scales the whole series with those statistics")
def normalised_series(module: ModuleType) -> None:
    for series, val_fraction in _drifting(seed=58):
        values, _, _ = _stats(module, series, val_fraction)
        cut = len(series) - round(len(series) * val_fraction)
        train_part = series[:cut]
        expected = (series - train_part.mean()) / train_part.std()
        expect_close(
            values,
            expected,
            f"the normalised series (a series of {len(series)} values)",
            atol=1e-5,
            rtol=1e-5,
            axes=("time",),
        )


CHECKS = (
    window_shapes,
    windows_are_slices,
    targets_follow_windows,
    split_is_chronological,
    no_window_straddles_the_split,
    split_keeps_every_target,
    stats_from_training_part,
    normalised_series,
)
