"""Hidden checks for exercise 7: the fixed pipeline normalises with the training part's
statistics, splits by time, keeps validation targets out of every training window, and scores
what a leak-free pipeline scores, on random drifting series.

The leak-free score is computed here from scratch: the checks' own copy of the exercise's
model (a seeded GRU with fixed weights, a ridge read-out), fitted on the training windows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import ModuleType

import torch
from torch import nn

from exercises.checking import (
    CheckFailed,
    check,
    expect_shape,
    need,
)

# The model the template gives, which the learner must not change.
HIDDEN, RIDGE = 32, 1e-3
FIELDS = (
    "mean",
    "std",
    "train_times",
    "val_times",
    "train_x",
    "val_x",
    "val_mae",
    "mase",
)


@dataclass(frozen=True)
class Case:
    series: torch.Tensor
    window: int
    val_fraction: float
    seed: int

    @property
    def cut(self) -> int:
        return len(self.series) - round(
            len(self.series) * self.val_fraction
        )

    def describe(self) -> str:
        return (
            f"(a series of {len(self.series)} values, window {self.window}, val_fraction "
            f"{self.val_fraction}, seed {self.seed})"
        )


def cases(seed: int, count: int = 4) -> list[Case]:
    """Random walks with a season whose later part jumps to another level: there the
    statistics of the whole series are far from the training part's."""
    generator = torch.Generator().manual_seed(seed)
    found = []
    for _ in range(count):
        length = int(
            torch.randint(120, 201, (1,), generator=generator)
        )
        window = int(
            torch.randint(6, 13, (1,), generator=generator)
        )
        val_fraction = round(
            0.2 + 0.1 * float(torch.rand(1, generator=generator)), 2
        )
        steps = torch.arange(length, dtype=torch.float32)
        series = (
            0.3 * torch.randn(length, generator=generator)
        ).cumsum(0)
        series += torch.sin(2 * math.pi * steps / 10)
        series[int(0.7 * length) :] += 4.0
        found.append(
            Case(
                series,
                window,
                val_fraction,
                int(
                    torch.randint(
                        0, 1000, (1,), generator=generator
                    )
                ),
            )
        )
    return found


def _report(module: ModuleType, case: Case):
    pipeline = need(module, "pipeline")
    report = pipeline(
        case.series,
        window=case.window,
        val_fraction=case.val_fraction,
        seed=case.seed,
    )
    missing = [name for name in FIELDS if not hasattr(report, name)]
    if missing:
        raise CheckFailed(
            f"pipeline's result has no {', '.join(missing)}: keep the Report the template gives"
        )
    return report


@check("pipeline returns a Report with the template's fields")
def returns_a_report(module: ModuleType) -> None:
    for case in cases(seed=70, count=1):
        report = _report(module, case)
        for name in ("mean", "std", "val_mae", "mase"):
            if not isinstance(getattr(report, name), float):
                raise CheckFailed(
                    f"Report.{name} should be a float, got {getattr(report, name)!r}"
                )


@check(
    "the series is normalised with the training part's mean and std only"
)
def statistics_of_the_training_part(module: ModuleType) -> None:
    for case in cases(seed=71):
        report = _report(module, case)
        train_part = case.series[: case.cut]
        for name, got, want, whole in (
            (
                "mean",
                report.mean,
                float(train_part.mean()),
                float(case.series.mean()),
            ),
            (
                "std",
                report.std,
                float(train_part.std()),
                float(case.series.std()),
            ),
        ):
            if math.isclose(got, want, rel_tol=1e-4, abs_tol=1e-5):
                continue
            leaked = math.isclose(
                got, whole, rel_tol=1e-4, abs_tol=1e-5
            )
            raise CheckFailed(
                f"the {name} is {got:.4g}"
                + (
                    " (the whole series', validation part included)"
                    if leaked
                    else ""
                )
                + f"; the training part series[:cut] has {want:.4g} {case.describe()}"
            )


@check(
    "the split is by time: training targets series[window:cut], validation series[cut:]"
)
def split_by_time(module: ModuleType) -> None:
    for case in cases(seed=72):
        report = _report(module, case)
        train_times, val_times = (
            list(report.train_times),
            list(report.val_times),
        )
        late = [t for t in train_times if t >= case.cut]
        if late:
            raise CheckFailed(
                f"{len(late)} training targets lie in the validation part (times {case.cut} "
                f"and later), e.g. time {late[0]}: split by time, not after mixing the "
                f"windows {case.describe()}"
            )
        if sorted(train_times) != list(
            range(case.window, case.cut)
        ):
            raise CheckFailed(
                f"the training targets should be every time step from {case.window} to "
                f"{case.cut - 1} {case.describe()}"
            )
        if sorted(val_times) != list(
            range(case.cut, len(case.series))
        ):
            raise CheckFailed(
                f"the validation targets should be every time step from {case.cut} to "
                f"{len(case.series) - 1} {case.describe()}"
            )


@check("no validation target is inside a training window")
def no_validation_target_in_training_windows(
    module: ModuleType,
) -> None:
    for case in cases(seed=73):
        report = _report(module, case)
        normalised = (case.series - report.mean) / report.std
        val_times = set(report.val_times)
        train_x = report.train_x
        expect_shape(
            train_x,
            [len(report.train_times), case.window, 1],
            f"train_x {case.describe()}",
        )
        for i, t in enumerate(report.train_times):
            seen = range(t - case.window, t)
            held = train_x[i, :, 0].to(normalised.dtype)
            if not torch.allclose(
                held, normalised[seen.start : seen.stop], atol=1e-5
            ):
                raise CheckFailed(
                    f"training window {i} does not hold the {case.window} normalised values "
                    f"before its target (time {t}) {case.describe()}"
                )
            inside = [s for s in seen if s in val_times]
            if inside:
                raise CheckFailed(
                    f"the training window for time {t} holds the value at time {inside[0]}, "
                    f"a validation target: the model trained on an answer it is scored on "
                    f"{case.describe()}"
                )


def leak_free_score(case: Case) -> tuple[float, float]:
    """Validation MAE and MASE of the exercise's model, honestly: statistics and windows from
    the training part, the split by time."""
    cut, window = case.cut, case.window
    train_part = case.series[:cut]
    mean, std = float(train_part.mean()), float(train_part.std())
    values = (case.series - mean) / std

    def windows_for(targets: range) -> torch.Tensor:
        return torch.stack(
            [values[t - window : t] for t in targets]
        ).unsqueeze(-1)

    def features(inputs: torch.Tensor) -> torch.Tensor:
        torch.manual_seed(case.seed)
        gru = nn.GRU(1, HIDDEN, batch_first=True)
        with torch.no_grad():
            _, h_n = gru(inputs)
        return torch.cat(
            [h_n[-1], torch.ones(len(inputs), 1)], dim=1
        ).double()

    train_targets, val_targets = (
        range(window, cut),
        range(cut, len(case.series)),
    )
    train_f = features(windows_for(train_targets))
    gram = train_f.T @ train_f + RIDGE * torch.eye(
        train_f.shape[1], dtype=torch.float64
    )
    y = values[list(train_targets)].double().unsqueeze(1)
    weights = torch.linalg.solve(gram, train_f.T @ y)
    forecasts = (
        features(windows_for(val_targets)) @ weights
    ).squeeze(1) * std + mean
    mae = float(
        (forecasts - case.series[list(val_targets)].double())
        .abs()
        .mean()
    )
    naive = float((train_part[1:] - train_part[:-1]).abs().mean())
    return mae, mae / naive


@check("the validation MAE and MASE are a leak-free pipeline's")
def leak_free_scores(module: ModuleType) -> None:
    for case in cases(seed=74):
        report = _report(module, case)
        mae, mase = leak_free_score(case)
        for name, got, want in (
            ("MAE", report.val_mae, mae),
            ("MASE", report.mase, mase),
        ):
            if not math.isclose(got, want, rel_tol=1e-4):
                verdict = (
                    "better than"
                    if got < want
                    else "different from"
                )
                raise CheckFailed(
                    f"the validation {name} is {got:.4f}, {verdict} the leak-free {want:.4f} "
                    f"{case.describe()}; if your split and statistics pass, did the model or the "
                    "scoring change?"
                )


CHECKS = (
    returns_a_report,
    statistics_of_the_training_part,
    split_by_time,
    no_validation_target_in_training_windows,
    leak_free_scores,
)
