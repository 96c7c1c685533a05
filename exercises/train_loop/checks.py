"""Hidden checks for exercise 6: the train/eval loop, judged by what it does, not by its text.

The checks hand the learner's `train` their own small GRU and optimizer and watch it run:
tensor hooks on each parameter see .grad when backward reaches it and after it is filled,
an optimizer step pre-hook sees each step's gradient, and a forward hook on the model sees the
mode (module.training) and torch.is_grad_enabled() of every forward pass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import torch
from torch import nn

from exercises.checking import CheckFailed, check, need
from lessons.check_data import CURVE_KEY


class _Model(nn.Module):
    """The checks' own copy of the template's NextValue: GRU, then a linear read-out."""

    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, h_n = self.gru(x)
        return self.head(h_n[-1])


@dataclass(frozen=True)
class Task:
    """Windows of a noisy sine wave (period, phase and noise drawn from `seed`), split by time."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    val_x: torch.Tensor
    val_y: torch.Tensor

    @classmethod
    def make(cls, seed: int, length: int, window: int) -> Task:
        generator = torch.Generator().manual_seed(seed)
        period = 14 + 10 * float(torch.rand(1, generator=generator))
        phase = (
            2 * math.pi * float(torch.rand(1, generator=generator))
        )
        steps = torch.arange(length, dtype=torch.float32)
        series = torch.sin(2 * math.pi * steps / period + phase)
        series += 0.1 * torch.randn(length, generator=generator)
        inputs = torch.stack(
            [series[i : i + window] for i in range(length - window)]
        )
        inputs, targets = (
            inputs.unsqueeze(-1),
            series[window:].unsqueeze(-1),
        )
        cut = round(len(inputs) * 0.75)
        return cls(
            inputs[:cut], targets[:cut], inputs[cut:], targets[cut:]
        )

    def persistence_mse(self) -> float:
        """The validation MSE of "the next value is the last one": the baseline to beat."""
        return float(((self.val_x[:, -1] - self.val_y) ** 2).mean())


@dataclass
class Step:
    backward_since_last: bool  # every parameter got a gradient from a backward since the last step
    # .grad was None or zero when each backward reached it.
    clean_before_backward: bool
    stale_norm: float  # the norm of what .grad still held when backward reached it
    # The gradient's norm when backward had filled .grad.
    filled_norm: float
    # The gradient's norm when optimizer.step() ran.
    used_norm: float
    has_grad: bool


@dataclass
class Forward:
    part: str  # "train", "validation" or "other": whose windows the input holds
    training: bool
    grad_enabled: bool


@dataclass
class Watch:
    """What one call of the learner's train did, as the hooks saw it."""

    steps: list[Step] = field(default_factory=list)
    forwards: list[Forward] = field(default_factory=list)
    result: object = None


class _Keys:
    """Recognises which windows a forward pass was given, by their values."""

    def __init__(self, task: Task) -> None:
        self.train = {self._key(row) for row in task.train_x}
        self.val = {self._key(row) for row in task.val_x}

    @staticmethod
    def _key(row: torch.Tensor) -> bytes:
        return row.detach().contiguous().numpy().tobytes()

    def part(self, inputs: object) -> str:
        if (
            not isinstance(inputs, torch.Tensor)
            or inputs.dim() != 3
            or len(inputs) == 0
        ):
            return "other"
        keys = {self._key(row) for row in inputs}
        if keys <= self.val:
            return "validation"
        return "train" if keys <= self.train else "other"


def watched_run(
    module: ModuleType,
    task: Task,
    *,
    seed: int,
    hidden: int,
    epochs: int,
    batch_size: int,
    max_norm: float,
    optimizer: str = "adam",
    lr: float = 0.02,
    hooks: bool = True,
) -> tuple[Watch, _Model]:
    """Run the learner's train on a fresh model (seeded), watched by hooks unless `hooks` is
    False (they cost time, and the learning check needs only the losses)."""
    train = need(module, "train")
    torch.manual_seed(seed)
    model = _Model(hidden)
    params = list(model.parameters())
    if optimizer == "adam":
        opt: torch.optim.Optimizer = torch.optim.Adam(params, lr=lr)
    else:
        opt = torch.optim.SGD(params, lr=lr)
    watch = Watch()
    if hooks:
        _watch(watch, model, opt, _Keys(task))
    watch.result = train(
        model,
        opt,
        task.train_x,
        task.train_y,
        task.val_x,
        task.val_y,
        epochs=epochs,
        batch_size=batch_size,
        max_norm=max_norm,
    )
    return watch, model


def _watch(
    watch: Watch,
    model: nn.Module,
    opt: torch.optim.Optimizer,
    keys: _Keys,
) -> None:
    params = list(model.parameters())
    # per parameter: backward reached it since the last step; what .grad held then; when filled
    reached = [False] * len(params)
    stale = [0.0] * len(params)
    filled: list[torch.Tensor | None] = [None] * len(params)

    def on_gradient(index: int):
        def hook(grad: torch.Tensor) -> None:
            # Runs before this backward's gradient is added to .grad: it should be clear.
            old = params[index].grad
            stale[index] = max(
                stale[index],
                0.0 if old is None else float(old.norm()),
            )

        return hook

    def on_filled(index: int):
        def hook(param: torch.Tensor) -> None:
            reached[index] = True
            filled[index] = param.grad.detach().clone()

        return hook

    for index, param in enumerate(params):
        param.register_hook(on_gradient(index))
        param.register_post_accumulate_grad_hook(on_filled(index))

    def before_step(
        optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict
    ) -> None:
        grads = [p.grad for p in params if p.grad is not None]
        kept = [g for g in filled if g is not None]
        watch.steps.append(
            Step(
                backward_since_last=all(reached),
                clean_before_backward=max(stale) == 0.0,
                stale_norm=max(stale),
                filled_norm=_norm(kept),
                used_norm=_norm(grads),
                has_grad=len(grads) == len(params),
            )
        )
        for index in range(len(params)):
            reached[index], stale[index], filled[index] = (
                False,
                0.0,
                None,
            )

    opt.register_step_pre_hook(before_step)

    def on_forward(
        module_: nn.Module, args: tuple, output: torch.Tensor
    ) -> None:
        part = keys.part(args[0] if args else None)
        watch.forwards.append(
            Forward(part, module_.training, torch.is_grad_enabled())
        )

    model.register_forward_hook(on_forward)


def _norm(grads: list[torch.Tensor]) -> float:
    if not grads:
        return 0.0
    return float(
        torch.linalg.vector_norm(
            torch.cat([g.flatten() for g in grads])
        )
    )


# A small run for watching the loop: 3 batches an epoch (the last one short), 3 epochs.
SMALL = {
    "seed": 61,
    "hidden": 4,
    "epochs": 3,
    "batch_size": 16,
    "max_norm": 1.0,
}
SMALL_TASK = {
    "seed": 6,
    "length": 60,
    "window": 6,
}  # 41 training windows, 13 validation
# Far below the small GRU's gradient norms, so clipping shows.
TINY_NORM = 0.01


def _small(module: ModuleType, **changes) -> Watch:
    watch, _ = watched_run(
        module, Task.make(**SMALL_TASK), **{**SMALL, **changes}
    )
    return watch


def _losses(
    watch: Watch, epochs: int
) -> tuple[list[float], list[float]]:
    result = watch.result
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise CheckFailed(
            f"train should return (train_losses, val_losses), a tuple of two lists; got "
            f"{type(result).__name__}"
        )
    for name, losses in zip(
        ("train_losses", "val_losses"), result, strict=True
    ):
        if not isinstance(losses, list):
            raise CheckFailed(
                f"{name} should be a list, got {type(losses).__name__}"
            )
        if len(losses) != epochs:
            raise CheckFailed(
                f"{name} has {len(losses)} values for {epochs} epochs: one per epoch"
            )
        for epoch, value in enumerate(losses, start=1):
            if not isinstance(value, float):
                raise CheckFailed(
                    f"{name}[{epoch - 1}] (epoch {epoch}) is a {type(value).__name__}, not a "
                    "float: loss.item() gives the number"
                )
            if not math.isfinite(value):
                raise CheckFailed(
                    f"{name}[{epoch - 1}] (epoch {epoch}) is {value}"
                )
    return list(result[0]), list(result[1])


@check(
    "train returns (train_losses, val_losses): one float per epoch each"
)
def returns_losses_per_epoch(module: ModuleType) -> None:
    _losses(_small(module), SMALL["epochs"])


@check(
    "optimizer.step() runs once per training batch, after loss.backward()"
)
def one_step_per_batch_after_backward(module: ModuleType) -> None:
    watch = _small(module)
    batches = math.ceil(
        len(Task.make(**SMALL_TASK).train_x) / SMALL["batch_size"]
    )
    for number, step in enumerate(watch.steps, start=1):
        if not step.backward_since_last:
            raise CheckFailed(
                f"optimizer.step() number {number} ran without a loss.backward() before it: "
                "backward fills the gradients the step follows, so it must come first"
            )
        if not step.has_grad:
            raise CheckFailed(
                f"when optimizer.step() number {number} ran, some .grad were None: was "
                "zero_grad() called between loss.backward() and optimizer.step()?"
            )
    expected = SMALL["epochs"] * batches
    if len(watch.steps) != expected:
        raise CheckFailed(
            f"optimizer.step() ran {len(watch.steps)} times; {SMALL['epochs']} epochs of "
            f"{batches} batches (every training window, batch_size {SMALL['batch_size']}, the "
            f"last batch smaller) make {expected}. Validation must not take steps"
        )


@check(
    "gradients are cleared before each backward (optimizer.zero_grad())"
)
def gradients_do_not_accumulate(module: ModuleType) -> None:
    watch = _small(module)
    for number, step in enumerate(watch.steps, start=1):
        if not step.clean_before_backward:
            raise CheckFailed(
                f"when loss.backward() ran for training step {number}, .grad still held an "
                f"earlier gradient (norm {step.stale_norm:.3g}); backward adds to .grad, so "
                "the step followed the sum of every batch so far. Call optimizer.zero_grad() "
                "before loss.backward()"
            )


@check(
    f"gradients are clipped to max_norm before each step (max_norm {TINY_NORM})"
)
def gradients_are_clipped(module: ModuleType) -> None:
    watch = _small(module, max_norm=TINY_NORM)
    for number, step in enumerate(watch.steps, start=1):
        if not step.has_grad:
            continue  # the order check reports this
        expected = min(step.filled_norm, TINY_NORM)
        if abs(step.used_norm - expected) > 1e-3 * expected + 1e-7:
            raise CheckFailed(
                f"at optimizer.step() number {number} the gradient norm was "
                f"{step.used_norm:.4g}; backward gave {step.filled_norm:.4g}, and clipping to "
                f"max_norm {TINY_NORM} should leave {expected:.4g}. Call "
                "nn.utils.clip_grad_norm_(model.parameters(), max_norm) between "
                "loss.backward() and optimizer.step()"
            )


@check(
    "training runs in train mode; validation in eval mode under torch.no_grad()"
)
def validation_in_eval_mode_without_grad(
    module: ModuleType,
) -> None:
    watch = _small(module)
    validation = [
        f for f in watch.forwards if f.part == "validation"
    ]
    if not validation:
        raise CheckFailed(
            "the model never ran on val_x: validate on the validation windows"
        )
    for forward in validation:
        if forward.training:
            raise CheckFailed(
                "the model ran on val_x in training mode: call model.eval() before validating"
            )
        if forward.grad_enabled:
            raise CheckFailed(
                "the model ran on val_x with autograd on: validate inside `with "
                "torch.no_grad():` so nothing is recorded for backward"
            )
    for forward in watch.forwards:
        if (
            forward.part == "train"
            and forward.grad_enabled
            and not forward.training
        ):
            raise CheckFailed(
                "a training batch ran in eval mode: call model.train() at the start of every "
                "epoch, since model.eval() stays on until you switch back"
            )


@check("the losses are measured on the right windows")
def losses_on_the_right_windows(module: ModuleType) -> None:
    # With lr 0 the weights never move, so every epoch's losses must equal the MSE of the
    # model over all training windows, and over all validation windows.
    task = Task.make(**SMALL_TASK)
    watch, model = watched_run(
        module, task, **{**SMALL, "optimizer": "sgd", "lr": 0.0}
    )
    train_losses, val_losses = _losses(watch, SMALL["epochs"])
    model.eval()
    with torch.no_grad():
        on_train = float(
            nn.functional.mse_loss(
                model(task.train_x), task.train_y
            )
        )
        on_val = float(
            nn.functional.mse_loss(model(task.val_x), task.val_y)
        )
    for epoch, value in enumerate(val_losses, start=1):
        if math.isclose(value, on_val, rel_tol=1e-4):
            continue
        if math.isclose(value, on_train, rel_tol=1e-4):
            raise CheckFailed(
                f"the validation loss of epoch {epoch} ({value:.5g}) is the loss on the "
                f"training windows; on val_x, val_y it is {on_val:.5g}"
            )
        raise CheckFailed(
            f"the validation loss of epoch {epoch} is {value:.5g}; the MSE on all of val_x, "
            f"val_y is {on_val:.5g}"
        )
    for epoch, value in enumerate(train_losses, start=1):
        if not math.isclose(value, on_train, rel_tol=1e-4):
            raise CheckFailed(
                f"the training loss of epoch {epoch} is {value:.5g}; the mean loss over all "
                f"training windows is {on_train:.5g} (weight each batch's loss by its size: "
                "the last batch is smaller)"
            )


# The learning check: two tasks, each a fresh model; measured beside the persistence baseline.
LEARN = {
    "hidden": 16,
    "epochs": 15,
    "batch_size": 32,
    "max_norm": 1.0,
    "lr": 0.02,
}
# (seed, series length, window)
LEARN_CASES = ((71, 260, 12), (72, 260, 12))
LEVEL = 0.5  # the final validation loss must be below half of persistence's validation MSE


def learning_run(
    module: ModuleType, seed: int, length: int, window: int
) -> dict[str, Any]:
    """One learning task run by the learner's train: its losses per epoch and the baseline."""
    task = Task.make(seed, length, window)
    watch, _ = watched_run(
        module, task, seed=seed, hooks=False, **LEARN
    )
    train_losses, val_losses = _losses(watch, LEARN["epochs"])
    return {
        "seed": seed,
        "length": length,
        "window": window,
        "train_losses": train_losses,
        "val_losses": val_losses,
        "persistence_mse": task.persistence_mse(),
    }


def learning_ratio(
    module: ModuleType, seed: int, length: int, window: int
) -> float:
    """The final validation loss over persistence's validation MSE, for one task and seed."""
    run = learning_run(module, seed, length, window)
    return run["val_losses"][-1] / run["persistence_mse"]


@check(
    f"the model learns: final validation loss below {LEVEL} x persistence's MSE"
)
def the_model_learns(module: ModuleType) -> dict[str, Any]:
    runs = []
    for seed, length, window in LEARN_CASES:
        run = learning_run(module, seed, length, window)
        ratio = run["val_losses"][-1] / run["persistence_mse"]
        if not ratio < LEVEL:
            raise CheckFailed(
                f"after {LEARN['epochs']} epochs the validation loss is {ratio:.2f} x the MSE "
                f"of persistence (next value = last value); a working loop gets below {LEVEL}"
            )
        runs.append(run)
    # The curves of the passing run, for the portfolio: the learner's own loop, measured here.
    return {
        CURVE_KEY: {
            "level": LEVEL,
            "epochs": LEARN["epochs"],
            "runs": runs,
        }
    }


CHECKS = (
    returns_losses_per_epoch,
    one_step_per_batch_after_backward,
    gradients_do_not_accumulate,
    gradients_are_clipped,
    validation_in_eval_mode_without_grad,
    losses_on_the_right_windows,
    the_model_learns,
)
