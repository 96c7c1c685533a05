"""`rnn-tutor exercise ...` is a contract: exit 0 when every check passes, 1 when one fails, 2 for
a usage mistake; --json prints one strict JSON document and nothing else, whatever the
learner's code does; the learner's copy is made once and never overwritten."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest

from exercises.catalog import exercises_by_name, find
from lessons.store import Store
from tests.conftest import cli

SAMPLE = find("sample")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=120, env=env)


def strict_json(text: str) -> dict:
    def refuse(constant: str) -> None:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def report_shape(data: dict) -> None:
    assert {"name", "passed", "checks", "seconds"} <= set(data)
    assert isinstance(data["passed"], bool) and isinstance(data["seconds"], float)
    for item in data["checks"]:
        assert set(item) == {"name", "passed", "message"}


def test_list_shows_every_exercise_with_its_status(isolated_home: Path) -> None:
    data = strict_json(run_cli("exercise", "list", "--json").stdout)
    rows = {row["name"]: row for row in data["exercises"]}
    assert set(rows) == set(exercises_by_name())
    assert rows["sample"] == {
        "name": "sample",
        "number": 0,
        "lesson": "rnn-basics",
        "title": SAMPLE.title,
        "status": "not started",
    }
    run_cli("exercise", "check", "sample")  # makes the learner's copy
    data = strict_json(run_cli("exercise", "list", "--json").stdout)
    assert {row["name"]: row["status"] for row in data["exercises"]}["sample"] == "started"
    human = run_cli("exercise", "list").stdout.splitlines()
    assert human[0].split() == ["#", "name", "lesson", "status", "title"]
    assert any(line.split()[:4] == ["00", "sample", "rnn-basics", "started"] for line in human)


def test_template_and_solution_print_the_files_exactly() -> None:
    assert run_cli("exercise", "template", "sample").stdout == SAMPLE.template()
    assert run_cli("exercise", "solution", "sample").stdout == SAMPLE.solution()


def test_check_without_a_file_checks_the_learners_copy_made_from_the_template(
    isolated_home: Path,
) -> None:
    done = run_cli("exercise", "check", "sample")
    copy = isolated_home / "exercises" / "00-sample.py"
    assert done.returncode == 1
    assert copy.read_text() == SAMPLE.template()
    lines = done.stdout.splitlines()
    assert lines[0] == f"checking {copy}"
    assert lines[1] == "✓ add is a function"
    assert lines[2].startswith("✗ add(a, b) has the broadcast shape: not written yet: TODO")
    assert lines[-1].startswith("1 of 4 checks pass (")


def test_the_learners_copy_is_never_overwritten(isolated_home: Path) -> None:
    copy = isolated_home / "exercises" / "00-sample.py"
    copy.parent.mkdir(parents=True)
    copy.write_text(SAMPLE.solution() + "# mine\n")
    done = run_cli("exercise", "check", "sample")
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1].startswith("all 4 checks pass (")
    assert copy.read_text() == SAMPLE.solution() + "# mine\n"
    # The check is in the learner's record, with the code it judged; the list says passed.
    [recorded] = Store.open(isolated_home).exercise_checks("sample")
    assert recorded.passed and recorded.code == SAMPLE.solution() + "# mine\n"
    data = strict_json(run_cli("exercise", "list", "--json").stdout)
    assert {row["name"]: row["status"] for row in data["exercises"]}["sample"] == "passed"


def test_check_json_is_one_strict_document(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(SAMPLE.solution().replace("a + b", "a - b"))
    done = run_cli("exercise", "check", "sample", "--file", str(path), "--json")
    assert done.returncode == 1
    data = strict_json(done.stdout)
    report_shape(data)
    assert data["name"] == "sample" and data["passed"] is False
    assert [item["passed"] for item in data["checks"]] == [True, True, False, True]
    assert "first difference at index [0]" in data["checks"][2]["message"]
    solved = run_cli("exercise", "check", "sample", "--file", str(path.with_name("s.py")))
    assert solved.returncode == 2  # no such file


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("while True:\n    pass\n", "stopped after 1.5 s"),
        ("import ctypes\nctypes.string_at(0)\n", "SIGSEGV"),
        ("import os\nos._exit(3)\n", "exit status 3"),
    ],
)
def test_check_json_holds_when_the_code_hangs_or_crashes(
    tmp_path: Path, source: str, said: str
) -> None:
    path = tmp_path / "mine.py"
    path.write_text(source)
    done = run_cli("exercise", "check", "sample", "--file", str(path), "--json", "--timeout", "1.5")
    assert done.returncode == 1
    data = strict_json(done.stdout)
    report_shape(data)
    assert data["checks"] == [
        {"name": "your file runs", "passed": False, "message": data["checks"][0]["message"]}
    ]
    assert said in data["checks"][0]["message"]


@pytest.mark.parametrize(
    "args",
    [
        ("exercise", "check", "no-such-exercise"),
        ("exercise", "template", "no-such-exercise"),
        ("exercise", "check", "sample", "--file", "/no/such/file.py"),
        ("exercise", "check", "sample", "--timeout", "0"),
        ("exercise", "check", "sample", "--timeout", "soon"),
        ("exercise", "check"),
        ("exercise",),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(args: tuple[str, ...]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_marks_fall_back_to_ascii_where_the_terminal_cannot_show_them(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(SAMPLE.solution().replace("a + b", "a - b"))
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    lines = run_cli("exercise", "check", "sample", "--file", str(path), env=env).stdout
    assert "ok   add is a function" in lines.splitlines()
    assert "FAIL add(a, b) equals torch.add on random tensors: " in lines


def test_reset_puts_the_template_back_and_keeps_a_backup(isolated_home: Path) -> None:
    copy = isolated_home / "exercises" / "00-sample.py"
    copy.parent.mkdir(parents=True)
    copy.write_text("# my attempt\n")
    done = run_cli("exercise", "reset", "sample")
    assert done.returncode == 0
    backups = list(copy.parent.glob("00-sample.py.bak-*"))
    assert [backup.read_text() for backup in backups] == ["# my attempt\n"]
    assert str(backups[0]) in done.stdout
    assert copy.read_text() == SAMPLE.template()


def test_watch_checks_again_on_save_and_stops_on_ctrl_c(isolated_home: Path) -> None:
    watcher = subprocess.Popen(
        cli("exercise", "watch", "sample"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        seen = read_until(watcher, "1 of 4 checks pass")
        copy = isolated_home / "exercises" / "00-sample.py"
        assert f"watching {copy}" in seen
        copy.write_text(SAMPLE.solution())
        read_until(watcher, "all 4 checks pass")
        watcher.send_signal(signal.SIGINT)
        assert watcher.wait(timeout=30) == 130
        assert watcher.stderr is not None
        assert watcher.stderr.read().decode().strip() == "rnn-tutor exercise watch: interrupted"
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()


def read_until(process: subprocess.Popen[bytes], marker: str, limit: float = 60.0) -> str:
    """The process's output up to `marker` (a guard against hanging the suite, not a timing
    assertion). Read from the descriptor: a buffered readline would hide lines from select."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = time.monotonic() + limit
    seen = b""
    while marker.encode() not in seen:
        if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
            raise AssertionError(f"no {marker!r} in {limit} s; saw:\n{seen.decode()}")
        data = os.read(fd, 65536)
        if not data:
            raise AssertionError(f"the output ended before {marker!r}; saw:\n{seen.decode()}")
        seen += data
    return seen.decode()
