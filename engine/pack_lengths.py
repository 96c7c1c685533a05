"""The lengths a packing run's seed draws, without the run: what the learner predicts from.

The Padding tab shows them before the learner predicts the shapes and batch_sizes (which
depend on them) and before anything of the run itself is revealed. They come from
engine.pack.make_batch, the same draw the pack task makes, so they are the run's lengths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.pack import PackConfig, make_batch
from engine.results import CarriesConfig, result_fields


@dataclass(frozen=True)
class PackLengths(CarriesConfig):
    config: PackConfig
    lengths: list[int]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PackLengths:
        return cls(config=PackConfig.from_dict(data["config"]), **result_fields(data))


def run(config: PackConfig, emit: Emit = no_emit, control: Control | None = None) -> PackLengths:
    lengths, _padded = make_batch(config)
    return PackLengths(config=config, lengths=lengths)
