"""How each quantity is written, the same in every table and sentence.

Losses (MSE, cross-entropy, in their own units): four decimals, so a column of them lines up and
reads against a baseline such as 0.1600; below 0.001, where four decimals would say 0.0000 or
one digit, two significant digits with an exponent. Errors in a series' own units (MAE, RMSE):
four significant digits, since a series may count in thousands or in hundredths. Ratios of two
errors (relative MAE, MASE): three decimals.
"""

from __future__ import annotations

import math

RATIO_DECIMALS = 3  # relative MAE and MASE: a leak's gap of a few hundredths still shows


def loss(value: float | None) -> str:
    if value is None:
        return "-"
    if not math.isfinite(value):
        return "not finite"
    return f"{value:.4f}" if abs(value) >= 1e-3 or value == 0 else f"{value:.1e}"


def in_units(value: float) -> str:
    """Four significant digits, trailing zeros kept so a column's decimals line up (21.60 under
    21.37), without the bare point "#" leaves after a whole number (1235, not 1235.)."""
    if not math.isfinite(value):
        return "not finite"
    return f"{value:#.4g}".rstrip(".")
