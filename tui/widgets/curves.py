"""A terminal line plot (plotext) for curves: a few labelled series, optional reference lines.

Each series gets its own marker letter, so the lines tell apart without colour too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual_plotext import PlotextPlot

MAX_POINTS = 500  # plotext slows down past this; curves are downsampled evenly
LOG_FLOOR = 1e-12  # log plots cannot show 0; values below sit on this floor


@dataclass(frozen=True)
class Series:
    label: str
    xs: Sequence[float]
    ys: Sequence[float]
    marker: str = "•"
    color: str | None = None


@dataclass(frozen=True)
class Line:
    label: str
    y: float
    color: str = "gray"


def key(series: Sequence[Series]) -> Text:
    """A one-line key to the markers, shown under the plot."""
    text = Text()
    for one in series:
        text.append(f"{one.marker} ", style=f"bold {one.color}" if one.color else "bold")
        text.append(f"{one.label}  ")
    return text


def downsample(xs: Sequence[float], ys: Sequence[float]) -> tuple[list[float], list[float]]:
    if len(xs) <= MAX_POINTS:
        return list(xs), list(ys)
    stride = len(xs) / MAX_POINTS
    picks = sorted({int(i * stride) for i in range(MAX_POINTS)} | {len(xs) - 1})
    return [xs[i] for i in picks], [ys[i] for i in picks]


class CurvePlot(PlotextPlot):
    DEFAULT_CSS = """
    CurvePlot { height: 12; width: 1fr; }
    """

    def __init__(self, placeholder: str = "Nothing plotted yet.", **kwargs) -> None:
        super().__init__(**kwargs)
        self.placeholder = placeholder
        self.empty = True  # nothing shown yet: draw the placeholder, not empty axes
        self.version = 0  # bumped by each show(): the drawing below is for one version
        self._drawn: tuple[tuple, Text] | None = None

    def render(self) -> Text:
        if self.empty:
            # Empty axes say nothing, and plotext takes milliseconds to draw them as the panel
            # opens; a line of text says what will appear.
            return Text(self.placeholder, style="dim")
        # Textual renders a widget again on every layout change around it (a tab's panel
        # mounting, a message line growing); plotext rebuilds the whole figure each time, about
        # 15 ms. The same curves at the same size and theme are drawn once.
        drawn_for = (self.version, self.size, self.app.theme, self.theme)
        if self._drawn is None or self._drawn[0] != drawn_for:
            self._drawn = (drawn_for, super().render())
        return self._drawn[1]

    def show(
        self,
        series: Sequence[Series],
        lines: Sequence[Line] = (),
        log_y: bool = True,
        title: str = "",
        xlabel: str = "",
        x_range: tuple[float, float] | None = None,
    ) -> None:
        # Log scale is done here, not with plotext's yscale("log"): plotext re-applies the log
        # each time the plot is rebuilt (any resize), which fails on the already-logged values.
        scale = _log10 if log_y else float
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        plt.xlabel(xlabel)
        shown: list[float] = []
        for one in series:
            xs, ys = downsample(one.xs, one.ys)
            ys = [scale(y) for y in ys]
            if xs:
                # No plotext legend: it covers the curves at this size; callers print a key.
                plt.plot(xs, ys, marker=one.marker, color=one.color)
                shown += ys
        for line in lines:
            plt.horizontal_line(scale(line.y), color=line.color)
            shown.append(scale(line.y))
        if log_y and shown:
            ticks = _decades(min(shown), max(shown))
            plt.ylim(ticks[0], ticks[-1])
            plt.yticks(ticks, [f"{10**tick:.0e}" for tick in ticks])
        xs_all = [x for one in series for x in one.xs]
        if x_range is None and xs_all and all(float(x).is_integer() for x in xs_all):
            x_range = (min(xs_all), max(xs_all))
        if x_range is not None and x_range[1] > x_range[0]:
            low, high = x_range
            plt.xlim(low, high)
            ticks = [round(low + (high - low) * k / 4) for k in range(5)]
            plt.xticks(ticks, [str(tick) for tick in ticks])
        self.empty = not shown
        self.version += 1
        self.refresh()


def _log10(value: float) -> float:
    return math.log10(value) if value > LOG_FLOOR else math.log10(LOG_FLOOR)


def _decades(low: float, high: float) -> list[float]:
    """Tick positions (in log10 units) at whole decades, or halves when the range is narrow."""
    first, last = math.floor(low), math.ceil(high)
    step = 1 if last - first >= 3 else 0.5
    count = int((last - first) / step) + 1
    ticks = [first + step * k for k in range(count)]
    while len(ticks) > 7:  # keep the axis readable
        ticks = ticks[::2]
    return ticks
