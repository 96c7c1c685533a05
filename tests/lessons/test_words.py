"""Counts read right: one of a thing is singular, wherever a count is shown."""

from __future__ import annotations

from pathlib import Path

from lessons import catalog, pass_check
from lessons.progress import requirements
from lessons.store import Store
from lessons.words import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "lesson") == "1 lesson"
    assert [counted(n, "step") for n in (0, 2, 1200)] == ["0 steps", "2 steps", "1,200 steps"]
    assert counted(1, "query", "queries") == "1 query" and counted(3, "query", "queries") == (
        "3 queries"
    )


def test_the_pass_check_and_the_lesson_rules_count_one_run_as_one(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    # Only the count is read here, so the race's result can be any record.
    store.record_run("lstm-gru", "race", {"steps": 10}, {"models": {}})
    found = requirements(store, catalog.lesson("lstm-gru"))
    assert "1 race run" in [requirement.detail for requirement in found]
    failure = next(c for c in pass_check.check(store) if c.key == "failure")
    assert "0 failure runs cited" in failure.evidence and "0 characters" in failure.evidence
