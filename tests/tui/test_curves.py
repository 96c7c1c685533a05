"""Curves: what a plot shows is worked out in the app; plotext draws it on a thread."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from tui.widgets import curves
from tui.widgets.curves import CurvePlot, Line, Series, draw, figure

from .helpers import until


def test_a_log_figure_has_decade_ticks_and_logged_values() -> None:
    curve = Series("val", [0, 10, 20], [1.0, 0.1, 0.001], marker="G")
    shown = figure([curve], [Line("baseline", 0.5)], True, "loss", "step", (0, 20))
    ((xs, ys, marker, _color),) = shown.curves
    assert xs == [0, 10, 20] and marker == "G"
    assert ys == [math.log10(1.0), math.log10(0.1), math.log10(0.001)]
    assert shown.lines == ((math.log10(0.5), "gray"),)
    ticks, labels = shown.y_ticks
    assert ticks[0] <= -3 and ticks[-1] >= 0 and "1e-03" in labels and "1e+00" in labels
    assert shown.x_ticks == ([0.0, 5.0, 10.0, 15.0, 20.0], ["0", "5", "10", "15", "20"])


def test_nothing_to_show_is_an_empty_figure() -> None:
    assert figure([Series("val", [], [])], [], True, "", "", None).empty


def _shown(plot: CurvePlot) -> str:
    return "\n".join(plot.render_line(y).text for y in range(plot.size.height))


class PlotApp(App):
    def compose(self) -> ComposeResult:
        yield CurvePlot("Nothing yet.")


async def test_the_plot_shows_a_placeholder_then_the_curves_drawn_on_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = []

    def drawing(*args):
        threads.append(threading.current_thread())
        return draw(*args)

    monkeypatch.setattr(curves, "draw", drawing)
    app = PlotApp()
    async with app.run_test(size=(80, 16)) as pilot:
        plot = app.query_one(CurvePlot)
        assert _shown(plot).strip() == "Nothing yet."
        plot.show([Series("GRU val", [0, 50, 100], [0.2, 0.02, 0.002], marker="G")])
        await until(pilot, lambda: "1e-02" in _shown(plot))
        drawn = _shown(plot)
        assert "G" in drawn and "100" in drawn and len(drawn.splitlines()) == plot.size.height
        assert threads and threading.main_thread() not in threads


async def test_a_drawn_plot_survives_no_color_and_a_resize(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NO_COLOR makes Textual pass every line through a monochrome filter, which failed on the
    unstyled padding of the drawn lines (found over SSH with TERM=vt100 NO_COLOR=1), and on the
    padding of the old, narrower drawing shown while a wider one is drawn."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = PlotApp()
    async with app.run_test(size=(60, 16)) as pilot:
        plot = app.query_one(CurvePlot)
        plot.show([Series("GRU val", [0, 50, 100], [0.2, 0.02, 0.002], marker="G")])
        await until(pilot, lambda: "1e-02" in _shown(plot))
        await pilot.pause()  # a frame is drawn through the filter (it raised before the fix)
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        await until(pilot, lambda: len(_shown(plot).splitlines()[0]) == 100)
        assert app.no_color
