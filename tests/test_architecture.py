"""Arrows point one way: engine and lessons never import textual; the UI never imports torch."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def modules_after(code: str) -> set[str]:
    probe = textwrap.dedent(code) + "\nimport sys\nprint('\\n'.join(sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split())


def test_engine_and_lessons_do_not_import_textual() -> None:
    loaded = modules_after(
        """
        import engine.server, engine.shape_check, engine.tasks, engine.validation
        import lessons.catalog, lessons.evidence, lessons.experiment, lessons.paths
        import lessons.progress, lessons.quiz, lessons.store
        from engine.shape_check import run, ShapeCheckConfig
        run(ShapeCheckConfig())
        """
    )
    assert "torch" in loaded  # the probe really ran a task
    assert {name for name in loaded if name.split(".")[0] in {"textual", "rich"}} == set()


def test_the_ui_does_not_import_torch() -> None:
    loaded = modules_after(
        """
        import tui.app, tui.cli, tui.engine_client
        import tui.screens.lesson, tui.panels, tui.screens.help, tui.screens.coming_soon
        import tui.screens.export_dialog
        """
    )
    assert "textual" in loaded
    assert "torch" not in loaded
    assert "numpy" not in loaded


def test_the_lesson_list_loads_without_statsmodels_or_pandas() -> None:
    # The lesson list poses every quiz question, and one reads a series' length: the real
    # series are plain CSV files, and importing statsmodels to find them costs most of a second
    # of the first frame.
    loaded = modules_after(
        """
        from lessons import catalog
        assert catalog.lessons()
        from engine import series
        assert len(series.load("co2").values) > 2000
        """
    )
    assert {name.split(".")[0] for name in loaded} & {"statsmodels", "pandas", "scipy"} == set()


def test_every_panel_records_runs_through_one_path() -> None:
    """Recording a run, its prediction, the lesson's status and the "passed" notice happen in
    tui.run_record alone: a panel that does them itself drifts (it did, nine times)."""
    panels = Path(__file__).resolve().parent.parent / "tui" / "panels"
    for source in panels.glob("*.py"):
        text = source.read_text()
        for call in ("record_run(", "refresh_status(", "RunRecorded("):
            assert call not in text, f"{source.name} calls {call} itself; use tui.run_record"
