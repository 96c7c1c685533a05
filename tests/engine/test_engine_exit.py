"""The engine process exits cleanly whenever its input closes: status 0, no C++ abort
("terminate called without an active exception"), and every task it was given answered.

The abort came from daemon threads (the optimizer warm-up, the worker, the race's contestants)
still inside torch while the interpreter finalized; how often depends on timing, so the engine
is started and closed many times, at varied moments, with and without a task running.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from engine.validation import BUDGET_CAP_VAR

# Each trial loads torch (about a second of CPU): a few at a time keep two cores busy, and the
# whole test stays under about 20 seconds.
PARALLEL = min(6, max(3, (os.cpu_count() or 2) + 1))
DELAYS = (0.0, 0.1, 0.4)  # seconds after the trial's moment before its input closes
HANG = 30  # seconds: an engine still alive after this counts as hung, not slow


@dataclass(frozen=True)
class Trial:
    moment: str  # when the input closes: "start", "ready", or once the first task reports
    delay: float
    tasks: tuple[tuple[str, dict], ...] = ()


@dataclass
class Outcome:
    trial: Trial
    code: int | None = None
    stderr: str = ""
    replies: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# Budgets far beyond what a trial lasts; progress early (every step, small epochs), so the input
# closes a moment after the task has started training. Small sizes keep a step to milliseconds,
# well inside the engine's exit deadline even on a loaded machine.
RACE = ("race", {"steps": 20000, "eval_every": 1, "delay": 20, "hidden": 16, "batch": 16})
PRACTICE = ("practice", {"epochs": 2000, "patience": 0, "limit": 300})


def trials() -> list[Trial]:
    kinds = [
        ("start", ()),
        ("ready", ()),
        ("task", (RACE,)),
        ("task", (PRACTICE,)),
        ("task", (RACE, PRACTICE)),  # the practice run is still queued when the input closes
        ("start", (RACE,)),  # the request is read, if at all, just as torch finishes loading
    ]
    return [Trial(moment, delay, tasks) for moment, tasks in kinds for delay in DELAYS]


def read_until(process: subprocess.Popen, wanted: str, replies: list[dict]) -> None:
    assert process.stdout is not None
    while line := process.stdout.readline():
        replies.append(json.loads(line))
        if replies[-1].get("type") == wanted:
            return
    raise AssertionError(f"the engine closed its output before a {wanted!r} reply")


def run(trial: Trial) -> Outcome:
    env = dict(os.environ)
    env.pop(BUDGET_CAP_VAR, None)  # the budgets must outlast the trial
    outcome = Outcome(trial)
    process = subprocess.Popen(
        [sys.executable, "-m", "engine.server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        if trial.moment != "start":
            read_until(process, "ready", outcome.replies)
        for request_id, (task, config) in enumerate(trial.tasks, start=1):
            process.stdin.write(json.dumps({"id": request_id, "task": task, "config": config}))
            process.stdin.write("\n")
        process.stdin.flush()
        if trial.moment == "task":
            read_until(process, "progress", outcome.replies)
        time.sleep(trial.delay)
        stdout, outcome.stderr = process.communicate(timeout=HANG)
        outcome.replies += [json.loads(line) for line in stdout.splitlines()]
    except Exception as error:  # a hang or a garbled line: report it with the rest
        process.kill()
        outcome.stderr = process.communicate()[1]
        outcome.problems.append(f"{type(error).__name__}: {error}")
    outcome.code = process.returncode
    if outcome.code != 0:
        outcome.problems.append(f"exit status {outcome.code}")
    if "terminate called" in outcome.stderr:
        outcome.problems.append("terminate called")
    if trial.moment != "start":
        answered = {reply.get("id") for reply in outcome.replies if reply.get("type") != "progress"}
        missing = [i for i in range(1, len(trial.tasks) + 1) if i not in answered]
        if missing:
            outcome.problems.append(f"no reply to request {missing}: output not flushed?")
    return outcome


def test_the_engine_exits_cleanly_whenever_its_input_closes() -> None:
    planned = trials()
    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = list(pool.map(run, planned))
    bad = [outcome for outcome in outcomes if outcome.problems]
    report = "\n".join(
        f"  {o.trial.moment} +{o.trial.delay}s {[t for t, _ in o.trial.tasks]}: "
        f"{', '.join(o.problems)}; stderr ends {o.stderr[-200:]!r}"
        for o in bad
    )
    assert not bad, f"{len(bad)} of {len(planned)} trials did not exit cleanly:\n{report}"
    for outcome in outcomes:
        if outcome.trial.moment == "task":
            final = {r["id"]: r for r in outcome.replies if r.get("type") in ("result", "error")}
            assert all(reply.get("kind") == "cancelled" for reply in final.values()), final
