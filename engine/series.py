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
import os
import random
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import util
from pathlib import Path

from engine.validation import ConfigError

# The learner's CSV: enough for any series worth a forecasting lesson (200,000 rows is 23 years
# of hourly readings), small enough to read in about a second and to hold in memory.
MAX_ROWS = 200_000
MAX_BYTES = 50_000_000
LIMITS = "at most 50 MB and 200,000 rows"
MAX_LINE_CHARS = 1_000_000  # a line is read whole: bound it too
SNIFF_CHARS = 16_384  # what the delimiter is guessed from
DELIMITERS = ",;\t|"
MISSING = {"", "NA", "NaN", "nan", "null", "-"}
# Values beyond this are refused: the mean, the squares behind the standard deviation and the
# errors are computed in float32 (largest about 3.4e38), so 1e15 keeps them finite with room.
MAX_MAGNITUDE = 1e15


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    about: str  # what it is, in a sentence, with its unit
    step: str  # what one time step is: "year", "week", ...
    season: int | None = None  # the seasonal period in steps, where one is known
    filled: int = 0  # missing values filled by linear interpolation
    # When the first value was measured, in years (1700.0; 1958.24 for late March 1958), read
    # from the file, and how many steps make a year: where both are known, plots show years.
    start: float | None = None
    per_year: float | None = None


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


DAYS_A_YEAR = 365.25


def _year_of(date: str) -> float:
    """A YYYYMMDD date as a year with its fraction (19580329 is 1958.24)."""
    year, month, day = int(date[:4]), int(date[4:6]), int(date[6:8])
    days_before = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)[month - 1]
    return year + (days_before + day - 1) / DAYS_A_YEAR


def sunspots() -> Series:
    rows = _csv_rows("sunspots", "sunspots.csv")[1:]
    return Series(
        "sunspots",
        [float(row[1]) for row in rows],
        "Yearly mean sunspot number, 1700-2008 (an 11-year cycle of varying length and height).",
        "year",
        start=float(rows[0][0]),
        per_year=1.0,
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
        start=_year_of(rows[0][0]),
        per_year=DAYS_A_YEAR / 7,
    )


def nile() -> Series:
    rows = _csv_rows("nile", "nile.csv")[1:]
    return Series(
        "nile",
        [float(row[1]) for row in rows],
        "Yearly flow of the Nile at Aswan, 10^8 m^3, 1871-1970 (a level shift around 1898).",
        "year",
        start=float(rows[0][0]),
        per_year=1.0,
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
        start=float(rows[0][0]),  # January of the first row's year
        per_year=12.0,
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
    """The learner's own series: one numeric column of a CSV file with a header row.

    Only a regular file within the limits is read, and it is parsed as it streams: a learner can
    point the tutor at anything (a 3 GB export, /dev/zero, a named pipe), and the engine must
    answer with a message, not run out of memory or hang.
    """
    path = Path(path).expanduser()
    name = path.name
    with _open_regular(path) as handle:
        try:
            sample = handle.read(SNIFF_CHARS)
            handle.seek(0)  # the text layer resets its decoder: a BOM is skipped again
        except UnicodeDecodeError:
            raise ConfigError(_not_utf8(name)) from None
        dialect, delimiter = _dialect(sample)
        reader = csv.reader(_lines(handle, name), dialect, delimiter=delimiter)
        try:
            return _read_column(reader, name, column, delimiter)
        except UnicodeDecodeError:  # where exactly, the decoder's read-ahead does not say
            raise ConfigError(_not_utf8(name)) from None
        except csv.Error as error:
            raise ConfigError(f"{name} line {reader.line_num}: {error}") from None


def _open_regular(path: Path) -> io.TextIOWrapper:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ConfigError(f"no file at {path}") from None
    except OSError as error:
        raise ConfigError(f"cannot read {path.name}: {error.strerror}") from None
    _check_kind(path, info)
    # O_NONBLOCK: should the path become a FIFO between the stat and the open, the open still
    # returns at once (and fstat below refuses it); on a regular file the flag changes nothing.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ConfigError(f"cannot read {path.name}: {error.strerror}") from None
    try:
        _check_kind(path, os.fstat(fd))
        # newline="": the csv module does its own line endings (and quoted line breaks).
        return open(fd, encoding="utf-8-sig", newline="")
    except BaseException:
        os.close(fd)
        raise


def _check_kind(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{path} is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(
            f"{path} is not a regular file (a device, a pipe or a socket); "
            "give a CSV file saved on disk"
        )
    if info.st_size > MAX_BYTES:
        raise ConfigError(
            f"{path.name} is {info.st_size:,} bytes; a CSV here is {LIMITS} "
            "(keep the rows you want to study in a smaller file)"
        )


def _not_utf8(name: str) -> str:
    return f"{name} is not a UTF-8 text file; save it as CSV UTF-8"


def _dialect(sample: str) -> tuple[type[csv.Dialect], str]:
    """The file's CSV dialect, and its delimiter, from the first few kilobytes."""
    if len(sample) == SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines: a cut line confuses the sniffer
    header = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    in_header = [mark for mark in DELIMITERS if mark in header]
    if not in_header and _decimal_commas_only(sample.splitlines()[1:]):
        # One column of numbers with decimal commas: the sniffer may take the comma for the
        # delimiter, which would split every number in two. Nothing separates anything here.
        return dialect, ";"
    if dialect.delimiter not in in_header and len(in_header) == 1:
        # Column names rarely hold a separator; numbers often hold a decimal comma.
        return dialect, in_header[0]
    return dialect, dialect.delimiter


def _decimal_commas_only(lines: list[str]) -> bool:
    """Whether every comma in these lines is inside a number written with a decimal comma."""
    with_commas = [line.strip() for line in lines if "," in line]
    return bool(with_commas) and all(DECIMAL_COMMA.fullmatch(line) for line in with_commas)


def _lines(handle: io.TextIOWrapper, name: str) -> Iterator[str]:
    """The file's lines, refusing the file as soon as it passes a limit.

    The size was checked before opening; this also bounds files whose size the system does not
    know in advance (many files under /proc say 0) and a line with no end.
    """
    read = 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        read += len(line)  # characters: never more than the bytes they came from
        if read > MAX_BYTES:
            raise ConfigError(f"{name} is over {MAX_BYTES / 1e6:.0f} MB; a CSV here is {LIMITS}")
        if len(line) > MAX_LINE_CHARS:
            raise ConfigError(f"{name} has a line over {MAX_LINE_CHARS:,} characters long")
        if "\0" in line:
            raise ConfigError(f"{name} is not a text CSV file (it holds NUL bytes)")
        yield line


def _read_column(reader, name: str, column: str, delimiter: str) -> Series:
    header_row = next((row for row in reader if row), None)
    if header_row is None:
        raise ConfigError(f"{name} is empty")
    header = [cell.strip() for cell in header_row]
    copies = header.count(column)
    if not copies:
        shown = ", ".join(repr(title) for title in header[:12])
        raise ConfigError(f"{name} has no column {column!r}; its columns are {shown}")
    if copies > 1:
        raise ConfigError(
            f"{name}: column {column!r} appears {copies} times in the header; "
            "give each column its own name"
        )
    index, width = header.index(column), len(header)
    values: list[float | None] = []
    marks = _DecimalMarks(name, column)
    for row in reader:
        if len(values) == MAX_ROWS:
            raise ConfigError(f"{name} has more than {MAX_ROWS:,} rows; a CSV here is {LIMITS}")
        line = reader.line_num
        used = len(row)
        while used > width and not row[used - 1].strip():
            used -= 1  # trailing empty cells ("1,2,") are harmless
        if used > width:
            hint = (
                "; if its numbers use decimal commas (0,5), separate the columns with ';'"
                if delimiter == ","
                else ""
            )
            raise ConfigError(
                f"{name} line {line} has {used} values but the header names {width} columns{hint}"
            )
        cell = row[index].strip() if index < len(row) else ""
        if cell in MISSING:
            values.append(None)
            continue
        value = marks.read(cell, line, delimiter)
        if not math.isfinite(value):
            raise ConfigError(f"{name} line {line}: {column} is not a finite number")
        if abs(value) > MAX_MAGNITUDE:
            raise ConfigError(
                f"{name} line {line}: {column} is {value:g}, beyond ±{MAX_MAGNITUDE:g}, the "
                "largest size whose statistics stay finite in torch's float32; rescale the "
                "column (say, to thousands or millions)"
            )
        values.append(value)
    filled_values, filled = _fill_gaps(values)
    about = f"Column {column!r} of {name}."
    if marks.comma is not None:
        line, cell, value = marks.comma
        about = (
            f"Column {column!r} of {name}; decimal commas were read as decimal points "
            f"(line {line}: {cell} as {value:g})."
        )
    return Series(Path(name).stem, filled_values, about, "row", filled=filled)


# A number with a decimal comma, maybe dots between thousands: 0,0844  -2,25  1.234,5  8,44E-02
DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+(?:[eE][+-]?\d+)?")
# Commas between thousands and a decimal point: 1,234.5 (no decimal comma has both, in order)
THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+\.\d*(?:[eE][+-]?\d+)?")


class _DecimalMarks:
    """Reads the numbers of one column, and refuses a column that mixes the two decimal marks:
    "1.234" after "0,5" is a thousand (or a typo) in one convention and 1.234 in the other."""

    def __init__(self, name: str, column: str) -> None:
        self.name, self.column = name, column
        self.comma: tuple[int, str, float] | None = None  # first (line, cell, value) with one
        self.point: tuple[int, str] | None = None

    def read(self, cell: str, line: int, delimiter: str) -> float:
        mark = None
        if delimiter != "," and DECIMAL_COMMA.fullmatch(cell):
            text, mark = cell.replace(".", "").replace(",", "."), "comma"
        elif delimiter != "," and THOUSANDS_COMMA.fullmatch(cell):
            text, mark = cell.replace(",", ""), "point"
        else:
            text = cell
            if "." in cell:
                mark = "point"
        try:
            value = float(text)
        except ValueError:
            raise ConfigError(
                f"{self.name} line {line}: {self.column} is {cell[:30]!r}, not a number"
            ) from None
        if mark == "comma" and self.comma is None:
            self.comma = (line, cell, value)
        elif mark == "point" and self.point is None:
            self.point = (line, cell)
        if self.comma and self.point:
            (comma_line, comma_cell, _), (point_line, point_cell) = self.comma, self.point
            raise ConfigError(
                f"{self.name}: {self.column} mixes decimal marks: line {comma_line} has "
                f"{comma_cell!r} with a decimal comma, line {point_line} {point_cell!r} with a "
                "decimal point; use one of them throughout"
            )
        return value
