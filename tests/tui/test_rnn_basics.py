"""6.4.2 in the app: predict a shape wrongly, see the reason, then step the trace."""

from __future__ import annotations

from pathlib import Path

import torch
from textual.widgets import Input, Static

from lessons.store import Store
from tui.app import TutorApp
from tui.panels.parameters import ParametersPanel
from tui.panels.shape_failures import FailuresPanel
from tui.panels.shape_lab import ShapeLabPanel
from tui.panels.trace import TracePanel

from .helpers import engine_ready, settle, showing, shown, type_text


async def test_predict_wrongly_see_why_then_step_the_trace(tmp_path: Path) -> None:
    app = TutorApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await engine_ready(app)
        app.open_lesson("rnn-basics", "lab")
        await settle(pilot)
        screen = app.screen
        assert showing(screen, "rnn-basics")
        assert app.focused is screen.query_one("#guess-output", Input)
        # The default lab module: nn.LSTM(5, 16, batch_first=True) on [3, 7, 5].
        await type_text(pilot, "3 7 16")
        await pilot.press("tab")
        await type_text(pilot, "3 1 16")  # the classic slip: h_n laid out batch first
        await pilot.press("tab")
        await type_text(pilot, "1 3 16")
        await pilot.press("enter")
        await settle(pilot)
        result = shown(screen.query_one("#lab-result", Static))
        assert "batch_first does not apply to h_n" in result
        assert "✓ (3, 7, 16)" in result and "✗ (3, 1, 16)" in result

        # The drill deals a new configuration and counts the streak.
        await pilot.press("escape", "d")
        assert "drill #1 · streak 0" in shown(screen.query_one("#drill-status", Static))
        lab = screen.query_one(ShapeLabPanel)
        await pilot.pause()
        assert lab.current_config() == lab.dealt

        await pilot.press("escape", "t")
        await settle(pilot)
        trace = screen.query_one(TracePanel)
        assert app.focused is trace
        await pilot.press("r")  # a new seed: a run the learner chose, so it is recorded
        await settle(pilot)
        await pilot.press("right", "right")
        view = shown(screen.query_one("#trace-view", Static))
        assert "t = 2 (step 3 of 12" in view
        # The step shown is nn.RNN's own output, rebuilt here from the recorded run.
        run = Store.open(tmp_path).runs("rnn-basics", "trace")[-1]
        rnn = torch.nn.RNN(3, 8, batch_first=True)
        rnn.load_state_dict({k: torch.tensor(v) for k, v in run.result["state_dict"].items()})
        output, _ = rnn(torch.tensor(run.result["input"]).unsqueeze(0))
        row = " ".join(f"{value:+.2f}" for value in output[0, 2].tolist())
        assert row in view
        await pilot.press("left")
        assert "t = 1 (step 2 of 12" in shown(screen.query_one("#trace-view", Static))

        # Tabs are built on their first visit; they still show the module the lab dealt.
        assert not screen.query(ParametersPanel) and not screen.query(FailuresPanel)
        await pilot.press("f", "1")
        await settle(pilot)
        failure = shown(screen.query_one("#failure-result", Static))
        sizes = f"input_size={lab.dealt.features}, hidden_size={lab.dealt.hidden}"
        assert "Time-major data fed to a batch_first model (run #" in failure and sizes in failure
        await pilot.press("a")
        await settle(pilot)
        params = shown(screen.query_one("#params-view", Static))
        assert "they agree" in params and f"model = {lab.dealt.module_call()}" in params

    store = Store.open(tmp_path)
    [prediction] = store.attempts("rnn-basics", "prediction")
    assert prediction.correct is False
    tasks = [run.task for run in store.runs("rnn-basics")]
    assert {"shapes", "trace", "shape-failure"} <= set(tasks)


def test_a_bidirectional_run_shows_where_the_final_states_are() -> None:
    import io

    from rich.console import Console

    from engine.shapes import ShapesConfig
    from engine.shapes import run as run_shapes
    from tui.panels.shape_lab import _result_view

    result = run_shapes(ShapesConfig(cell="gru", bidirectional=True, hidden=4))
    console = Console(width=100, file=io.StringIO(), record=True, color_system=None)
    console.print(_result_view(result, {}, {}, 7))
    text = console.export_text()
    assert "output[:, 0, 4:]  vs h_n[-1] (backward): 0.0e+00" in text
    last = result.final_states["backward_last_step"]
    assert f"output[:, -1, 4:] vs h_n[-1] (backward): {last:.1e}" in text and last > 0
    plain = run_shapes(ShapesConfig(cell="gru", hidden=4))
    console = Console(width=100, file=io.StringIO(), record=True, color_system=None)
    console.print(_result_view(plain, {}, {}, 8))
    assert "final states" not in console.export_text()
