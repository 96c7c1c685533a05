"""Practice failure modes, run for real on the learner's series and settings:

    leak-shuffle    windows shuffled before the split: training windows then surround each
                    validation window, sharing all but one value with its neighbours
    leak-normalise  mean and std taken from the training and validation parts together
    overfit         a big model on a short stretch, trained without early stopping: scored
                    with its last epoch's weights, beside those of its best validation epoch
    lr-small        a learning rate so small the loss hardly moves
    lr-large        a learning rate so large the loss blows up (non-finite values are caught)
    no-zero-grad    the loop without optimizer.zero_grad(): each backward adds to .grad

Each mode changes one thing and keeps the rest of the honest run: the same series, seed,
model and target points. The leak modes also hold back a future block that neither run
validates on, so each run's validation score can be set beside its score on that block.
Scores are one step ahead, in the series' own units.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.practice import (
    PracticeConfig,
    Prepared,
    build_model,
    chronological_split,
    errors,
    fit,
    mase_scale,
    prepare,
    relative_scores,
)
from engine.validation import build, one_of

MODES = ("leak-shuffle", "leak-normalise", "overfit", "lr-small", "lr-large", "no-zero-grad")
LEAKS = ("leak-shuffle", "leak-normalise")
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
    # "honest" (not for overfit) and "broken": each with curve, best epoch, status, params,
    # config and scores {"validation": ..., "future": ... (leak modes)}
    runs: dict[str, dict[str, Any]]
    mase_scale: dict[str, Any]  # the in-sample naive MAE every MASE here is in units of
    torch_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "mode": self.config.mode,
            "runs": self.runs,
            "mase_scale": self.mase_scale,
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PracticeFailureResult:
        return cls(
            PracticeFailureConfig.from_dict(data["config"]),
            data["runs"],
            data["mase_scale"],
            data["torch_version"],
        )


def one_step_scores(model, prepared: Prepared, targets: list[int], window: int, scale) -> dict:
    """The model's one-step forecasts for `targets` against persistence's, series' units.
    A model whose forecasts are not all finite numbers gets no ratios (None)."""
    import torch

    model.eval()
    with torch.no_grad():
        prediction = prepared.levels(targets, model(prepared.inputs(targets, window)))[:, 0]
    truth = prepared.raw[targets]
    model_errors = errors(prediction, truth)
    persistence = errors(prepared.raw[[t - 1 for t in targets]], truth)
    ratios = relative_scores(model_errors["mae"], persistence["mae"], scale)
    if not bool(torch.isfinite(prediction).all()):
        ratios = dict.fromkeys(ratios)
    return {"targets": len(targets), "model": model_errors, "persistence": persistence, **ratios}


def train_and_score(
    config: PracticeConfig,
    prepared: Prepared,
    train: list[int],
    parts: dict[str, list[int]],
    scale: dict,
    emit: Emit,
    control: Control,
    *,
    zero_grad: bool = True,
    keep_best: bool = True,
) -> dict[str, Any]:
    """Train on the targets `train`, validate on parts["validation"] (which early stopping
    watches), then score the kept weights on every part."""
    model = build_model(config)
    val = parts["validation"]
    window = config.window
    fitted = fit(
        model,
        prepared.inputs(train, window),
        prepared.targets(train),
        prepared.inputs(val, window),
        prepared.targets(val),
        config,
        emit,
        control,
        zero_grad=zero_grad,
        keep_best=keep_best,
    )
    run = {
        **fitted.summary(),
        "grad_norms": fitted.grad_norms,
        "scores": {
            name: one_step_scores(model, prepared, targets, window, scale)
            for name, targets in parts.items()
        },
        "params": sum(p.numel() for p in model.parameters()),
        "config": config.to_dict(),
        "normalisation": {"mean": prepared.mean, "std": prepared.std},
    }
    if not keep_best and fitted.best_weights is not None:
        # Trained to the end; the weights of the best validation epoch, scored beside them.
        model.load_state_dict(fitted.best_weights)
        run["best_scores"] = {
            name: one_step_scores(model, prepared, targets, window, scale)
            for name, targets in parts.items()
        }
    return run


def run(
    config: PracticeFailureConfig, emit: Emit = no_emit, control: Control | None = None
) -> PracticeFailureResult:
    import torch

    control = control or Control()
    base = replace(config.practice(), horizon=1)
    if config.mode == "overfit":
        base = replace(base, **OVERFIT)
    data = base.load()
    raw = torch.tensor(data.values, dtype=torch.float32)
    leak = config.mode in LEAKS
    # A leak mode holds back the last part as a future block neither run validates on.
    split = chronological_split(len(raw), base.window, test=leak)
    honest = prepare(raw, split.train[1], base.difference)
    scale = mase_scale(data.values, split.train[1], data.season)
    train = list(range(honest.first_origin(base.window), split.train[1]))
    parts = {"validation": list(range(*split.val))}
    if split.test is not None:
        parts["future"] = list(range(*split.test))

    def labelled(label: str):
        return lambda event: emit(replace(event, run=label))

    def train_run(label: str, run_config=base, prepared=honest, train=train, parts=parts, **how):
        return train_and_score(
            run_config, prepared, train, parts, scale, labelled(label), control, **how
        )

    runs: dict[str, dict[str, Any]] = {}
    if config.mode != "overfit":
        runs["honest"] = train_run("honest")
    if config.mode == "leak-shuffle":
        # The honest run's training and validation targets, shuffled together and cut at the
        # same size; the normalisation and the future block stay the honest run's.
        pool = torch.tensor(train + parts["validation"])
        order = torch.randperm(len(pool), generator=torch.Generator().manual_seed(base.seed))
        shuffled = pool[order].tolist()
        cut = len(train)
        leaky_train, leaky_val = shuffled[:cut], sorted(shuffled[cut:])
        runs["broken"] = train_run(
            "broken", train=leaky_train, parts={**parts, "validation": leaky_val}
        )
        # Windows one step apart share all but one value: count the validation windows that
        # have such a neighbour among the training windows.
        seen = set(leaky_train)
        runs["broken"]["neighbours_in_training"] = sum(
            t - 1 in seen or t + 1 in seen for t in leaky_val
        )
    elif config.mode == "leak-normalise":
        # Statistics of everything before the future block, validation part included: the
        # future stays unseen, so its score is honest for both runs.
        runs["broken"] = train_run("broken", prepared=prepare(raw, split.val[1], base.difference))
    elif config.mode == "overfit":
        runs["broken"] = train_run("broken", keep_best=False)
    elif config.mode == "no-zero-grad":
        runs["broken"] = train_run("broken", zero_grad=False)
    else:
        lr = LR_SMALL if config.mode == "lr-small" else LR_LARGE
        runs["broken"] = train_run("broken", run_config=replace(base, lr=lr))
    return PracticeFailureResult(config, runs, scale, torch.__version__)
