"""The exported mini experiment runs on its own with plain torch and prints the right shapes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.shape_check import ShapeCheckConfig
from lessons.experiment import first_loop_script
from lessons.files import write_new_file


def test_exported_script_runs_standalone(tmp_path: Path) -> None:
    config = ShapeCheckConfig(batch=6, seq_len=9, features=2, hidden=7)
    script = write_new_file(tmp_path / "rnn_first_loop.py", first_loop_script(config))
    done = subprocess.run(
        [sys.executable, "-I", str(script)],  # -I: no access to the project's packages
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        timeout=60,
    )
    # Expected by the formula: outputs [batch, seq_len, hidden], hidden [layers, batch, hidden].
    assert done.stdout.splitlines() == [
        "sequence_shape: (6, 9, 2)",
        "outputs_shape: (6, 9, 7)",
        "hidden_shape: (1, 6, 7)",
    ]


def test_never_overwrites_without_being_told(tmp_path: Path) -> None:
    target = tmp_path / "mine.py"
    target.write_text("my own work")
    with pytest.raises(FileExistsError):
        write_new_file(target, "new")
    assert target.read_text() == "my own work"
    write_new_file(target, "new", overwrite=True)
    assert target.read_text() == "new"


def test_clear_errors_for_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        write_new_file(tmp_path, "x")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_new_file(tmp_path / "missing" / "x.py", "x")
