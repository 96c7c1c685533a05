"""A heat table of counts (a confusion matrix): every cell prints its count, so it reads without
colour; a shade block beside the count and a colour add the count's share of its row.

Rows and columns carry short labels (two-letter codes), so ten columns fit in 60 columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from tui.widgets.heat import BLOCKS, POSITIVE

ZERO = "·"  # a zero count: a dot, lighter than any digit


def shade(share: float) -> int:
    """The block for a share of the row, 0 to 1: ░ below a quarter, ▒, ▓, █ from three quarters."""
    return min(len(BLOCKS) - 1, int(max(share, 0.0) * len(BLOCKS)))


def cell(count: int, row_total: int, width: int, diagonal: bool = False) -> Text:
    """The count right-aligned in `width` columns and its shade block: `width + 1` columns."""
    if count == 0:
        return Text(f"{ZERO:>{width}} ", style="dim")
    level = shade(count / row_total if row_total else 0.0)
    style = POSITIVE[level] + (" bold" if diagonal else "")
    return Text(f"{count:>{width}}{BLOCKS[level]}", style=style)


def table(
    counts: Sequence[Sequence[int]],
    labels: Sequence[str],
    corner: str = "",
    extra: tuple[str, Sequence[str]] | None = None,
) -> Table:
    """Rows and columns both named by `labels` (true and predicted class for a confusion
    matrix); `extra` is a last column (a heading and a value per row), per-class accuracy say."""
    width = max([len(str(value)) for row in counts for value in row] + [max(map(len, labels))])
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    for _ in labels:
        grid.add_column(justify="right", no_wrap=True)
    if extra is not None:
        grid.add_column(justify="right", no_wrap=True)
    heading = [Text(corner, style="dim")]
    heading += [Text(f"{label:>{width}} ", style="bold") for label in labels]
    if extra is not None:
        heading.append(Text(extra[0], style="bold"))
    grid.add_row(*heading)
    for r, (label, row) in enumerate(zip(labels, counts, strict=True)):
        total = sum(row)
        cells = [cell(value, total, width, diagonal=r == c) for c, value in enumerate(row)]
        if extra is not None:
            cells.append(Text(extra[1][r]))
        grid.add_row(Text(label, style="bold"), *cells)
    return grid


def legend() -> Text:
    """What the shade blocks say (the counts say the rest)."""
    text = Text("shade: share of the row:", style="dim")
    for level, block in enumerate(BLOCKS):
        high = (level + 1) / len(BLOCKS)
        text.append(f" {block}", style=POSITIVE[level])
        words = f" <{high:.2f}" if level < len(BLOCKS) - 1 else f" ≥{level / len(BLOCKS):.2f}"
        text.append(words, style="dim")
    text.append(f"  {ZERO} none", style="dim")
    return text
