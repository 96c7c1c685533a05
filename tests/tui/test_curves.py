"""Curves: what a plot shows is worked out in the app; plotext draws it on a thread."""

from __future__ import annotations

import io
import math
import threading
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App, ComposeResult
from textual_plotext.plot import Plot

from tui.widgets import curves
from tui.widgets.curves import CurvePlot, Line, Series, draw, figure, legend, year_ticks

from .helpers import until


def test_a_log_figure_has_decade_ticks_and_logged_values() -> None:
    curve = Series("val", [0, 10, 20], [1.0, 0.1, 0.001], marker="G")
    shown = figure([curve], [Line("baseline", 0.5)], True, "loss", "step", (0, 20))
    ((xs, ys, marker, _color, _style),) = shown.curves
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


def _plain(renderable, width: int = 80) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def test_the_legend_gives_every_series_last_value_and_wraps_between_entries() -> None:
    val = Series("GRU val", [0, 1, 2], [0.5, 0.1, 0.01412], marker="G")
    hidden = Series("LSTM val", [0, 1, 2], [0.5, 0.1, 0.04503], marker="L")
    wide = _plain(legend([val, hidden]))
    assert "G GRU val 0.01412" in wide and "L LSTM val 0.04503" in wide
    narrow = _plain(legend([val, hidden]), width=24).splitlines()
    assert "G GRU val 0.01412" in narrow[0] and "L LSTM val 0.04503" in narrow[1]


def test_year_ticks_sit_at_whole_years_counted_from_the_first_value() -> None:
    ticks, labels = year_ticks(1700.0, 1.0, 0, 308)  # sunspots: 1700-2008
    assert labels == ["1700", "1800", "1900", "2000"] and ticks == [0, 100, 200, 300]
    ticks, labels = year_ticks(1950.0, 12.0, 0, 731)  # monthly from January 1950 to 2010
    assert labels == ["1960", "1980", "2000"] and ticks == [10 * 12, 30 * 12, 50 * 12]
    ticks, labels = year_ticks(1958.24, 52.0, 0, 52 * 10)  # weekly from late March 1958
    assert labels[0] == "1960" and ticks[0] == pytest.approx(1.76 * 52)


def test_plots_side_by_side_share_a_y_scale_and_a_narrow_one_thins_its_x_ticks() -> None:
    small = Series("val", [0, 10, 20], [0.1, 0.05, 0.02])
    shared = figure([small], [], True, "", "", (0, 20), y_range=(0.001, 1.0))
    ticks, _ = shared.y_ticks
    assert ticks[0] <= -3 and ticks[-1] >= 0
    alone = figure([small], [], True, "", "", (0, 20))
    assert alone.y_ticks[0][0] > -3
    ticks_line = draw(Plot(), shared, 38, 10, "clear").plain.splitlines()[-1]
    assert ticks_line.split() == ["0", "10", "20"]  # plotext itself would fit 0 5 10 15 20
