"""generate-sample: new samples from the engine process's last generate model, at any
temperature, without training again.

Like names-guess (see engine.names_guess): the engine process keeps the model of its last
finished generate run (engine.generate.HELD) and this task samples from it. Another process,
or the same one before any generate run finished, has no model: the task says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from engine import generate
from engine.control import Control, Emit, no_emit
from engine.options import option
from engine.validation import ConfigError, build, decimal, whole_number

NO_MODEL = "no generate model has been trained in this engine process yet: run generate first"


@dataclass(frozen=True)
class SampleConfig:
    temperature: float = field(
        default=0.8, metadata=option("sampling temperature: below 1 safer, above 1 wilder")
    )
    count: int = field(default=generate.SAMPLES, metadata=option("how many names"))
    seed: int = field(default=0, metadata=option("random seed of the draws"))

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "temperature", decimal("temperature", self.temperature, 0.05, 5.0))
        set_(self, "count", whole_number("count", self.count, 1, 50))
        set_(self, "seed", whole_number("seed", self.seed, 0, 2**31 - 1))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SampleConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SampleResult:
    temperature: float
    names: list[str]
    in_training: list[bool]  # each: the sample is one of the training names, copied
    trained: dict[str, Any]  # the config of the generate run whose model sampled

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SampleResult:
        return cls(**data)


def run(config: SampleConfig, emit: Emit = no_emit, control: Control | None = None) -> SampleResult:
    import torch

    trained = generate.HELD.get()
    if trained is None:
        raise ConfigError(NO_MODEL)
    draws = torch.Generator().manual_seed(config.seed)
    names = generate.sample(trained.model, config.count, config.temperature, draws, trained.first)
    return SampleResult(
        temperature=config.temperature,
        names=names,
        in_training=[name in trained.train_names for name in names],
        trained=trained.config.to_dict(),
    )
