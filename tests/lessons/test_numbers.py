"""One rule per quantity: the decimals of a column line up."""

from __future__ import annotations

from lessons.numbers import in_units, loss
from lessons.practice_text import number


def test_losses_have_four_decimals_and_tiny_ones_an_exponent() -> None:
    assert [loss(v) for v in (0.15996, 0.0141, 0.045)] == ["0.1600", "0.0141", "0.0450"]
    assert loss(3e-5) == "3.0e-05" and loss(None) == "-" and loss(float("nan")) == "not finite"


def test_errors_in_series_units_keep_four_significant_digits_and_their_zeros() -> None:
    assert [in_units(v) for v in (21.6, 21.37, 0.0844, 5.0)] == [
        "21.60",
        "21.37",
        "0.08440",
        "5.000",
    ]
    assert in_units(912.25) == "912.2" and in_units(1234.0) == "1234"  # no bare point


def test_ratios_have_three_decimals() -> None:
    assert number(0.5123) == "0.512" and number(float("inf")) == "not finite"
