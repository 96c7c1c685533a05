"""A layout that sets one-line fields left to right and starts a new line when the next one
does not fit, so a row of fields stays whole in a narrow terminal (60 columns) instead of
scrolling some of its fields out of sight.

Every field is one line high (a row holds compact inputs, toggles, cyclers and labels). A label
stays on the line of the field after it. A field whose width is in fr takes its min-width (or
FR_MIN) to decide where lines break, then shares what is left of its line with the line's other
fr fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from textual.css.scalar import Unit
from textual.geometry import NULL_OFFSET, Region, Size, Spacing
from textual.layout import ArrangeResult, Layout, WidgetPlacement
from textual.widget import Widget
from textual.widgets import Label

FR_MIN = 10  # columns an fr field needs at least, unless its min-width says otherwise


@dataclass
class Item:
    widget: Widget
    width: int  # columns, the margins not counted
    margin: Spacing
    fr: Fraction  # 0 unless the width is in fr


class FlowLayout(Layout):
    name = "flow"

    def arrange(
        self, parent: Widget, children: list[Widget], size: Size, greedy: bool = True
    ) -> ArrangeResult:
        parent.pre_layout(self)
        viewport = parent.app.viewport_size
        items = [_measure(child, size, viewport) for child in children]
        placements: list[WidgetPlacement] = []
        for y, line in enumerate(lines(items, size.width)):
            share_free_columns(line, size.width if greedy else 0)
            x = 0
            previous = 0  # the right margin of the field before
            for item in line:
                x += max(previous, item.margin.left) if x else item.margin.left
                width = max(1, min(item.width, size.width - x)) if size.width else item.width
                region = Region(x, y, width, 1)
                placements.append(WidgetPlacement(region, NULL_OFFSET, item.margin, item.widget))
                x += width
                previous = item.margin.right
        return placements

    def get_content_height(
        self, widget: Widget, container: Size, viewport: Size, width: int
    ) -> int:
        # The lines do not depend on the height: measuring at height 0 hits the same cached
        # arrangement every time the panel lays itself out.
        arrangement = widget.arrange(Size(width, 0))
        return arrangement.total_region.bottom


def lines(items: list[Item], width: int) -> list[list[Item]]:
    """The items broken into lines no wider than `width` (a field wider alone gets a line)."""
    result: list[list[Item]] = [[]]
    x = 0
    for unit in _units(items):
        needed = _span(unit, after=result[-1][-1] if result[-1] else None)
        if result[-1] and x + needed > width:
            result.append([])
            x = 0
            needed = _span(unit, after=None)
        result[-1].extend(unit)
        x += needed
    return [line for line in result if line]


def _units(items: list[Item]) -> list[list[Item]]:
    """Items that go on one line together: a label and the field after it."""
    units: list[list[Item]] = []
    glued = False
    for item in items:
        if glued:
            units[-1].append(item)
        else:
            units.append([item])
        glued = isinstance(item.widget, Label)
    return units


def _span(unit: list[Item], after: Item | None) -> int:
    """Columns `unit` takes on a line after `after` (None: at the start of a line), not counting
    the last item's right margin (a line may end at the edge)."""
    columns = 0
    previous = after.margin.right if after else None
    for item in unit:
        left = item.margin.left if previous is None else max(previous, item.margin.left)
        columns += left + item.width
        previous = item.margin.right
    return columns


def share_free_columns(line: list[Item], width: int) -> None:
    """Share the line's free columns among its fr fields."""
    total = sum(item.fr for item in line)
    if not total or not width:
        return
    used = _span(line, after=None)
    free = max(0, width - used)
    for item in line:
        if item.fr:
            item.width += int(free * item.fr / total)


def _measure(widget: Widget, container: Size, viewport: Size) -> Item:
    styles = widget.styles
    scalar = styles.width
    gutter = styles.gutter.width
    fr = Fraction(0)
    if scalar is None or scalar.is_auto:
        width = widget.get_content_width(container, viewport) + gutter
    elif scalar.unit == Unit.FRACTION:
        fr = Fraction(scalar.value)
        width = FR_MIN
    else:
        width = int(scalar.resolve(container, viewport))
        if styles.box_sizing == "content-box":
            width += gutter
    if styles.min_width is not None:
        width = max(width, int(styles.min_width.resolve(container, viewport)))
    if styles.max_width is not None and not fr:
        width = min(width, int(styles.max_width.resolve(container, viewport)))
    return Item(widget, width, styles.margin, fr)
