"""Memory horizon: how long a change at step 0 survives in h_t, and how much the final answer
can still feel each step (the gradient through time), for RNN, GRU and LSTM side by side.

Measured on the adding problem's inputs, with the models as initialised (or, with forget_bias,
an LSTM whose forget gate starts near 0.73). Parameter counts are reported with the curves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from engine import long_tasks
from engine.control import Control, Emit, Progress, no_emit
from engine.validation import build, flag, whole_number

CELLS = ("rnn", "gru", "lstm")
SAMPLES = 64  # sequences averaged over, so one lucky draw does not decide the picture


@dataclass(frozen=True)
class HorizonConfig:
    delay: int = 50
    hidden: int = 32
    seed: int = 0
    forget_bias: bool = False

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "delay", whole_number("delay", self.delay, 4, 400))
        set_(self, "hidden", whole_number("hidden", self.hidden, 2, 256))
        set_(self, "seed", whole_number("seed", self.seed, 0, 2**31 - 1))
        set_(self, "forget_bias", flag("forget_bias", self.forget_bias))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HorizonConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class HorizonResult:
    config: HorizonConfig
    # per cell: params, echo[t] = mean ‖h_t(x_0 + 1) − h_t(x)‖, grad[t] = mean ‖∂ŷ/∂x_t‖
    models: dict[str, dict[str, Any]]
    torch_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "models": self.models,
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HorizonResult:
        return cls(HorizonConfig.from_dict(data["config"]), data["models"], data["torch_version"])


@dataclass(frozen=True)
class HorizonProgress(Progress):
    """Sent as each cell's curves are measured."""

    done: str  # the cell just measured


def survives(curve: list[float], fraction: float = 0.01) -> int:
    """The last step at which the curve is still at least `fraction` of its value at step 0."""
    threshold = curve[0] * fraction
    return max((t for t, value in enumerate(curve) if value >= threshold), default=0)


def measure(model, x) -> dict[str, list[float]]:
    """Echo of a +1 nudge to every input at step 0, and ‖∂(final answer)/∂x_t‖, averaged over
    the batch `x`."""
    import torch

    perturbed = x.clone()
    perturbed[:, 0, :] += 1.0
    with torch.no_grad():
        clean, _ = model.rnn(x)
        moved, _ = model.rnn(perturbed)
    inputs = x.clone().requires_grad_(True)
    answer = model(inputs)
    (answer[:, -1] if model.every_step else answer).sum().backward()
    model.zero_grad()
    return {
        "echo": (moved - clean).norm(dim=2).mean(dim=0).tolist(),
        "grad": inputs.grad.norm(dim=2).mean(dim=0).tolist(),
    }


def run(
    config: HorizonConfig, emit: Emit = no_emit, control: Control | None = None
) -> HorizonResult:
    import torch

    from engine.models import SequenceModel

    x, _ = long_tasks.batch(
        "adding", SAMPLES, config.delay, torch.Generator().manual_seed(config.seed)
    )
    models = {}
    for cell in CELLS:
        if control is not None:
            control.checkpoint()
        torch.manual_seed(config.seed)
        model = SequenceModel(cell, 2, config.hidden, 1, False, config.forget_bias)
        models[cell] = {"params": sum(p.numel() for p in model.parameters()), **measure(model, x)}
        emit(HorizonProgress(cell))
    return HorizonResult(config, models, torch.__version__)
