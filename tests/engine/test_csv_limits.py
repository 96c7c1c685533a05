"""The learner's CSV: only a bounded regular file is read, numbers mean what the file means."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from engine import series
from engine.validation import ConfigError


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            series.from_csv(fifo, "a")
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():
        # Opening a FIFO for reading waits for a writer: be that writer, so the thread ends.
        with open(fifo, "w"):
            pass
        reader.join(5)
        pytest.fail("from_csv blocked on a FIFO")
    assert isinstance(outcome[0], ConfigError)
    assert "not a regular file" in str(outcome[0])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused() -> None:
    with pytest.raises(ConfigError, match="not a regular file"):
        series.from_csv("/dev/zero", "a")


def test_a_file_over_the_byte_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"a\n1\n")
        handle.truncate(series.MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ConfigError, match="at most 50 MB and 200,000 rows"):
        series.from_csv(path, "a")


def test_reading_stops_at_the_row_limit(tmp_path: Path) -> None:
    # Well past the limit (100 kB on, beyond any read-ahead) the file stops being UTF-8: a reader
    # that stops at the limit never gets there.
    path = tmp_path / "long.csv"
    rows = b"1\n" * (series.MAX_ROWS + 50_000)
    path.write_bytes(b"a\n" + rows + b"\xff\xfe\n" * 10)
    with pytest.raises(ConfigError, match=r"more than 200,000 rows.*at most 50 MB and 200,000"):
        series.from_csv(path, "a")


def test_exactly_the_row_limit_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("a\n" + "2\n" * series.MAX_ROWS)
    assert len(series.from_csv(path, "a").values) == series.MAX_ROWS


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"a\n1\n2\n\xe9t\xe9\n")
    with pytest.raises(ConfigError, match="not a UTF-8 text file"):
        series.from_csv(path, "a")


def test_binary_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zeros.csv"
    path.write_bytes(b"a\n1\n\0\0\0\n")
    with pytest.raises(ConfigError, match="not a text CSV file"):
        series.from_csv(path, "a")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("day;load\n1;0,0844\n2;0,0913\n3;1,5\n", [0.0844, 0.0913, 1.5]),
        ("day\tload\n1\t0,0844\n2\t-2,25\n", [0.0844, -2.25]),
        ("day;load\n1;1.234,5\n2;12,75\n", [1234.5, 12.75]),  # a dot groups thousands
        ("day;load\n1;8,44E-02\n2;1\n", [0.0844, 1.0]),
        ("load\n0,5\n1,5\n2,5\n", [0.5, 1.5, 2.5]),  # one column: no delimiter at all
    ],
)
def test_decimal_commas_are_read_and_said(
    tmp_path: Path, content: str, expected: list[float]
) -> None:
    path = tmp_path / "eu.csv"
    path.write_text(content)
    loaded = series.from_csv(path, "load")
    assert loaded.values == pytest.approx(expected)
    assert "decimal commas were read as decimal points" in loaded.about


def test_decimal_points_get_no_notice(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("day;load\n1;0.0844\n2;1\n")
    loaded = series.from_csv(path, "load")
    assert loaded.values == [0.0844, 1.0]
    assert "decimal" not in loaded.about


def test_a_byte_order_mark_is_not_part_of_the_first_name(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("load;day\n0,5;1\n1,5;2\n".encode("utf-8-sig"))
    assert series.from_csv(path, "load").values == [0.5, 1.5]


def test_mixed_decimal_marks_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("day;load\n1;0,5\n2;1.5\n")
    with pytest.raises(ConfigError, match=r"line 2.*decimal comma.*line 3.*decimal point"):
        series.from_csv(path, "load")


def test_a_duplicate_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("a,b,a\n1,2,3\n4,5,6\n")
    with pytest.raises(ConfigError, match="column 'a' appears 2 times"):
        series.from_csv(path, "a")
    assert series.from_csv(path, "b").values == [2.0, 5.0]


def test_more_values_than_names_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(ConfigError, match="line 3 has 3 values but the header names 2 columns"):
        series.from_csv(path, "a")


def test_values_beyond_float32_statistics_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("a\n1\n1e300\n")
    with pytest.raises(ConfigError, match=r"line 3: a is 1e\+300"):
        series.from_csv(path, "a")
