"""A terminal line plot (plotext) for curves: a few labelled series, optional reference lines.

Each series gets its own marker letter, so the lines tell apart without colour too. Where two
lines cross or run together one hides the other, so callers print a legend that gives every
series' last value beside its marker: a hidden line is still read.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from rich.columns import Columns
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

MAX_POINTS = 500  # plotext slows down past this; curves are downsampled evenly
NULL_STYLE = Style.null()
NARROW = 40  # columns: a plot narrower than this gets every other x tick
LOG_FLOOR = 1e-12  # log plots cannot show 0; values below sit on this floor


@dataclass(frozen=True)
class Series:
    label: str
    xs: Sequence[float]
    ys: Sequence[float]
    marker: str = "•"
    color: str | None = None
    style: str | None = None  # plotext's: "dim" for a curve that matters less (training loss)


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


def last_value(value: float) -> str:
    """A curve's value in a legend: four significant digits (callers pass their own rule)."""
    return f"{value:.4g}" if math.isfinite(value) else "not finite"


def legend(series: Sequence[Series], value=last_value) -> Columns:
    """The key with each series' last value ("G GRU val 0.0141"), laid out in columns that
    wrap between entries, never inside one."""
    entries = []
    for one in series:
        entry = Text(no_wrap=True, overflow="ellipsis")
        entry.append(f"{one.marker} ", style=f"bold {one.color}" if one.color else "bold")
        entry.append(one.label)
        entry.append(f" {value(one.ys[-1])}" if one.ys else " -", style="bold")
        entries.append(entry)
    return Columns(entries, padding=(0, 2))


def downsample(xs: Sequence[float], ys: Sequence[float]) -> tuple[list[float], list[float]]:
    if len(xs) <= MAX_POINTS:
        return list(xs), list(ys)
    stride = len(xs) / MAX_POINTS
    picks = sorted({int(i * stride) for i in range(MAX_POINTS)} | {len(xs) - 1})
    return [xs[i] for i in picks], [ys[i] for i in picks]


@dataclass(frozen=True)
class Figure:
    """What a plot shows, worked out from the caller's curves: plotext only draws it."""

    title: str
    xlabel: str
    # xs, ys, marker, colour, plotext style
    curves: tuple[tuple[list[float], list[float], str, str | None, str | None], ...]
    lines: tuple[tuple[float, str], ...]  # y, colour
    y_ticks: tuple[list[float], list[str]] | None
    x_ticks: tuple[list[float], list[str]] | None
    x_limits: tuple[float, float] | None = None

    @property
    def empty(self) -> bool:
        return not self.curves and not self.lines


class CurvePlot(PlotextPlot):
    DEFAULT_CSS = """
    CurvePlot { height: 12; width: 1fr; }
    """

    class Drawn(Message, bubble=False):
        """A drawing is ready (sent from the drawing thread)."""

        def __init__(self, wanted: tuple, lines: list[Strip]) -> None:
            super().__init__()
            self.wanted = wanted
            self.lines = lines

    def __init__(self, placeholder: str = "Nothing plotted yet.", **kwargs) -> None:
        super().__init__(**kwargs)
        self.placeholder = placeholder
        self.figure: Figure | None = None
        self.version = 0  # bumped by each show()
        self._drawn: tuple[tuple, list[Strip]] | None = None  # for (version, width, height, theme)
        self._note: tuple[tuple[str, int, int], list[Strip]] | None = None  # a line of text
        self._drawing = False

    def render_line(self, y: int) -> Strip:
        # Textual's line API: the lines come ready-made from the drawing thread. Turning
        # plotext's coloured text into lines took another 4-8 ms in the event loop.
        lines = self._lines()
        width = self.size.width
        # (Padding with a style too: see to_lines. Old lines are shown until a resize's arrive.)
        if y < len(lines):
            return lines[y].adjust_cell_length(width, NULL_STYLE)
        return Strip.blank(width, NULL_STYLE)

    def _lines(self) -> list[Strip]:
        if self.figure is None or self.figure.empty:
            # Empty axes say nothing; a line of text says what will appear.
            return self._note_lines(self.placeholder)
        width, height = self.size
        wanted = (self.version, width, height, self.plotext_theme())
        if self._drawn is not None and self._drawn[0] == wanted:
            return self._drawn[1]
        self._draw_soon(wanted)
        # Until the new drawing is ready, the last one (a race's curves a quarter second ago).
        return self._drawn[1] if self._drawn is not None else self._note_lines("Drawing…")

    def plotext_theme(self) -> str:
        """The plotext theme to draw with: textual-plotext's own, under the name it registers
        with plotext for the app's theme ("auto", the default, follows the app's theme)."""
        return f"textual-auto-{self.app.theme}" if self.theme == "auto" else self.theme

    def _note_lines(self, note: str) -> list[Strip]:
        """A dim line of text in the plot's place, made once per text and size (Textual asks
        for the plot line by line)."""
        key = (note, *self.size)
        if self._note is None or self._note[0] != key:
            self._note = (key, to_lines(Text(note, style="dim"), *self.size))
        return self._note[1]

    def _draw_soon(self, wanted: tuple) -> None:
        # plotext is pure Python and takes 6-20 ms a figure here, long enough to make typing
        # stutter during a race if drawn in the event loop; a thread draws it instead (it holds
        # the interpreter lock 5 ms at a time at most). One drawing at a time: plotext's figure
        # is this widget's own and is touched only by that thread. (Not an exclusive worker:
        # cancelling a thread worker does not stop its thread, and two would share the figure.)
        if not self._drawing and self.figure is not None:
            self._drawing = True
            self.run_worker(
                partial(self._draw, wanted, self.figure),
                name="plot drawing",
                group="plot-drawing",
                thread=True,
                exit_on_error=False,
            )

    def _draw(self, wanted: tuple, figure: Figure) -> None:
        _version, width, height, theme = wanted
        try:
            lines = to_lines(draw(self.plt, figure, width, height, theme), width, height)
        except Exception as error:  # said on screen; the next show() tries again
            lines = to_lines(Text(f"The plot could not be drawn: {error}", style="red"), width, 1)
        # Always handed back, or _drawing would stay set and the plot never redraw.
        # (post_message is thread-safe; it finds the app through the plot's parents, and raises
        # RuntimeError if the plot was taken off the screen meanwhile, or the app has closed.)
        with contextlib.suppress(RuntimeError):
            self.post_message(self.Drawn(wanted, lines))

    def on_curve_plot_drawn(self, message: Drawn) -> None:
        self._drawing = False
        self._drawn = (message.wanted, message.lines)
        self.refresh()  # draws again if the curves or the size changed meanwhile

    def show(
        self,
        series: Sequence[Series],
        lines: Sequence[Line] = (),
        log_y: bool = True,
        title: str = "",
        xlabel: str = "",
        x_range: tuple[float, float] | None = None,
        y_range: tuple[float, float] | None = None,
        x_ticks: tuple[list[float], list[str]] | None = None,
    ) -> None:
        """y_range: values the y axis must reach (plots side by side share a scale so; an
        accuracy's axis reaches 0 and 1).
        x_ticks: positions and labels of the x axis's ticks (years, say), instead of numbers."""
        self.figure = figure(series, lines, log_y, title, xlabel, x_range, y_range, x_ticks)
        self.version += 1
        self.refresh()


def figure(
    series: Sequence[Series],
    lines: Sequence[Line],
    log_y: bool,
    title: str,
    xlabel: str,
    x_range: tuple[float, float] | None,
    y_range: tuple[float, float] | None = None,
    x_ticks: tuple[list[float], list[str]] | None = None,
) -> Figure:
    # Log scale is done here, not with plotext's yscale("log"): plotext re-applies the log
    # each time the plot is rebuilt (any resize), which fails on the already-logged values.
    scale = _log10 if log_y else float
    curves = []
    for one in series:
        xs, ys = downsample(one.xs, one.ys)
        if xs:
            curves.append((xs, [scale(y) for y in ys], one.marker, one.color, one.style))
    shown = [y for _, ys, *_ in curves for y in ys] + [scale(line.y) for line in lines]
    if curves and y_range is not None:
        shown += [scale(y_range[0]), scale(y_range[1])]
    y_ticks = None
    if log_y and shown:
        ticks = _decades(min(shown), max(shown))
        y_ticks = (ticks, [f"{10**tick:.0e}" for tick in ticks])
    elif y_range is not None and shown:
        # A linear axis that must reach y_range (0 to 1 for an accuracy), so a reference line
        # near the edge of the data (a baseline) is not drawn on the frame: ticks at both ends,
        # the middle, and each line's value, which labels the line (a tick between would share
        # its row on a short plot and misplace the line by a row).
        low, high = min(shown), max(shown)
        if high > low:
            ends = {low, (low + high) / 2, high}
            ticks = sorted(ends | {float(line.y) for line in lines})
            y_ticks = (ticks, [f"{tick:.3g}" for tick in ticks])
    xs_all = [x for one in series for x in one.xs]
    if x_range is None and xs_all and all(float(x).is_integer() for x in xs_all):
        x_range = (min(xs_all), max(xs_all))
    if x_ticks is None and x_range is not None and x_range[1] > x_range[0]:
        low, high = x_range
        ticks = [round(low + (high - low) * k / 4) for k in range(5)]
        x_ticks = ([float(tick) for tick in ticks], [str(tick) for tick in ticks])
    return Figure(
        title,
        xlabel,
        tuple(curves),
        tuple((scale(line.y), line.color) for line in lines),
        y_ticks,
        x_ticks,
        x_range if x_range is not None and x_range[1] > x_range[0] else None,
    )


def year_ticks(
    start: float, per_year: float, low: float, high: float, most: int = 5
) -> tuple[list[float], list[str]]:
    """Ticks at whole years for a series whose step `low` to `high` are counted from a first
    value at year `start` (1700.0; 1958.24 for a late-March start), `per_year` steps a year."""
    first, last = start + low / per_year, start + high / per_year
    span = max(last - first, 1.0)
    gap = next(g for g in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if span / g < most)
    years = range(math.ceil(first / gap) * gap, math.floor(last) + 1, gap)
    return [(year - start) * per_year for year in years], [str(year) for year in years]


def to_lines(text: Text, width: int, height: int) -> list[Strip]:
    """Text as the lines of a width x height area (a console of its own: safe on a thread)."""
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        color_system="truecolor",
        legacy_windows=False,
    )
    options = console.options.update_dimensions(width, height)
    lines = console.render_lines(text, options, pad=True)
    # Every segment gets a style: Rich pads with unstyled ones, and Textual's colour filters
    # (the monochrome one under NO_COLOR) fail on a missing style.
    return [Strip([Segment(t, s or NULL_STYLE, c) for t, s, c in line], width) for line in lines]


def draw(plt: Plot, figure: Figure, width: int, height: int, theme: str) -> Text:
    """The figure drawn by plotext at this size, as styled text."""
    plt.clear_data()
    plt.clear_figure()
    plt.title(figure.title)
    plt.xlabel(figure.xlabel)
    for xs, ys, marker, color, style in figure.curves:
        # No plotext legend: it covers the curves at this size; callers print a key.
        plt.plot(xs, ys, marker=marker, color=color, style=style)
    for y, color in figure.lines:
        plt.horizontal_line(y, color=color)
    if figure.y_ticks is not None:
        ticks, labels = figure.y_ticks
        plt.ylim(ticks[0], ticks[-1])
        plt.yticks(ticks, labels)
    if figure.x_limits is not None:
        plt.xlim(*figure.x_limits)
    if figure.x_ticks is not None:
        ticks, labels = figure.x_ticks
        if width < NARROW and len(ticks) > 3:  # five labels crowd a plot a third of 80 wide
            ticks, labels = ticks[::2], labels[::2]
        plt.xticks(ticks, labels)
    # plotsize alone caps the figure at the size of the terminal plotext finds on stdout (80x24
    # when stdout is not a terminal; under `serve`, the browser's width when it connected), so a
    # plot wider than that would be cut. textual-plotext's own render() follows plotsize with
    # the figure's _set_size for this reason (textual-plotext issue 5), and so does this: the
    # one private call left, since textual-plotext's figure has no public way to lift the cap
    # (plotext's public limit_size acts on plotext's global figure, not on this one).
    plt.plotsize(width, height)
    plt._set_size(width, height)
    plt.theme(theme)
    return Text.from_ansi(plt.build())


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
