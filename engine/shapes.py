"""The shape lab: run a real nn.RNN / nn.LSTM / nn.GRU and report every shape and parameter.

Config, result and the parameter formula live here without torch (the UI uses them); torch is
imported inside `run`.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.options import option
from engine.validation import ConfigError, build, flag, one_of, whole_number

CELLS = ("rnn", "lstm", "gru")
CELL_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
GATES = {"rnn": 1, "lstm": 4, "gru": 3}  # weight blocks stacked in each matrix
LIMITS = {"batch": 64, "seq_len": 64, "features": 256, "hidden": 256, "layers": 4}
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class ShapesConfig:
    cell: str = field(default="lstm", metadata=option("rnn, lstm or gru"))
    batch: int = field(default=3, metadata=option("sequences per batch"))
    seq_len: int = field(default=7, metadata=option("time steps per sequence"))
    features: int = field(default=5, metadata=option("numbers per step: input_size"))
    hidden: int = field(default=16, metadata=option("hidden_size"))
    layers: int = field(default=1, metadata=option("num_layers"))
    bidirectional: bool = field(default=False, metadata=option("two directions"))
    batch_first: bool = field(default=True, metadata=option("time-major layout"))
    proj_size: int = field(default=0, metadata=option("LSTM only: project h to this size"))
    seed: int = field(default=0, metadata=option("random seed"))

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "cell", one_of("cell", self.cell, CELLS))
        for name, high in LIMITS.items():
            set_(self, name, whole_number(name, getattr(self, name), 1, high))
        set_(self, "bidirectional", flag("bidirectional", self.bidirectional))
        set_(self, "batch_first", flag("batch_first", self.batch_first))
        set_(self, "seed", whole_number("seed", self.seed, 0, MAX_SEED))
        set_(self, "proj_size", whole_number("proj_size", self.proj_size, 0, LIMITS["hidden"]))
        if self.proj_size and self.cell != "lstm":
            raise ConfigError("proj_size only exists for LSTM; set it to 0 for RNN and GRU")
        if self.proj_size >= self.hidden:
            raise ConfigError(
                f"proj_size must be smaller than hidden ({self.hidden}), not {self.proj_size}"
            )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShapesConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def h_size(self) -> int:
        """The size of h (and so of each output vector): proj_size when set, else hidden."""
        return self.proj_size or self.hidden

    @property
    def input_shape(self) -> tuple[int, int, int]:
        if self.batch_first:
            return (self.batch, self.seq_len, self.features)
        return (self.seq_len, self.batch, self.features)

    def module_call(self) -> str:
        """The constructor call, as the learner would write it."""
        extras = ""
        if self.layers != 1:
            extras += f", num_layers={self.layers}"
        if self.bidirectional:
            extras += ", bidirectional=True"
        if self.proj_size:
            extras += f", proj_size={self.proj_size}"
        return (
            f"nn.{CELL_NAMES[self.cell]}(input_size={self.features}, hidden_size={self.hidden}"
            f"{extras}, batch_first={self.batch_first})"
        )

    def describe(self) -> dict[str, Any]:
        """Values a quiz prompt template may use besides the config's own fields."""
        return {
            **self.to_dict(),
            "module": self.module_call(),
            "input_shape": str(self.input_shape),
            "Cell": CELL_NAMES[self.cell],
        }


def dimension_labels(config: ShapesConfig) -> dict[str, list[str]]:
    """What each dimension of each tensor counts, for this config."""
    time_major = not config.batch_first
    outer = ["seq_len", "batch"] if time_major else ["batch", "seq_len"]
    directions = "num_directions × " if config.bidirectional else ""
    h_last = "proj_size" if config.proj_size else "hidden_size"
    labels = {
        "input": [*outer, "input_size"],
        "output": [*outer, f"{directions}{h_last}"],
        "h_n": [
            "num_layers × num_directions" if config.bidirectional else "num_layers",
            "batch",
            h_last,
        ],
    }
    if config.cell == "lstm":
        labels["c_n"] = [labels["h_n"][0], "batch", "hidden_size"]
    return labels


@dataclass(frozen=True)
class FormulaRow:
    """One layer and direction: the parameter count by the formula, with its working."""

    layer: int
    direction: str
    input_size: int
    count: int
    working: str


def parameter_formula(config: ShapesConfig) -> list[FormulaRow]:
    """gates × (hidden × input + hidden × h + 2 × hidden) [+ proj × hidden] per layer/direction."""
    gates, hidden, h = GATES[config.cell], config.hidden, config.h_size
    rows = []
    for layer in range(config.layers):
        size_in = config.features if layer == 0 else config.directions * h
        count = gates * (hidden * size_in + hidden * h + 2 * hidden)
        working = f"{gates}×({hidden}×{size_in} + {hidden}×{h} + 2×{hidden})"
        if config.proj_size:
            count += config.proj_size * hidden
            working += f" + {config.proj_size}×{hidden}"
        for direction in ("forward", "reverse")[: config.directions]:
            rows.append(FormulaRow(layer, direction, size_in, count, working))
    return rows


@dataclass(frozen=True)
class ShapesResult:
    config: ShapesConfig
    shapes: dict[str, list[int]]  # input, output, h_n and, for LSTM, c_n: as torch produced them
    labels: dict[str, list[str]]
    parameters: list[dict[str, Any]]  # name, shape, numel: from module.named_parameters()
    total_parameters: int  # sum(p.numel() for p in module.parameters())
    formula: list[FormulaRow] = field(default_factory=list)
    torch_version: str = ""
    # Bidirectional only: how far each column of the last layer's output is from h_n, as
    # max |difference| (see final_state_gaps).
    final_states: dict[str, float] = field(default_factory=dict)

    @property
    def formula_total(self) -> int:
        return sum(row.count for row in self.formula)

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "shapes": self.shapes,
            "labels": self.labels,
            "parameters": self.parameters,
            "total_parameters": self.total_parameters,
            "formula": [asdict(row) for row in self.formula],
            "formula_total": self.formula_total,
            "torch_version": self.torch_version,
            "final_states": self.final_states,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShapesResult:
        return cls(
            config=ShapesConfig.from_dict(data["config"]),
            shapes={name: list(shape) for name, shape in data["shapes"].items()},
            labels=data["labels"],
            parameters=data["parameters"],
            total_parameters=data["total_parameters"],
            formula=[FormulaRow(**row) for row in data["formula"]],
            torch_version=data["torch_version"],
            final_states=data.get("final_states", {}),
        )


def build_module(config: ShapesConfig):
    """The torch module this config describes, initialised from the config's seed."""
    import torch

    torch.manual_seed(config.seed)
    kwargs = {
        "input_size": config.features,
        "hidden_size": config.hidden,
        "num_layers": config.layers,
        "bidirectional": config.bidirectional,
        "batch_first": config.batch_first,
    }
    if config.proj_size:
        kwargs["proj_size"] = config.proj_size
    return getattr(torch.nn, CELL_NAMES[config.cell])(**kwargs)


def run(
    config: ShapesConfig,
    emit: Emit = no_emit,
    control: Control | None = None,
) -> ShapesResult:
    import torch

    module = build_module(config)
    sequence = torch.randn(*config.input_shape)
    with torch.no_grad(), warnings.catch_warnings():
        # torch notes that LSTM projections skip oneDNN; it is about speed, not results.
        warnings.filterwarnings("ignore", message=".*projections is not supported with oneDNN")
        output, state = module(sequence)
    shapes = {"input": list(sequence.shape), "output": list(output.shape)}
    if config.cell == "lstm":
        shapes["h_n"], shapes["c_n"] = list(state[0].shape), list(state[1].shape)
    else:
        shapes["h_n"] = list(state.shape)
    h_n = state[0] if config.cell == "lstm" else state
    return ShapesResult(
        config=config,
        final_states=final_state_gaps(config, output, h_n) if config.bidirectional else {},
        shapes=shapes,
        labels=dimension_labels(config),
        parameters=[
            {"name": name, "shape": list(p.shape), "numel": p.numel()}
            for name, p in module.named_parameters()
        ],
        total_parameters=sum(p.numel() for p in module.parameters()),
        formula=parameter_formula(config),
        torch_version=torch.__version__,
    )


def final_state_gaps(config: ShapesConfig, output, h_n) -> dict[str, float]:
    """Where a bidirectional layer's final states sit in its output (the output[:, -1] trap).

    h_n[-2] and h_n[-1] are the last layer's forward and backward final states. The forward
    direction ends at the last step, so output[:, -1, :H] equals h_n[-2]. The backward
    direction reads from the end, so its final state is at the first step, output[:, 0, H:];
    output[:, -1, H:] is the backward direction after one step only.
    """
    size = config.h_size
    steps = output if config.batch_first else output.transpose(0, 1)  # [batch, seq_len, 2H]

    def gap(a, b) -> float:
        return float((a - b).abs().max())

    return {
        "forward_last_step": gap(steps[:, -1, :size], h_n[-2]),
        "backward_last_step": gap(steps[:, -1, size:], h_n[-1]),
        "backward_first_step": gap(steps[:, 0, size:], h_n[-1]),
    }
