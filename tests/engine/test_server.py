"""The engine process speaks JSON lines: ready, results, config errors; bad lines are survived."""

from __future__ import annotations

import json
import subprocess
import sys

import torch


def converse(*requests: dict | str) -> list[dict]:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in requests]
    done = subprocess.run(
        [sys.executable, "-m", "engine.server"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_ready_then_one_reply_per_request() -> None:
    replies = converse(
        {"id": 1, "task": "shape-check", "config": {"batch": 3}},
        "this is not json",
        {"id": 2, "task": "shape-check", "config": {"hidden": 0}},
        {"id": 3, "task": "no-such-task", "config": {}},
    )
    assert replies[0]["type"] == "ready"
    assert replies[0]["torch"] == torch.__version__
    by_id = {reply.get("id"): reply for reply in replies[1:]}
    assert by_id[1]["type"] == "result"
    assert by_id[1]["data"]["outputs_shape"] == [3, 3, 4]
    assert by_id[2] == {
        "id": 2,
        "type": "error",
        "kind": "config",
        "message": "hidden must be from 1 to 512, not 0",
    }
    assert by_id[3]["kind"] == "config"
    assert by_id[None]["message"] == "bad request line"


def test_a_cancelled_request_does_not_run() -> None:
    replies = converse(
        {"cancel": 5},
        {"id": 5, "task": "shape-check", "config": {}},
    )
    assert replies[-1] == {"id": 5, "type": "error", "kind": "cancelled", "message": "cancelled"}
