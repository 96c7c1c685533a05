"""The lengths the Padding tab shows before a run are the lengths that run packs."""

from __future__ import annotations

import json

import pytest
import torch

from engine.tasks import get_task

torch.set_num_threads(1)


@pytest.mark.parametrize(
    "settings",
    [
        {"cell": "gru", "batch": 4, "max_len": 6, "features": 3, "hidden": 5, "seed": 0},
        {"cell": "lstm", "batch": 9, "max_len": 12, "features": 2, "hidden": 3, "seed": 41},
    ],
)
def test_the_lengths_before_the_run_are_the_runs_lengths(settings: dict) -> None:
    before = json.loads(json.dumps(get_task("pack-lengths").run(settings)))
    run = get_task("pack").run(settings)
    # Counted from the packed run's own batch_sizes, not from its lengths field.
    steps = run["batch_sizes"]
    lengths_from_batch_sizes = sorted(
        (sum(1 for count in steps if count > rank) for rank in range(settings["batch"])),
        reverse=True,
    )
    assert sorted(before["lengths"], reverse=True) == lengths_from_batch_sizes
    assert before["lengths"] == run["lengths"]
    assert before["config"] == run["config"] and before["seed"] == settings["seed"]
