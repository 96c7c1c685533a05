"""What checking a learner's file found: one CheckResult per check, gathered in a CheckReport.

Plain data with a JSON round-trip (the worker sends it over a pipe, the CLI prints it, the UI
shows it), so it imports nothing heavy: no torch here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FILE_RUNS = "your file runs"  # the one check reported when the learner's file fails to import


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    message: str = ""  # why it failed, in the learner's terms; empty when it passed
    # What a passing check measured of the learner's code, for the record (the train-loop
    # check's validation curve); plain JSON values. Empty for most checks.
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, data: bool = True) -> dict[str, Any]:
        """As JSON; `data=False` leaves out the measurements (the command line's contract)."""
        found: dict[str, Any] = {
            "name": self.name,
            "passed": self.passed,
            "message": self.message,
        }
        if self.data and data:
            found["data"] = self.data
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        measured = data.get("data")
        return cls(
            str(data["name"]),
            bool(data["passed"]),
            str(data.get("message", "")),
            dict(measured) if isinstance(measured, dict) else {},
        )


@dataclass(frozen=True)
class CheckReport:
    name: str  # the exercise
    checks: tuple[CheckResult, ...]
    seconds: float  # from the request to the verdict, as the learner waits for it
    output: str = ""  # what the learner's code printed (stdout and stderr together, bounded)
    error: str = ""  # why the run stopped early (a time limit, a crash); empty if it did not
    passed: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "checks", tuple(self.checks))
        passed = bool(self.checks) and all(
            result.passed for result in self.checks
        )
        object.__setattr__(self, "passed", passed)

    @property
    def measured(self) -> dict[str, Any]:
        """What the passing checks measured, together (each check names its own keys)."""
        found: dict[str, Any] = {}
        for result in self.checks:
            if result.passed:
                found.update(result.data)
        return found

    @property
    def first_failure(self) -> CheckResult | None:
        return next(
            (result for result in self.checks if not result.passed),
            None,
        )

    def verdict(self) -> str:
        """The summary line under the checks: "all 3 checks pass (0.03 s)", "1 of 3 ..."."""
        passed = sum(result.passed for result in self.checks)
        if self.passed:
            verdict = f"all {len(self.checks)} checks pass"
        elif self.error and not self.checks:
            verdict = f"not checked: {self.error}"
        else:
            verdict = f"{passed} of {len(self.checks)} checks pass"
        return f"{verdict} ({self.seconds:.2f} s)"

    def to_dict(self, data: bool = True) -> dict[str, Any]:
        """As JSON (the worker sends it so); `data=False`: without the checks' measurements, as
        `rnn-tutor exercise check --json` prints it."""
        return {
            "name": self.name,
            "passed": self.passed,
            "checks": [
                result.to_dict(data) for result in self.checks
            ],
            "seconds": self.seconds,
            "output": self.output,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckReport:
        return cls(
            name=str(data["name"]),
            checks=tuple(
                CheckResult.from_dict(item)
                for item in data["checks"]
            ),
            seconds=float(data["seconds"]),
            output=str(data.get("output", "")),
            error=str(data.get("error", "")),
        )
