"""The train-loop check keeps the validation curve of the learner's own passing loop in the
record, and the portfolio shows it with the level the check required."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest
import torch
from torch import nn

from exercises.catalog import find
from exercises.learner_files import learner_path
from exercises.train_loop import checks
from lessons import report
from lessons.check_data import CURVE_KEY
from lessons.store import Store
from tests.conftest import cli
from tests.exercises.helpers import load

LOOP = find("train-loop")
# The learner's loop: the reference, but it walks the batches in order instead of shuffling,
# so its numbers are its own (and still pass).
IN_ORDER = (
    "torch.randperm(len(train_x)).split(batch_size)",
    "torch.arange(len(train_x)).split(batch_size)",
)


class GruThenLinear(nn.Module):
    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.gru(x)[1][-1])


def expected_val_losses(train, seed: int, length: int, window: int) -> tuple[list[float], float]:
    """The learner's train run here, on the check's task: its val losses and persistence's MSE."""
    task = checks.Task.make(seed, length, window)
    torch.manual_seed(seed)
    model = GruThenLinear(16)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    _, val = train(
        model, optimizer, task.train_x, task.train_y, task.val_x, task.val_y, 15, 32, 1.0
    )
    persistence = float(((task.val_x[:, -1] - task.val_y) ** 2).mean())
    return val, persistence


@pytest.fixture
def checked(isolated_home: Path, tmp_path: Path):
    text = LOOP.solution()
    assert text.count(IN_ORDER[0]) == 1
    mine = text.replace(*IN_ORDER)
    copy = learner_path(isolated_home, LOOP)
    copy.parent.mkdir(parents=True)
    copy.write_text(mine)
    done = subprocess.run(
        cli("exercise", "check", "train-loop", "--json"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout
    # The command line's JSON keeps its contract: no measurements in it.
    assert all(set(c) == {"name", "passed", "message"} for c in json.loads(done.stdout)["checks"])
    module_file = tmp_path / "mine.py"
    module_file.write_text(mine)
    return Store.open(isolated_home), load(module_file)


def test_the_record_holds_the_learners_own_validation_curve(checked) -> None:
    store, mine = checked
    [check] = store.exercise_checks("train-loop")
    recorded = check.data[CURVE_KEY]
    assert recorded["level"] == checks.LEVEL == 0.5
    assert [(r["seed"], r["length"], r["window"]) for r in recorded["runs"]] == [
        (71, 260, 12),
        (72, 260, 12),
    ]
    for run in recorded["runs"]:
        val, persistence = expected_val_losses(
            mine.train, run["seed"], run["length"], run["window"]
        )
        assert len(run["val_losses"]) == 15
        for got, want in zip(run["val_losses"], val, strict=True):
            assert math.isclose(got, want, rel_tol=1e-4)
        assert math.isclose(run["persistence_mse"], persistence, rel_tol=1e-6)
        assert run["val_losses"][-1] < 0.5 * persistence  # why it passed


def test_the_portfolio_shows_the_curve_and_the_level(checked) -> None:
    store, mine = checked
    text = report.export(store)
    section = text.split("#### The loss curve the check recorded", 1)[1].split("\n## ", 1)[0]
    assert "below 0.5 x the validation MSE of persistence" in section
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0] == "| epoch | val loss, task 1 (seed 71) | val loss, task 2 (seed 72) |"
    first, _ = expected_val_losses(mine.train, 71, 260, 12)
    second, _ = expected_val_losses(mine.train, 72, 260, 12)
    for epoch in (1, 8, 15):
        cells = [cell.strip() for cell in rows[epoch].strip("|").split("|")]
        assert cells[0] == str(epoch)
        assert abs(float(cells[1]) - first[epoch - 1]) < 1e-4
        assert abs(float(cells[2]) - second[epoch - 1]) < 1e-4
    needed = [cell.strip() for cell in rows[16].strip("|").split("|")]
    persistence = [expected_val_losses(mine.train, s, 260, 12)[1] for s in (71, 72)]
    assert needed == ["required at the end", *(f"below {0.5 * p:.4f}" for p in persistence)]
    assert "validation loss per epoch" in section  # the text plot
