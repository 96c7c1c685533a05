"""A stand-in engine process for UI tests of long tasks: it speaks the real protocol, answers a
race with a stream of progress events (fast, no torch) and honours cancel, pause and resume.

It never produces a result a learner could mistake for torch's: a race here only ever ends
cancelled, and a tokens run (ids and one-hot by hand, a made-up embedding table) says torch
"fake". Other tasks are refused.
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


def tokens(request_id: int, config: dict) -> None:
    # The real task's fields, by hand: letters a to z are ids 1 to 26, 0 pads; the table is
    # made up (row i, column j is i / 10 + j / 100), its pad row zeros as padding_idx makes it.
    words = [
        word.strip().lower() for word in config.get("words", "rossi,li,schmidt,kowal").split(",")
    ]
    dim = int(config.get("embedding", 4))
    word_ids = [[ord(char) - ord("a") + 1 for char in word] for word in words]
    longest = max(map(len, word_ids))
    ids = [each + [0] * (longest - len(each)) for each in word_ids]
    table = [[0.0] * dim] + [[i / 10 + j / 100 for j in range(dim)] for i in range(1, 27)]
    data = {
        "config": {"words": ",".join(words), "embedding": dim, "seed": config.get("seed", 0)},
        "seed": config.get("seed", 0),
        "vocab": ["<pad>", *"abcdefghijklmnopqrstuvwxyz"],
        "words": words,
        "word_ids": word_ids,
        "lengths": [len(each) for each in word_ids],
        "ids": ids,
        "one_hot_dtype": "torch.int64",
        "one_hot": [[[float(k == i) for k in range(27)] for i in row] for row in ids],
        "table": table,
        "embedded": [[table[i] for i in row] for row in ids],
        "shapes": {
            "ids": [len(ids), longest],
            "one_hot": [len(ids), longest, 27],
            "embedded": [len(ids), longest, dim],
            "table": [27, dim],
        },
        "torch_version": "fake",
    }
    send({"id": request_id, "type": "result", "data": data})


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
        elif message.get("task") == "tokens":
            tokens(message["id"], message["config"])
        else:
            send({"id": message.get("id"), "type": "error", "kind": "internal", "message": "fake"})


if __name__ == "__main__":
    main()
