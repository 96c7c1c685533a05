"""Heat strips: numbers as coloured cells that also read without colour.

Each cell is two characters, a sign and a block whose height grows with the magnitude, so a
vt100 terminal or NO_COLOR still shows sign and size; colour (blue +, red -) is a bonus.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

BLOCKS = "░▒▓█"
NEAR_ZERO = 0.05
POSITIVE = ("#5f87af", "#5fafd7", "#5fd7ff", "#afffff")
NEGATIVE = ("#af5f5f", "#d75f5f", "#ff5f5f", "#ffafaf")


def cell(value: float, scale: float = 1.0) -> Text:
    """Two characters for one value; `scale` is the magnitude that fills a whole block."""
    if value != value:  # nan
        return Text("??", style="bold magenta")
    size = abs(value) / scale if scale else 0.0
    if size < NEAR_ZERO:
        return Text(" ·", style="dim")
    level = min(len(BLOCKS) - 1, int(size * len(BLOCKS)))
    sign, colours = ("+", POSITIVE) if value > 0 else ("-", NEGATIVE)
    return Text(sign + BLOCKS[level], style=colours[level])


def strip(values: Sequence[float], scale: float = 1.0) -> Text:
    text = Text()
    for value in values:
        text.append_text(cell(value, scale))
    return text


def grid(
    columns: Sequence[Sequence[float]],
    row_label: str = "h",
    scale: float = 1.0,
    labels: Sequence[str] | None = None,
) -> Table:
    """Rows are units (h[0], h[1], ...) or named `labels`, columns are time steps."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="dim", no_wrap=True)
    table.add_column(no_wrap=True)
    units = len(columns[0]) if columns else 0
    steps = Text()
    for t in range(len(columns)):
        steps.append(f"{t:<2}" if t % 5 == 0 and t < 100 else "  ", style="dim")
    table.add_row(Text("t"), steps)
    for unit in range(units):
        label = labels[unit] if labels else f"{row_label}[{unit}]"
        table.add_row(Text(label), strip([column[unit] for column in columns], scale))

    return table


def legend(scale: float = 1.0) -> Text:
    text = Text("scale: ", style="dim")
    for level, block in enumerate(BLOCKS):
        low = level / len(BLOCKS) * scale
        text.append(f"+{block}", style=POSITIVE[level])
        text.append(f"≥{max(low, NEAR_ZERO * scale):.2g} ", style="dim")
    text.append(" · ", style="dim")
    text.append("≈0, ", style="dim")
    text.append("-", style=NEGATIVE[2])
    text.append(" negative", style="dim")
    return text
