"""Practice failure modes, run for real on the learner's series and settings:

    leak-shuffle    windows shuffled before the split: validation targets sit between
                    training targets, so the score is too good to be true
    leak-normalise  mean and std taken from the whole series, validation part included
    overfit         a big model on a short stretch, trained without early stopping
    lr-small        a learning rate so small the loss hardly moves
    lr-large        a learning rate so large the loss blows up (non-finite values are caught)

Each mode reports the honest run beside the broken one, one step ahead, so the screen can
compare numbers rather than claim them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.practice import (
    PracticeConfig,
    build_model,
    chronological_split,
    errors,
    fit,
    windows,
)
from engine.validation import build, one_of

MODES = ("leak-shuffle", "leak-normalise", "overfit", "lr-small", "lr-large")
OVERFIT = {"limit": 160, "hidden": 128, "epochs": 300, "patience": 0, "cell": "lstm"}
LR_SMALL, LR_LARGE = 1e-6, 50.0


@dataclass(frozen=True)
class PracticeFailureConfig(PracticeConfig):
    mode: str = "leak-shuffle"

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "mode", one_of("mode", self.mode, MODES))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PracticeFailureConfig:
        return build(cls, data)

    def practice(self) -> PracticeConfig:
        return PracticeConfig(**{f.name: getattr(self, f.name) for f in fields(PracticeConfig)})


@dataclass(frozen=True)
class PracticeFailureResult:
    config: PracticeFailureConfig
    runs: dict[str, dict[str, Any]]  # "honest" and the broken run, each with curve and scores
    torch_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "mode": self.config.mode,
            "runs": self.runs,
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PracticeFailureResult:
        return cls(
            PracticeFailureConfig.from_dict(data["config"]), data["runs"], data["torch_version"]
        )


def one_step(config: PracticeConfig, raw, train_origins, val_origins, stats, emit, control):
    """Train on `train_origins`, score one step ahead on `val_origins`, normalising with the
    mean and std of `stats`. Scores are in the series' own units."""
    mean, std = float(stats.mean()), float(stats.std()) or 1.0
    values = (raw - mean) / std
    train_x = windows(values, train_origins, config.window)
    val_x = windows(values, val_origins, config.window)
    train_y, val_y = values[train_origins].unsqueeze(1), values[val_origins].unsqueeze(1)
    model = build_model(config)
    trained = fit(model, train_x, train_y, val_x, val_y, config, emit, control)
    truth = raw[val_origins]
    model.eval()
    import torch

    with torch.no_grad():
        prediction = model(val_x).squeeze(1) * std + mean
    scores = {
        "model": errors(prediction, truth),
        "persistence": errors(raw[[o - 1 for o in val_origins]], truth),
    }
    persistence = scores["persistence"]["mae"]
    finite = bool(torch.isfinite(prediction).all())
    return {
        **trained,
        "metrics": scores,
        "mase": scores["model"]["mae"] / persistence if finite and persistence else None,
        "params": sum(p.numel() for p in model.parameters()),
        "config": config.to_dict(),
    }


def run(
    config: PracticeFailureConfig, emit: Emit = no_emit, control: Control | None = None
) -> PracticeFailureResult:
    import torch

    control = control or Control()
    base = config.practice()
    if config.mode == "overfit":
        base = replace(base, **OVERFIT)
    data = base.load()
    raw = torch.tensor(data.values, dtype=torch.float32)
    split = chronological_split(len(raw), base.window, False)
    train, val = list(range(*split.train)), list(range(*split.val))
    honest_stats = raw[: split.train[1]]

    def labelled(label: str):
        return lambda event: emit({**event, "run": label})

    runs: dict[str, dict[str, Any]] = {}
    if config.mode != "overfit":
        runs["honest"] = one_step(base, raw, train, val, honest_stats, labelled("honest"), control)
    if config.mode == "leak-shuffle":
        everything = torch.tensor(train + val)
        shuffled = everything[
            torch.randperm(len(everything), generator=torch.Generator().manual_seed(base.seed))
        ].tolist()
        cut = len(train)
        runs["broken"] = one_step(
            base,
            raw,
            shuffled[:cut],
            shuffled[cut:],
            raw[: split.val[1]],
            labelled("broken"),
            control,
        )
    elif config.mode == "leak-normalise":
        runs["broken"] = one_step(base, raw, train, val, raw, labelled("broken"), control)
    elif config.mode == "overfit":
        runs["broken"] = one_step(base, raw, train, val, honest_stats, labelled("broken"), control)
    else:
        lr = LR_SMALL if config.mode == "lr-small" else LR_LARGE
        runs["broken"] = one_step(
            replace(base, lr=lr), raw, train, val, honest_stats, labelled("broken"), control
        )
    return PracticeFailureResult(config, runs, torch.__version__)
