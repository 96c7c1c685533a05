"""The hidden-state trace: one sequence through nn.RNN, step by step, beside the same equation
computed by hand from the module's own weights.

    h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)

The result carries the input and the module's state_dict, so anyone can rebuild the module and
recompute every step independently.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from engine.validation import ConfigError, build, decimal, one_of, whole_number

CELLS = ("rnn",)
PATTERNS = ("spike", "random", "step", "sine")
LIMITS = {"steps": 64, "features": 16, "hidden": 32}
MAX_RADIUS = 3.0


@dataclass(frozen=True)
class TraceConfig:
    cell: str = "rnn"
    steps: int = 12
    features: int = 3
    hidden: int = 8
    seed: int = 0
    pattern: str = "spike"
    # Rescale W_hh to this spectral radius; 0 keeps torch's initial weights.
    radius: float = 0.0

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "cell", one_of("cell", self.cell, CELLS))
        set_(self, "pattern", one_of("pattern", self.pattern, PATTERNS))
        set_(self, "steps", whole_number("steps", self.steps, 2, LIMITS["steps"]))
        for name in ("features", "hidden"):
            set_(self, name, whole_number(name, getattr(self, name), 1, LIMITS[name]))
        set_(self, "seed", whole_number("seed", self.seed, 0, 2**31 - 1))
        set_(self, "radius", decimal("radius", self.radius, 0.0, MAX_RADIUS))
        if 0 < self.radius < 0.01:
            raise ConfigError("radius must be 0 (keep the initial weights) or at least 0.01")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TraceConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_input(config: TraceConfig):
    """One sequence, [steps, features], in the chosen pattern."""
    import torch

    steps, features = config.steps, config.features
    if config.pattern == "random":
        generator = torch.Generator().manual_seed(config.seed)
        return torch.randn(steps, features, generator=generator)
    x = torch.zeros(steps, features)
    if config.pattern == "spike":
        x[0] = 1.0
    elif config.pattern == "step":
        x[steps // 4 :] = 1.0
    else:  # sine: one period every 8 steps, each feature a little out of phase
        t = torch.arange(steps, dtype=torch.float32).unsqueeze(1)
        phase = torch.arange(features, dtype=torch.float32) * (math.pi / 4)
        x = torch.sin(2 * math.pi * t / 8 + phase)
    return x


def build_rnn(config: TraceConfig):
    import torch

    torch.manual_seed(config.seed)
    rnn = torch.nn.RNN(config.features, config.hidden, batch_first=True)
    if config.radius:
        with torch.no_grad():
            rnn.weight_hh_l0.mul_(config.radius / spectral_radius(rnn.weight_hh_l0))
    return rnn


def spectral_radius(matrix) -> float:
    import torch

    return float(torch.linalg.eigvals(matrix.detach().double()).abs().max())


def run(
    config: TraceConfig,
    emit: Callable[[dict], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    import torch

    rnn = build_rnn(config)
    x = make_input(config)
    w_ih, w_hh = rnn.weight_ih_l0.detach(), rnn.weight_hh_l0.detach()
    b_ih, b_hh = rnn.bias_ih_l0.detach(), rnn.bias_hh_l0.detach()
    with torch.no_grad():
        torch_h, _ = rnn(x.unsqueeze(0))
        # The same sequence without step 0's input: the gap between the two runs is how much
        # of step 0 the hidden state still carries (its echo).
        without_first = x.clone()
        without_first[0] = 0.0
        clean_h, _ = rnn(without_first.unsqueeze(0))
    torch_h, clean_h = torch_h[0], clean_h[0]

    h = torch.zeros(config.hidden)
    steps = []
    for t in range(config.steps):
        pre = w_ih @ x[t] + b_ih + w_hh @ h + b_hh
        h_prev, h = h, torch.tanh(pre)
        steps.append(
            {
                "t": t,
                "x": x[t].tolist(),
                "h_prev": h_prev.tolist(),
                "pre": pre.tolist(),
                "h": h.tolist(),
                "torch_h": torch_h[t].tolist(),
                "diff": float((h - torch_h[t]).abs().max()),
                "echo": float((torch_h[t] - clean_h[t]).norm()),
            }
        )
    return TraceResult(
        config=config,
        input=x.tolist(),
        state_dict={name: value.tolist() for name, value in rnn.state_dict().items()},
        steps=steps,
        spectral_radius=spectral_radius(rnn.weight_hh_l0),
        torch_version=torch.__version__,
    )


@dataclass(frozen=True)
class TraceResult:
    config: TraceConfig
    input: list[list[float]]
    state_dict: dict[str, Any]
    steps: list[dict[str, Any]]
    spectral_radius: float
    torch_version: str

    @property
    def max_abs_diff(self) -> float:
        return max(step["diff"] for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.config.cell,
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "input": self.input,
            "state_dict": self.state_dict,
            "steps": self.steps,
            "max_abs_diff": self.max_abs_diff,
            "spectral_radius": self.spectral_radius,
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TraceResult:
        return cls(
            config=TraceConfig.from_dict(data["config"]),
            input=data["input"],
            state_dict=data["state_dict"],
            steps=data["steps"],
            spectral_radius=data["spectral_radius"],
            torch_version=data["torch_version"],
        )
