"""Series load offline from the installed files; the learner's CSV gets clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import series
from engine.validation import ConfigError


@pytest.mark.parametrize(
    ("name", "length", "season", "filled"),
    [
        ("sunspots", 309, None, 0),  # 1700-2008, yearly
        ("co2", 2284, 52, 59),  # weekly 1958-2001, with gaps
        ("nile", 100, None, 0),  # 1871-1970
        ("elnino", 732, 12, 0),  # 61 years x 12 months
    ],
)
def test_real_series_load_with_their_length(name: str, length: int, season, filled: int) -> None:
    loaded = series.load(name)
    assert len(loaded.values) == length
    assert loaded.season == season
    assert loaded.filled == filled
    assert all(isinstance(value, float) for value in loaded.values)


def test_known_values() -> None:
    assert series.load("sunspots").values[:3] == [5.0, 11.0, 16.0]
    assert series.load("nile").values[0] == 1120.0
    assert series.load("elnino").values[:2] == [23.11, 24.2]  # January, February 1950


def test_gaps_are_interpolated(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("t,value\n1,1\n2,\n3,3\n4,NA\n5,NaN\n6,9\n")
    loaded = series.from_csv(path, "value")
    assert loaded.values == [1.0, 2.0, 3.0, 5.0, 7.0, 9.0]
    assert loaded.filled == 3


def test_semicolon_files_work(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("day;load\n1;10.5\n2;11.5\n3;12.5\n")
    assert series.from_csv(path, "load").values == [10.5, 11.5, 12.5]


@pytest.mark.parametrize(
    ("content", "column", "message"),
    [
        ("a,b\n1,2\n", "c", "has no column 'c'; its columns are 'a', 'b'"),
        ("a,b\n1,2\n3,x\n", "b", "line 3: b is 'x', not a number"),
        ("", "a", "is empty"),
        ("a\n,\n", "a", "no numeric values"),
        ("a\n1\ninf\n", "a", "not a finite number"),
    ],
)
def test_csv_problems_are_explained(
    tmp_path: Path, content: str, column: str, message: str
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        series.from_csv(path, column)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no file at"):
        series.from_csv(tmp_path / "absent.csv", "a")
    with pytest.raises(ConfigError, match="is a folder"):
        series.from_csv(tmp_path, "a")


def test_the_shipped_series_say_when_they_start() -> None:
    """Plots label their x axis with years from these (sunspots: 1700-2008, 309 values)."""
    sunspots, nile, co2 = series.sunspots(), series.nile(), series.co2()
    assert (sunspots.start, sunspots.per_year, len(sunspots.values)) == (1700.0, 1.0, 309)
    assert sunspots.start + (len(sunspots.values) - 1) / sunspots.per_year == 2008
    assert nile.start == 1871.0
    # 29 March 1958 is day 88 of the year: 87 days after 1 January.
    assert co2.start == pytest.approx(1958 + 87 / 365.25)
    assert series.sine().start is None
