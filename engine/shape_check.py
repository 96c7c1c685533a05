"""The syllabus's first experiment: one GRU, one batch, and the three shapes it prints.

The config and result live here without torch so the UI process can validate input and read results;
torch is imported inside `run`, which only the engine process and the CLI call.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.options import option
from engine.validation import build, whole_number

# Upper bounds keep every check instant on a laptop CPU and the numbers readable.
LIMITS = {"batch": 256, "seq_len": 512, "features": 512, "hidden": 512}
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class ShapeCheckConfig:
    batch: int = field(default=2, metadata=option("sequences per batch"))
    seq_len: int = field(default=3, metadata=option("time steps per sequence"))
    features: int = field(default=5, metadata=option("numbers per step: input_size"))
    hidden: int = field(default=4, metadata=option("hidden_size"))
    seed: int = field(default=0, metadata=option("random seed"))

    def __post_init__(self) -> None:
        for name, high in LIMITS.items():
            object.__setattr__(self, name, whole_number(name, getattr(self, name), 1, high))
        object.__setattr__(self, "seed", whole_number("seed", self.seed, 0, MAX_SEED))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShapeCheckConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class ShapeCheckResult:
    config: ShapeCheckConfig
    sequence_shape: tuple[int, ...]
    outputs_shape: tuple[int, ...]
    hidden_shape: tuple[int, ...]
    torch_version: str

    def lines(self) -> list[str]:
        """The three lines the syllabus's rnn_first_loop.py prints, character for character."""
        return [
            f"sequence_shape: {self.sequence_shape}",
            f"outputs_shape: {self.outputs_shape}",
            f"hidden_shape: {self.hidden_shape}",
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "sequence_shape": list(self.sequence_shape),
            "outputs_shape": list(self.outputs_shape),
            "hidden_shape": list(self.hidden_shape),
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShapeCheckResult:
        return cls(
            config=ShapeCheckConfig.from_dict(data["config"]),
            sequence_shape=tuple(data["sequence_shape"]),
            outputs_shape=tuple(data["outputs_shape"]),
            hidden_shape=tuple(data["hidden_shape"]),
            torch_version=data["torch_version"],
        )


def run(
    config: ShapeCheckConfig,
    emit: Emit = no_emit,
    control: Control | None = None,
) -> ShapeCheckResult:
    """Run the syllabus's GRU on a random batch and report the shapes torch produced."""
    import torch

    # The same calls, in the same order, as the exported rnn_first_loop.py: same seed, same numbers.
    torch.manual_seed(config.seed)
    sequence = torch.randn(config.batch, config.seq_len, config.features)
    gru = torch.nn.GRU(input_size=config.features, hidden_size=config.hidden, batch_first=True)
    with torch.no_grad():
        outputs, hidden = gru(sequence)
    return ShapeCheckResult(
        config=config,
        sequence_shape=tuple(sequence.shape),
        outputs_shape=tuple(outputs.shape),
        hidden_shape=tuple(hidden.shape),
        torch_version=torch.__version__,
    )
