"""The engine process speaks JSON lines: ready, results, config errors; bad lines are survived."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import torch

LAST = "last"  # the id of a request converse() adds, to learn that every other one is answered


def converse(*requests: dict | str | bytes) -> list[dict]:
    """Send the requests, one a line, and return every reply once all are answered.

    The input stays open until then: at end of input the engine cancels whatever is still queued.
    Tasks run in order, so the reply to one more request, sent last, means the others are done.
    The engine must then exit with status 0.
    """
    lines = [
        r if isinstance(r, bytes) else (r if isinstance(r, str) else json.dumps(r)).encode()
        for r in (*requests, {"id": LAST, "task": "shape-check", "config": {}})
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "engine.server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    watchdog = threading.Timer(60, process.kill)  # a hung engine fails the test, not the run
    watchdog.start()
    try:
        process.stdin.write(b"\n".join(lines) + b"\n")
        process.stdin.flush()
        replies = []
        while line := process.stdout.readline():
            replies.append(json.loads(line))
            if replies[-1].get("id") == LAST and replies[-1]["type"] != "progress":
                break
        _, stderr = process.communicate()
    finally:
        watchdog.cancel()
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    assert replies[-1] == {"id": LAST, "type": "result", "data": replies[-1]["data"]}
    return replies[:-1]


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


def test_a_line_that_is_not_a_request_object_is_refused_and_serving_goes_on() -> None:
    refused = (
        "[1,2]",
        '"x"',
        "3",
        "null",
        {"cancel": [1]},  # ids key a table, so they must be numbers or strings
        {"id": {"a": 1}, "task": "shape-check"},
        b"\xff\xfe not UTF-8",
    )
    replies = converse(*refused, {"id": 1, "task": "shape-check", "config": {}})
    assert replies[0]["type"] == "ready"
    refusals = replies[1:-1]
    assert len(refusals) == len(refused)
    for reply in refusals:
        assert reply.keys() == {"type", "kind", "message"}
        assert (reply["type"], reply["kind"]) == ("error", "internal")
        assert reply["message"].startswith("bad request line")
    assert replies[-1]["id"] == 1
    assert replies[-1]["type"] == "result"
