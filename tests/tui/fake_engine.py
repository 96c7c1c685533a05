"""A stand-in engine process for UI tests of long tasks: it speaks the real protocol, answers a
race with a stream of progress events (fast, no torch) and honours cancel, pause and resume.

A race here only ever ends cancelled. A names run streams its epochs and ends with a canned,
well-formed result whose torch_version is "fake" (no torch here: the numbers are made up, not
learned), after which names-guess answers from it. Other tasks are refused.
"""

from __future__ import annotations

import json
import sys
import threading
import time

from engine import surnames

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


NAMES = ("english", "french", "german", "italian", "spanish", "dutch", "czech", "irish")
NAMES += ("finnish", "swedish")


def names_confusion(size: int) -> list[list[int]]:
    """A made-up confusion matrix, not symmetric (so a transposed table shows), 40 per row."""
    rows = []
    for r in range(size):
        row = [(3 * r + c) % 4 if c != r else 0 for c in range(size)]
        row[r] = 40 - sum(row)
        rows.append(row)
    return rows


def names(request_id: int, config: dict) -> None:
    epochs = int(config.get("epochs", 15))
    baseline = 1 / len(NAMES)
    curve = []
    for epoch in range(1, epochs + 1):
        time.sleep(0.02)
        if request_id in state["cancelled"]:
            send({"id": request_id, "type": "error", "kind": "cancelled", "message": "cancelled"})
            return
        curve.append([epoch, 2.3 / epoch, min(0.9, 0.1 + 0.05 * epoch)])
        event = {"epoch": epoch, "epochs": epochs, "curve": curve, "baseline": baseline}
        send({"id": request_id, "type": "progress", "data": event})
    confusion = names_confusion(len(NAMES))
    tests = {language: sum(row) for language, row in zip(NAMES, confusion, strict=True)}
    right = sum(confusion[i][i] for i in range(len(NAMES)))
    full = {
        "cell": "gru",
        "hidden": 64,
        "embedding": 16,
        "epochs": 15,
        "languages": list(NAMES),
        "per_language": 200,
        "seed": 0,
        "guess": "",
        **config,
    }
    result = {
        "config": full,
        "seed": full["seed"],
        "languages": list(NAMES),
        "sources": {language: "fake" for language in NAMES},
        "names_per_language": 200,
        "capped_by": None,
        "train_counts": {language: 160 for language in NAMES},
        "test_counts": tests,
        "accuracy": right / sum(tests.values()),
        "baseline": baseline,
        "per_language": {
            language: confusion[i][i] / tests[language] for i, language in enumerate(NAMES)
        },
        "confusion": confusion,
        "curve": curve,
        "most_confident_mistakes": [
            {"name": "meyers", "true": "english", "predicted": "dutch", "probability": 0.99}
        ],
        "guesses": {},
        "params": 1234,
        "seconds": 0.1,
        "torch_version": "fake",
    }
    state["names"] = full
    send({"id": request_id, "type": "result", "data": result})


def names_guess(request_id: int, config: dict) -> None:
    typed = str(config.get("name", "")).strip()
    letters = surnames.normalise(typed)  # the engine's own reading of a name (no torch)
    if not letters:
        message = "type a surname with at least one of the letters a to z"
    elif "names" not in state:
        message = "no names model has been trained in this engine process yet: run names first"
    else:
        guesses = [["czech", 0.6], ["german", 0.3], ["dutch", 0.1]]
        data = {
            "name": typed,
            "normalised": letters,
            "guesses": [{"language": name, "probability": p} for name, p in guesses],
            "trained": state["names"],
        }
        send({"id": request_id, "type": "result", "data": data})
        return
    send({"id": request_id, "type": "error", "kind": "config", "message": message})


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
        elif message.get("task") == "names":
            threading.Thread(
                target=names, args=(message["id"], message["config"]), daemon=True
            ).start()
        elif message.get("task") == "names-guess":
            names_guess(message["id"], message["config"])
        else:
            send({"id": message.get("id"), "type": "error", "kind": "internal", "message": "fake"})


if __name__ == "__main__":
    main()
