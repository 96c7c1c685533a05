"""Exercise: save to verdict. Seconds from writing a learner's file to its CheckReport, through a
warm Checker (torch already imported in its worker), for each exercise's reference solution:
the median of 10 checks, the slowest exercise's median reported. Target <= 1.0 s.

For context, the cold first check (a new Checker: starting the worker and importing torch).
`rnn-tutor exercise watch` adds up to its 0.3 s polling interval on top.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from exercises.catalog import exercises_by_name
from exercises.runner import Checker
from lessons.files import write_new_file

ROUNDS = 10
TARGET = 1.0


def save_and_check(checker: Checker, name: str, path: Path, text: str) -> float:
    started = time.perf_counter()
    write_new_file(path, text, overwrite=True)
    report = checker.check(name, path)
    seconds = time.perf_counter() - started
    if not report.passed:
        raise SystemExit(f"the solution of {name} fails its checks: {report.first_failure}")
    return seconds


def main() -> float:
    exercises = list(exercises_by_name().values())
    with tempfile.TemporaryDirectory(prefix="rnn-tutor-bench-") as folder:
        paths = {exercise.name: Path(folder) / exercise.file_name for exercise in exercises}
        first = exercises[0]
        checker = Checker()
        cold = save_and_check(checker, first.name, paths[first.name], first.solution())
        medians = {}
        with checker:
            for exercise in exercises:
                times = [
                    save_and_check(
                        checker, exercise.name, paths[exercise.name], exercise.solution()
                    )
                    for _ in range(ROUNDS)
                ]
                medians[exercise.name] = statistics.median(times)
    slowest = max(medians, key=medians.__getitem__)
    worst = medians[slowest]
    print(
        f"exercise: save to verdict: {worst:.3f} s (target <= {TARGET} s, "
        f"{'meets' if worst <= TARGET else 'misses'}; median of {ROUNDS} warm checks of each of "
        f"{len(medians)} solutions, slowest {slowest}; cold first check {cold:.2f} s)"
    )
    return worst


if __name__ == "__main__":
    main()
