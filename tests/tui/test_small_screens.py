"""How a row of fields breaks into lines (tui.widgets.flow), on widths given by hand."""

from __future__ import annotations

from fractions import Fraction

from textual.geometry import Spacing
from textual.widgets import Input, Label

from tui.widgets.flow import FR_MIN, Item, lines, share_free_columns


def _item(widget, width: int, right: int = 0, fr: int = 0) -> Item:
    return Item(widget, width, Spacing(0, right, 0, 0), Fraction(fr))


def _widths(result: list[list[Item]]) -> list[list[int]]:
    return [[item.width for item in line] for line in result]


def test_fields_go_on_one_line_while_they_fit_then_onto_the_next() -> None:
    items = [_item(Input(), 10, right=1) for _ in range(5)]
    # 10 + 1 + 10 + 1 + 10 = 32 fits in 32 (the last right margin may pass the edge); 43 not
    assert [len(line) for line in lines(items, 32)] == [3, 2]
    assert [len(line) for line in lines(items, 31)] == [2, 2, 1]
    assert [len(line) for line in lines(items, 100)] == [5]


def test_a_label_goes_to_the_next_line_with_its_field() -> None:
    label, field = Label("hidden"), Input()
    items = [_item(Input(), 20, right=1), _item(label, 7), _item(field, 7)]
    # "hidden" alone would fit after the first field (28 <= 30); with its field it would not.
    result = lines(items, 30)
    assert [[item.widget for item in line] for line in result] == [
        [items[0].widget],
        [label, field],
    ]


def test_a_field_wider_than_the_line_gets_a_line_of_its_own() -> None:
    items = [_item(Input(), 5), _item(Input(), 50), _item(Input(), 5)]
    assert _widths(lines(items, 20)) == [[5], [50], [5]]


def test_fr_fields_share_what_is_left_of_their_line() -> None:
    line = [
        _item(Label("a"), 2),
        _item(Input(), FR_MIN, right=2, fr=1),
        _item(Input(), FR_MIN, fr=2),
    ]
    share_free_columns(line, 40)
    # used: 2 + 10 + 2 + 10 = 24; free 16, shared 1:2
    assert [item.width for item in line] == [2, 10 + 5, 10 + 10]
