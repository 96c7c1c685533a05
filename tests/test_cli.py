"""The command line is a contract: exact lines, JSON only with --json, exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess

import pytest
import torch

from tests.conftest import cli


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=120)


def test_default_shape_check_prints_exactly_the_syllabus_lines() -> None:
    done = run_cli("run", "shape-check")
    assert done.returncode == 0
    assert done.stdout == (
        "sequence_shape: (2, 3, 5)\noutputs_shape: (2, 3, 4)\nhidden_shape: (1, 2, 4)\n"
    )


def test_other_sizes_match_torch() -> None:
    done = run_cli("run", "shape-check", "--batch", "8", "--seq-len", "6", "--hidden", "10")
    outputs, hidden = torch.nn.GRU(5, 10, batch_first=True)(torch.zeros(8, 6, 5))
    assert done.stdout.splitlines()[1:] == [
        f"outputs_shape: {tuple(outputs.shape)}",
        f"hidden_shape: {tuple(hidden.shape)}",
    ]


def test_json_is_one_document_and_nothing_else() -> None:
    done = run_cli("run", "shape-check", "--features", "3", "--seed", "9", "--json")
    data = json.loads(done.stdout)
    assert data["config"] == {"batch": 2, "seq_len": 3, "features": 3, "hidden": 4, "seed": 9}
    assert data["sequence_shape"] == [2, 3, 3]
    assert data["outputs_shape"] == [2, 3, 4]
    assert data["hidden_shape"] == [1, 2, 4]
    assert data["seed"] == 9
    assert data["torch_version"] == torch.__version__


@pytest.mark.parametrize(
    "args",
    [
        ("--batch", "0"),
        ("--batch", "-4"),
        ("--hidden", "2.5"),
        ("--seq-len", "many"),
        ("--features", "999999999"),
        ("--colour", "red"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...]) -> None:
    done = run_cli("run", "shape-check", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_help_lists_the_commands_and_flags() -> None:
    top = run_cli("--help").stdout
    assert "run" in top and "--data-dir" in top
    assert "shape-check" in run_cli("run", "--help").stdout
    flags = run_cli("run", "shape-check", "--help").stdout
    for flag in ("--batch", "--seq-len", "--features", "--hidden", "--seed", "--json"):
        assert flag in flags
