"""Time series for the practice lesson: real ones shipped inside statsmodels (read as CSV files
with the standard library; statsmodels itself is never imported), synthetic ones with a known
structure, and the learner's own CSV.

Torch-free, so the UI can validate a file before the engine trains on it.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
from dataclasses import dataclass
from functools import cache
from importlib import util
from pathlib import Path

from engine.validation import ConfigError

MAX_ROWS = 200_000


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    about: str  # what it is, in a sentence, with its unit
    step: str  # what one time step is: "year", "week", ...
    season: int | None = None  # the seasonal period in steps, where one is known
    filled: int = 0  # missing values filled by linear interpolation


@cache
def _datasets_dir() -> Path:
    # find_spec of a top-level package finds it without importing it: importing statsmodels
    # (through importlib.resources, say) pulls in scipy and pandas, most of a second.
    spec = util.find_spec("statsmodels")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the statsmodels package, which ships the real series, is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets"


def _csv_rows(package_dir: str, filename: str) -> list[list[str]]:
    text = (_datasets_dir() / package_dir / filename).read_text("utf-8")
    return list(csv.reader(io.StringIO(text)))


def _fill_gaps(values: list[float | None]) -> tuple[list[float], int]:
    """Fill missing values by linear interpolation between their neighbours (ends: nearest)."""
    known = [i for i, value in enumerate(values) if value is not None]
    if not known:
        raise ConfigError("the series has no numeric values")
    filled = list(values)
    for i in range(known[0]):
        filled[i] = values[known[0]]
    for i in range(known[-1] + 1, len(values)):
        filled[i] = values[known[-1]]
    for before, after in itertools.pairwise(known):
        for i in range(before + 1, after):
            share = (i - before) / (after - before)
            filled[i] = values[before] + share * (values[after] - values[before])
    return [float(v) for v in filled], len(values) - len(known)


def sunspots() -> Series:
    rows = _csv_rows("sunspots", "sunspots.csv")[1:]
    return Series(
        "sunspots",
        [float(row[1]) for row in rows],
        "Yearly mean sunspot number, 1700-2008 (an 11-year cycle of varying length and height).",
        "year",
    )


def co2() -> Series:
    rows = _csv_rows("co2", "co2.csv")[1:]
    values, filled = _fill_gaps([float(row[1]) if row[1].strip() else None for row in rows])
    return Series(
        "co2",
        values,
        "Weekly atmospheric CO2 at Mauna Loa, ppm, 1958-2001 (trend plus a yearly cycle).",
        "week",
        season=52,
        filled=filled,
    )


def nile() -> Series:
    rows = _csv_rows("nile", "nile.csv")[1:]
    return Series(
        "nile",
        [float(row[1]) for row in rows],
        "Yearly flow of the Nile at Aswan, 10^8 m^3, 1871-1970 (a level shift around 1898).",
        "year",
    )


def elnino() -> Series:
    rows = _csv_rows("elnino", "elnino.csv")[1:]
    values = [float(cell) for row in rows for cell in row[1:13]]
    return Series(
        "elnino",
        values,
        "Monthly sea surface temperature in the El Niño region, °C, 1950-2010.",
        "month",
        season=12,
    )


def sine(length: int = 400, period: int = 25, noise: float = 0.2, seed: int = 0) -> Series:
    rng = random.Random(seed)
    values = [math.sin(2 * math.pi * t / period) + rng.gauss(0, noise) for t in range(length)]
    return Series(
        "sine",
        values,
        f"A sine wave with period {period} plus Gaussian noise (sd {noise}).",
        "step",
        season=period,
    )


def seasonal(length: int = 480, period: int = 12, seed: int = 0) -> Series:
    rng = random.Random(seed)
    values = [
        10 + 0.05 * t + 3 * math.sin(2 * math.pi * t / period) + rng.gauss(0, 0.5)
        for t in range(length)
    ]
    return Series(
        "seasonal",
        values,
        f"A synthetic monthly series: linear trend, a {period}-step season and noise.",
        "month",
        season=period,
    )


DATASETS = {
    "sunspots": sunspots,
    "co2": co2,
    "nile": nile,
    "elnino": elnino,
    "sine": sine,
    "seasonal": seasonal,
}


def load(name: str) -> Series:
    try:
        return DATASETS[name]()
    except KeyError:
        raise ConfigError(
            f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}"
        ) from None


def from_csv(path: str | Path, column: str) -> Series:
    """The learner's own series: one numeric column of a CSV file with a header row."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ConfigError(f"no file at {path}")
    if path.is_dir():
        raise ConfigError(f"{path} is a folder, not a CSV file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name} is not a UTF-8 text file") from None
    except OSError as error:
        raise ConfigError(f"cannot read {path.name}: {error.strerror}") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise ConfigError(f"{path.name} is empty")
    header = [cell.strip() for cell in rows[0]]
    if column not in header:
        shown = ", ".join(repr(name) for name in header[:12])
        raise ConfigError(f"{path.name} has no column {column!r}; its columns are {shown}")
    index = header.index(column)
    if len(rows) - 1 > MAX_ROWS:
        raise ConfigError(f"{path.name} has {len(rows) - 1} rows; the limit is {MAX_ROWS}")
    values: list[float | None] = []
    for number, row in enumerate(rows[1:], start=2):
        cell = row[index].strip() if index < len(row) else ""
        if cell in ("", "NA", "NaN", "nan", "null", "-"):
            values.append(None)
            continue
        try:
            value = float(cell.replace(",", "")) if dialect.delimiter != "," else float(cell)
        except ValueError:
            raise ConfigError(
                f"{path.name} line {number}: {column} is {cell[:30]!r}, not a number"
            ) from None
        if not math.isfinite(value):
            raise ConfigError(f"{path.name} line {number}: {column} is not a finite number")
        values.append(value)
    filled_values, filled = _fill_gaps(values)
    return Series(
        path.stem,
        filled_values,
        f"Column {column!r} of {path.name}.",
        "row",
        filled=filled,
    )
