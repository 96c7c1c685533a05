"""The runner: a learner's file is checked in a process of its own, and whatever that code does
(loop, exit, segfault, eat memory, kill its parent) comes back as a failed check with the
reason, while the Checker goes on checking. Also the warm-up exercise's own checks (template
fails, solution passes, mutants fail) and the learner's copies of the templates."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from exercises import learner_files
from exercises.catalog import find
from exercises.report import FILE_RUNS, CheckReport, CheckResult
from exercises.runner import Checker

SHORT = 1.5  # seconds: the time limit for the files that hang
SOLUTION = find("sample").solution()
CHECK_NAMES = [
    "add is a function",
    "add(a, b) has the broadcast shape",
    "add(a, b) equals torch.add on random tensors",
    "add leaves a and b unchanged",
]


@pytest.fixture(scope="module")
def checker() -> Iterator[Checker]:
    with Checker() as started:
        yield started


def learner_file(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "00-sample.py"
    path.write_text(textwrap.dedent(source))
    return path


def check(checker: Checker, path: Path, timeout: float = 10.0) -> CheckReport:
    report = checker.check("sample", path, timeout=timeout)
    assert [result.name for result in report.checks] in ([FILE_RUNS], CHECK_NAMES)
    return report


def messages(report: CheckReport) -> dict[str, str]:
    return {result.name: result.message for result in report.checks if not result.passed}


def still_checks(checker: Checker, tmp_path: Path, worker: int | None) -> None:
    """The same warm worker checks the next file, and gets it right."""
    assert checker.pid == worker
    report = check(checker, learner_file(tmp_path, SOLUTION))
    assert report.passed, report
    assert checker.pid == worker


# ---- the warm-up exercise's checks ------------------------------------------------------------


def test_the_solution_passes_every_check(checker: Checker, tmp_path: Path) -> None:
    report = check(checker, learner_file(tmp_path, SOLUTION))
    assert report.passed
    assert [result.name for result in report.checks] == CHECK_NAMES
    assert all(result.message == "" for result in report.checks)
    assert report.error == ""


def test_the_template_fails_and_says_what_is_not_written(checker: Checker, tmp_path: Path) -> None:
    report = check(checker, learner_file(tmp_path, find("sample").template()))
    assert not report.passed
    assert report.checks[0].passed  # add exists, it is just not written
    failure = report.first_failure
    assert failure is not None and failure.name == "add(a, b) has the broadcast shape"
    assert failure.message.startswith("not written yet: TODO")
    lines = find("sample").template().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "raise NotImplementedError" in text)
    assert failure.message.endswith(f"(line {line} of your file)")


@pytest.mark.parametrize(
    ("old", "new", "failing"),
    [
        ("return a + b", "return a - b", "add(a, b) equals torch.add on random tensors"),
        ("return a + b", "return a + b.mean()", "add(a, b) equals torch.add on random tensors"),
        ("return a + b", "return (a + b).sum()", "add(a, b) has the broadcast shape"),
        ("return a + b", "return a.add_(b)", "add leaves a and b unchanged"),
        ("def add(", "def plus(", "add is a function"),
        ("return a + b", "return (a + b).tolist()", "add(a, b) has the broadcast shape"),
    ],
)
def test_mutants_of_the_solution_fail_the_check_that_catches_them(
    checker: Checker, tmp_path: Path, old: str, new: str, failing: str
) -> None:
    assert old in SOLUTION
    report = check(checker, learner_file(tmp_path, SOLUTION.replace(old, new, 1)))
    assert failing in messages(report), report


def test_a_hard_coded_answer_fails(checker: Checker, tmp_path: Path) -> None:
    # The one example in the template's self-test, returned whatever the input.
    source = "import torch\ndef add(a, b):\n    return torch.tensor([[1., 2., 3.], [1., 2., 3.]])\n"
    assert not check(checker, learner_file(tmp_path, source)).passed


# ---- what the learner's code may do -----------------------------------------------------------


def test_an_endless_loop_at_import_is_stopped_and_reported(
    checker: Checker, tmp_path: Path
) -> None:
    worker = checker.pid
    report = check(checker, learner_file(tmp_path, "while True:\n    pass\n"), timeout=SHORT)
    assert [(result.name, result.passed) for result in report.checks] == [(FILE_RUNS, False)]
    assert report.checks[0].message.startswith(f"stopped after {SHORT:g} s")
    assert "endless loop" in report.error
    still_checks(checker, tmp_path, worker)


def test_an_endless_loop_in_a_check_fails_that_check_and_the_rest_are_not_run(
    checker: Checker, tmp_path: Path
) -> None:
    source = """
        import torch
        def add(a, b):
            while True:
                a = a + 0
    """
    worker = checker.pid
    report = check(checker, learner_file(tmp_path, source), timeout=SHORT)
    results = report.checks
    assert results[0].passed
    assert results[1].message.startswith(f"stopped after {SHORT:g} s")
    assert all(result.message.startswith("not run") for result in results[2:])
    still_checks(checker, tmp_path, worker)


def test_os_exit_is_reported_with_its_status(checker: Checker, tmp_path: Path) -> None:
    source = """
        import os
        def add(a, b):
            print("before the exit")
            os._exit(3)
    """
    worker = checker.pid
    report = check(checker, learner_file(tmp_path, source))
    assert report.checks[0].passed
    assert "exit status 3" in report.checks[1].message
    assert "before the exit" in report.output  # printed before it ended: not lost
    still_checks(checker, tmp_path, worker)


def test_a_segfault_is_reported(checker: Checker, tmp_path: Path) -> None:
    source = """
        import ctypes
        def add(a, b):
            return ctypes.string_at(0)
    """
    worker = checker.pid
    report = check(checker, learner_file(tmp_path, source))
    assert "SIGSEGV" in report.checks[1].message
    assert "segmentation fault" in report.error
    still_checks(checker, tmp_path, worker)


def test_far_more_memory_than_the_limit_is_a_failed_check(checker: Checker, tmp_path: Path) -> None:
    # torch.empty reserves without touching: refused at once under the limit, and harmless to
    # the machine were the limit ever missing (then the test fails instead).
    source = """
        import torch
        def add(a, b):
            return torch.empty(2**31) + a + b
    """
    worker = checker.pid
    report = check(checker, learner_file(tmp_path, source))
    message = report.checks[1].message
    assert message.startswith("out of memory: the checks allow your code 2 GB")
    assert "(line 4 of your file: return torch.empty(2**31) + a + b)" in message
    still_checks(checker, tmp_path, worker)


def test_a_python_memory_bomb_at_import_fails_the_file(checker: Checker, tmp_path: Path) -> None:
    worker = checker.pid
    report = check(checker, learner_file(tmp_path, "table = [0] * 2**32\n"))
    assert report.checks[0].name == FILE_RUNS
    assert report.checks[0].message.startswith("out of memory")
    still_checks(checker, tmp_path, worker)


def test_an_exception_names_the_line_of_the_learners_file(checker: Checker, tmp_path: Path) -> None:
    source = """
        import torch

        def helper(x):
            return x.view(-1, 7, 13)

        def add(a, b):
            return helper(a + b)
    """
    report = check(checker, learner_file(tmp_path, source))
    message = report.checks[1].message
    # The innermost line of the learner's file, not the check's nor torch's.
    assert message.startswith("RuntimeError: shape '[-1, 7, 13]' is invalid")
    assert message.endswith("(line 5 of your file: return x.view(-1, 7, 13))")


def test_the_learners_own_assert_is_their_code_failing_not_a_verdict(
    checker: Checker, tmp_path: Path
) -> None:
    source = """
        def add(a, b):
            assert a.shape == b.shape, "shapes differ"
            return a + b
    """
    message = check(checker, learner_file(tmp_path, source)).checks[1].message
    assert message.startswith("AssertionError: shapes differ")
    assert "(line 3 of your file: assert a.shape == b.shape" in message


def test_a_syntax_error_fails_the_file_with_its_line(checker: Checker, tmp_path: Path) -> None:
    report = check(checker, learner_file(tmp_path, "import torch\ndef add(a, b)\n    pass\n"))
    assert [result.name for result in report.checks] == [FILE_RUNS]
    assert (
        report.checks[0].message == "SyntaxError: expected ':' (line 2 of your file: def add(a, b))"
    )


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("sys.exit(4)", "your code called sys.exit(4)"),
        ("raise SystemExit", "your code called sys.exit()"),
        ("raise KeyboardInterrupt", "your code raised KeyboardInterrupt"),
    ],
)
def test_exits_and_interrupts_in_a_check_fail_it_and_the_other_checks_still_run(
    checker: Checker, tmp_path: Path, body: str, said: str
) -> None:
    source = f"import sys\ndef add(a, b):\n    {body}\n"
    worker = checker.pid
    report = check(checker, learner_file(tmp_path, source))
    assert said in report.checks[1].message
    assert "line 3 of your file" in report.checks[1].message
    assert said in report.checks[3].message  # run, not skipped
    still_checks(checker, tmp_path, worker)


def test_an_exit_at_import_fails_the_file(checker: Checker, tmp_path: Path) -> None:
    report = check(checker, learner_file(tmp_path, "import sys\nsys.exit(2)\n"))
    assert [result.name for result in report.checks] == [FILE_RUNS]
    assert report.checks[0].message.startswith("your code called sys.exit(2)")


def test_output_is_captured_and_bounded(checker: Checker, tmp_path: Path) -> None:
    source = """
        import sys
        print("at import")
        def add(a, b):
            print("to stderr", file=sys.stderr)
            print("x" * 100_000)
            return a + b
    """
    report = check(checker, learner_file(tmp_path, source))
    assert report.passed
    assert report.output.startswith("at import\nto stderr\n")
    assert len(report.output) < 70_000
    assert report.output.endswith("more bytes of output not kept)")


def test_input_reads_nothing_rather_than_the_workers_requests(
    checker: Checker, tmp_path: Path
) -> None:
    report = check(checker, learner_file(tmp_path, "answer = input()\n"))
    assert report.checks[0].message.startswith("EOFError")


def test_a_program_the_learners_code_starts_is_stopped_with_it(
    checker: Checker, tmp_path: Path
) -> None:
    # The program holds a lock the kernel drops only when it dies: a pid could be reused.
    lock = tmp_path / "lock"
    source = f"""
        import fcntl, subprocess
        held = open({str(lock)!r}, "w")
        fcntl.flock(held, fcntl.LOCK_EX)
        sleeper = subprocess.Popen(["sleep", "60"], pass_fds=(held.fileno(),))
        def add(a, b):
            return a + b
    """
    report = check(checker, learner_file(tmp_path, source))
    assert report.passed and report.error == ""
    with lock.open() as handle:
        deadline = time.monotonic() + 20  # a guard against a hang, not a timing assertion
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, "the program the file started still runs"
                time.sleep(0.05)


def test_code_that_kills_the_worker_fails_and_the_next_check_starts_another(
    checker: Checker, tmp_path: Path
) -> None:
    source = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
    report = check(checker, learner_file(tmp_path, source))
    assert report.checks[0].message.startswith("the checking process ended (killed by SIGKILL)")
    assert check(checker, learner_file(tmp_path, SOLUTION)).passed
    assert checker.pid is not None


def test_a_missing_file_is_a_failed_file_check(checker: Checker, tmp_path: Path) -> None:
    report = check(checker, tmp_path / "nowhere.py")
    assert report.checks[0].message.startswith(f"cannot read {tmp_path / 'nowhere.py'}")


def test_checks_from_two_threads_take_turns(checker: Checker, tmp_path: Path) -> None:
    good = learner_file(tmp_path, SOLUTION)
    bad = tmp_path / "bad.py"
    bad.write_text(SOLUTION.replace("a + b", "a - b"))
    found: dict[str, bool] = {}

    def run(path: Path) -> None:
        found[path.name] = checker.check("sample", path).passed

    threads = [threading.Thread(target=run, args=(path,)) for path in (good, bad)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {"00-sample.py": True, "bad.py": False}


def test_unknown_exercises_and_bad_timeouts_are_the_callers_mistake(
    checker: Checker, tmp_path: Path
) -> None:
    with pytest.raises(KeyError):
        checker.check("no-such-exercise", tmp_path / "x.py")
    with pytest.raises(ValueError):
        checker.check("sample", tmp_path / "x.py", timeout=0)


# ---- the report and the import boundary -------------------------------------------------------


def test_a_report_survives_its_json_round_trip() -> None:
    report = CheckReport(
        "sample",
        (CheckResult("a", True), CheckResult("b", False, "differs at time step 2")),
        0.25,
        output="hi\n",
        error="",
    )
    assert CheckReport.from_dict(report.to_dict()) == report
    assert report.to_dict()["passed"] is False
    assert CheckReport("sample", (CheckResult("a", True),), 0.1).passed
    assert not CheckReport("sample", (), 0.1).passed  # no checks ran: not a pass


def test_the_runner_api_does_not_import_torch() -> None:
    probe = (
        "import sys, exercises.runner, exercises.report, exercises.learner_files, "
        "exercises.catalog\nexercises.catalog.exercises_by_name()\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


# ---- the learner's copies ---------------------------------------------------------------------


def test_the_copy_is_made_from_the_template_once_and_never_overwritten(tmp_path: Path) -> None:
    path = learner_files.ensure_copy(tmp_path, "sample")
    assert path == tmp_path / "exercises" / "00-sample.py"
    assert path.read_text() == find("sample").template()
    assert learner_files.status(tmp_path, "sample") == learner_files.STARTED
    path.write_text("# my work\n")
    assert learner_files.ensure_copy(tmp_path, "sample") == path
    assert path.read_text() == "# my work\n"


def test_status_before_the_copy_exists(tmp_path: Path) -> None:
    assert learner_files.status(tmp_path, "sample") == learner_files.NOT_STARTED
    assert not (tmp_path / "exercises").exists()  # asking made nothing


def test_reset_keeps_the_learners_version(tmp_path: Path) -> None:
    path = learner_files.ensure_copy(tmp_path, "sample")
    assert learner_files.reset(tmp_path, "sample") is None  # nothing of theirs to keep
    path.write_bytes(b"# first try \xff\n")  # not even UTF-8: kept byte for byte
    first = learner_files.reset(tmp_path, "sample")
    path.write_text("# second try\n")
    second = learner_files.reset(tmp_path, "sample")
    assert first is not None and second is not None and first != second
    assert first.name.startswith("00-sample.py.bak-")
    assert first.read_bytes() == b"# first try \xff\n"
    assert second.read_text() == "# second try\n"
    assert path.read_text() == find("sample").template()
    assert sorted(os.listdir(path.parent)) == sorted([path.name, first.name, second.name])
