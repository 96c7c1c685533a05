"""A stand-in engine process for UI tests of long tasks: it speaks the real protocol, answers a
race with a stream of progress events (fast, no torch) and honours cancel, pause and resume.

It never produces a result a learner could mistake for torch's: a race here only ever ends
cancelled. Other tasks are refused.
"""

from __future__ import annotations

import json
import sys
import threading
import time

state = {"cancelled": set(), "paused": set()}
lock = threading.Lock()


def send(message: dict) -> None:
    with lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


def race(request_id: int, config: dict) -> None:
    step = 0
    while request_id not in state["cancelled"]:
        time.sleep(0.02)
        if request_id in state["paused"]:
            continue
        step += 25
        curve = [[s, 0.2, 0.17] for s in range(25, step + 1, 25)]
        models = {
            name: {"state": "running", "curve": curve, "step": step, "seed": 0}
            for name in config["models"]
        }
        # A whole RaceProgress, as the engine sends it (the panel reads it with from_dict).
        event = {"models": models, "budget": config["steps"], "baseline": 0.17, "seeds": 1}
        send({"id": request_id, "type": "progress", "data": {**event, "final": False}})
    send({"id": request_id, "type": "error", "kind": "cancelled", "message": "cancelled"})


def main() -> None:
    send({"type": "ready", "torch": "fake", "pid": 0})
    for line in sys.stdin:
        message = json.loads(line)
        if "cancel" in message:
            state["cancelled"].add(message["cancel"])
        elif "pause" in message:
            state["paused"].add(message["pause"])
        elif "resume" in message:
            state["paused"].discard(message["resume"])
        elif message.get("task") == "race":
            threading.Thread(
                target=race, args=(message["id"], message["config"]), daemon=True
            ).start()
        else:
            send({"id": message.get("id"), "type": "error", "kind": "internal", "message": "fake"})


if __name__ == "__main__":
    main()
