"""The exported portfolio: notes verbatim, citations with their numbers, the runnable script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from engine.shape_check import ShapeCheckConfig
from engine.tasks import get_task
from lessons.experiment import first_loop_script
from lessons.report import export, fenced
from lessons.store import Store

NOTE = "h[t-1] = tanh(W h[t-1]) [/] [@click=app.quit]x[/] ``` and *stars*"


def test_notes_are_verbatim_and_citations_survive_a_restart(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.save_note("hidden", NOTE)
    config = {"cell": "gru", "layers": 2}
    run_id = store.record_run("rnn-basics", "shapes", config, get_task("shapes").run(config))
    store.cite("hidden", run_id)
    store.close()

    again = Store.open(tmp_path)
    assert [run.id for run in again.citations("hidden")] == [run_id]
    text = export(again)
    assert NOTE in text
    assert fenced(NOTE) in text  # inside a fence longer than the note's own backticks
    assert f"**Run #{run_id}**" in text
    assert "output (3, 7, 16)" in text  # the cited run's numbers, as torch computed them


def test_the_exported_script_runs(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    config = {"batch": 4, "hidden": 7}
    store.record_run("roadmap", "shape-check", config, get_task("shape-check").run(config))
    text = export(store)
    script = text.split("```python\n")[1].split("\n```")[0]
    path = tmp_path / "rnn_first_loop.py"
    path.write_text(script)
    done = subprocess.run(
        [sys.executable, "-I", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines()[1:] == ["outputs_shape: (4, 3, 7)", "hidden_shape: (1, 4, 7)"]


def test_the_portfolio_embeds_the_script_as_exported(tmp_path: Path) -> None:
    """The pass check cites the exported file: the portfolio shows that file's sizes, not the
    defaults (the learner exported new sizes without running the shape check again)."""
    store = Store.open(tmp_path)
    path = tmp_path / "rnn_first_loop.py"
    path.write_text(first_loop_script(ShapeCheckConfig(batch=6, hidden=9)))
    store.record_export("script", str(path))
    text = export(store)
    assert "torch.randn(6, 3, 5)" in text and "hidden_size=9" in text
    assert "torch.randn(2, 3, 5)" not in text
    path.unlink()  # moved away: the defaults, and a word that it is gone
    text = export(store)
    assert "no longer there" in text and "torch.randn(2, 3, 5)" in text


def test_fences_outgrow_the_text() -> None:
    assert fenced("plain").startswith("```text\n")
    assert fenced("a ```` b").startswith("`````text\n")


def test_the_portfolio_holds_each_passing_exercise_as_written(tmp_path) -> None:
    from lessons.report import export
    from lessons.store import Store

    store = Store.open(tmp_path)
    store.record_exercise_check("gru-cell", "lstm-gru", True, "", False, "first = 'passed'\n")
    store.record_exercise_check("gru-cell", "lstm-gru", False, "one step", False, "broken = 1\n")
    store.record_exercise_check("windows", "sequence-practice", False, "shapes", False, "no = 1\n")
    text = export(store)
    section = text.split("## Your exercises, as you wrote them", 1)[1]
    assert "### gru-cell (passed its checks)" in section and "first = 'passed'" in section
    assert "broken = 1" not in text and "windows" not in section  # failing code is not shown
