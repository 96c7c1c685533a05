"""What the Data tab shows before any training: the series, its chronological split, one window
and its target, and the shape of the window tensor, built by torch from the learner's settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.practice import PracticeConfig, chronological_split, windows
from engine.results import CarriesConfig, result_fields

PLOT_POINTS = 400  # the plot shows at most this many points of a long series


@dataclass(frozen=True)
class SeriesView(CarriesConfig):
    config: PracticeConfig
    dataset: dict[str, Any]
    values: list[float]  # every value (the UI downsamples for its plot)
    split: dict[str, list[int]]
    window_shape: list[int]  # the training inputs: [num_windows, window, 1]
    example: dict[str, Any]  # one training window: its start, values and target
    torch_version: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeriesView:
        fields_ = result_fields(data)
        return cls(config=PracticeConfig.from_dict(data["config"]), **fields_)


def run(config: PracticeConfig, emit: Emit = no_emit, control: Control | None = None) -> SeriesView:
    import torch

    data = config.load()
    raw = torch.tensor(data.values, dtype=torch.float32)
    split = chronological_split(len(raw), config.window, config.test)
    origins = list(range(*split.train))
    inputs = windows(raw, origins, config.window)
    # The example: the last training window, whose target is the last training value.
    origin = origins[-1]
    return SeriesView(
        config=config,
        dataset={
            "name": data.name,
            "about": data.about,
            "step": data.step,
            "length": len(data.values),
            "season": data.season,
            "filled": data.filled,
            "start": data.start,
            "per_year": data.per_year,
        },
        values=data.values,
        split=split.to_dict(),
        window_shape=list(inputs.shape),
        example={
            "start": origin - config.window,
            "target_index": origin,
            "window": inputs[-1, :, 0].tolist(),
            "target": float(raw[origin]),
        },
        torch_version=torch.__version__,
    )
