"""The trace: one sequence through nn.RNN, nn.GRU or nn.LSTM, step by step, beside the same
equations computed by hand from the module's own weights, in PyTorch's own form and gate order:

    RNN   h = tanh(W_ih x + b_ih + W_hh h + b_hh)
    GRU   r = σ(W_ir x + b_ir + W_hr h + b_hr)        weights stacked r, z, n
          z = σ(W_iz x + b_iz + W_hz h + b_hz)
          n = tanh(W_in x + b_in + r * (W_hn h + b_hn))   (reset applied after the product)
          h = (1 - z) * n + z * h
    LSTM  i, f, o = σ(...), g = tanh(...)             weights stacked i, f, g, o
          c = f * c + i * g
          h = o * tanh(c)

The result carries the input and the module's state_dict, so anyone can rebuild the module and
recompute every step independently.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.options import option
from engine.validation import ConfigError, build, decimal, one_of, whole_number

CELLS = ("rnn", "gru", "lstm")
GATE_NAMES = {"rnn": (), "gru": ("r", "z", "n"), "lstm": ("i", "f", "g", "o")}
PATTERNS = ("spike", "random", "step", "sine")
LIMITS = {"steps": 64, "features": 16, "hidden": 32}
MAX_RADIUS = 3.0


@dataclass(frozen=True)
class TraceConfig:
    cell: str = field(default="rnn", metadata=option("rnn, gru or lstm"))
    steps: int = field(default=12, metadata=option("time steps"))
    features: int = field(default=3, metadata=option("input_size"))
    hidden: int = field(default=8, metadata=option("hidden_size"))
    seed: int = field(default=0, metadata=option("random seed"))
    pattern: str = field(default="spike", metadata=option("spike, random, step or sine"))
    radius: float = field(
        default=0.0, metadata=option("rescale W_hh to this spectral radius (0: keep)")
    )

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
        if self.radius and self.cell != "rnn":
            raise ConfigError("radius rescales a vanilla RNN's W_hh; use 0 for GRU and LSTM")

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


def build_module(config: TraceConfig):
    import torch

    torch.manual_seed(config.seed)
    cls = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[config.cell]
    module = cls(config.features, config.hidden, batch_first=True)
    if config.radius:
        with torch.no_grad():
            module.weight_hh_l0.mul_(config.radius / spectral_radius(module.weight_hh_l0))
    return module


def spectral_radius(matrix) -> float:
    import torch

    return float(torch.linalg.eigvals(matrix.detach().double()).abs().max())


def manual_step(cell: str, weights: dict, x_t, h, c):
    """One step by hand. Returns (h, c, gates, pre); pre is the RNN's tanh argument."""
    import torch

    w_ih, w_hh = weights["weight_ih_l0"], weights["weight_hh_l0"]
    b_ih, b_hh = weights["bias_ih_l0"], weights["bias_hh_l0"]
    if cell == "rnn":
        pre = w_ih @ x_t + b_ih + w_hh @ h + b_hh
        return torch.tanh(pre), c, {}, pre
    from_x = w_ih @ x_t + b_ih
    from_h = w_hh @ h + b_hh
    if cell == "gru":
        x_r, x_z, x_n = from_x.chunk(3)
        h_r, h_z, h_n = from_h.chunk(3)
        r = torch.sigmoid(x_r + h_r)
        z = torch.sigmoid(x_z + h_z)
        n = torch.tanh(x_n + r * h_n)  # PyTorch: the reset gate multiplies (W_hn h + b_hn)
        return (1 - z) * n + z * h, c, {"r": r, "z": z, "n": n}, None
    i, f, g, o = (from_x + from_h).chunk(4)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c = f * c + i * g
    return o * torch.tanh(c), c, {"i": i, "f": f, "g": g, "o": o}, None


def run(
    config: TraceConfig,
    emit: Emit = no_emit,
    control: Control | None = None,
) -> TraceResult:
    import torch

    module = build_module(config)
    x = make_input(config)
    weights = {name: value.detach() for name, value in module.state_dict().items()}
    with torch.no_grad():
        torch_h, _ = module(x.unsqueeze(0))
        # The same sequence without step 0's input: the gap between the two runs is how much
        # of step 0 the hidden state still carries (its echo).
        without_first = x.clone()
        without_first[0] = 0.0
        clean_h, _ = module(without_first.unsqueeze(0))
    torch_h, clean_h = torch_h[0], clean_h[0]

    h = torch.zeros(config.hidden)
    c = torch.zeros(config.hidden)
    steps = []
    for t in range(config.steps):
        h_prev, c_prev = h, c
        h, c, gates, pre = manual_step(config.cell, weights, x[t], h, c)
        step = {
            "t": t,
            "x": x[t].tolist(),
            "h_prev": h_prev.tolist(),
            "h": h.tolist(),
            "torch_h": torch_h[t].tolist(),
            "diff": float((h - torch_h[t]).abs().max()),
            "echo": float((torch_h[t] - clean_h[t]).norm()),
        }
        if pre is not None:
            step["pre"] = pre.tolist()
        if gates:
            step["gates"] = {name: value.tolist() for name, value in gates.items()}
        if config.cell == "lstm":
            step["c_prev"] = c_prev.tolist()
            step["c"] = c.tolist()
        steps.append(step)
    return TraceResult(
        config=config,
        input=x.tolist(),
        state_dict={name: value.tolist() for name, value in weights.items()},
        steps=steps,
        # Only a vanilla RNN has one square W_hh; gated cells stack a block per gate.
        spectral_radius=spectral_radius(module.weight_hh_l0) if config.cell == "rnn" else None,
        torch_version=torch.__version__,
    )


@dataclass(frozen=True)
class TraceResult:
    config: TraceConfig
    input: list[list[float]]
    state_dict: dict[str, Any]
    steps: list[dict[str, Any]]
    spectral_radius: float | None
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
