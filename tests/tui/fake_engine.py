"""A stand-in engine process for UI tests of long tasks: it speaks the real protocol, answers a
race with a stream of progress events (fast, no torch) and honours cancel, pause and resume.

It never produces a result a learner could mistake for torch's: a race here only ever ends
cancelled; tokens, pack and generate runs (ids and one-hot by hand, made-up tables, states
and numbers) say torch "fake": a test checks what a tab does with a result, not torch's
numbers. A names run streams its epochs and ends with such a result, after which names-guess
answers from it. Other tasks are refused.
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


# generate: canned, well-formed data in the shape of engine.generate's events and result.
FAKE_NAMES = ["xqzt", "aelo", "marin", "berto", "", "rossi"]  # "" : a sample ended at once


def generate(request_id: int, config: dict) -> None:
    epochs, baseline, curve = int(config["epochs"]), 2.9, []
    for epoch in range(1, epochs + 1):
        time.sleep(0.02)
        if request_id in state["cancelled"]:
            send({"id": request_id, "type": "error", "kind": "cancelled", "message": "cancelled"})
            return
        curve.append([epoch, 3.0 - 0.1 * epoch, 3.05 - 0.08 * epoch])
        names = [f"{name}{'a' * epoch}" if name else name for name in FAKE_NAMES]
        event = {"epoch": epoch, "epochs": epochs, "curve": curve, "baseline": baseline}
        send({"id": request_id, "type": "progress", "data": {**event, "samples": names}})
    chunk = int(config.get("tbptt_chunk") or 0)
    tbptt = {
        "chunk": chunk,
        "streams": 8,
        "steps_per_stream": 796,
        "chunks_per_epoch": 40,
        "graph_nodes": {"detached": [307, 307, 307], "not_detached": [307, 598, 889]},
        "without_detach": {"backward_calls_that_worked": 1, "error": "Trying to backward twice."},
    }
    result = {
        "config": config,
        "seed": config.get("seed", 0),
        "source": "fake",
        "train_names": 900,
        "held_out_names": 100,
        "baseline": baseline,
        "baseline_tokens": "fake",
        "held_out_baseline": 2.91,
        "curve": curve,
        "samples": [
            {"epoch": e, "names": FAKE_NAMES, "in_training": [n == "rossi" for n in FAKE_NAMES]}
            for e in range(1, epochs + 1)
        ],
        "params": 1,
        "seconds": 0.1,
        "torch_version": "fake",
        "tbptt": tbptt if chunk else None,
        "masking": {
            "names": 100,
            "length": 12,
            "real_targets": 700,
            "padded_targets": 500,
            "loss_masked": curve[-1][2],
            "loss_padding_scored": 4.5,
        },
    }
    state["generated"] = config
    send({"id": request_id, "type": "result", "data": result})


def generate_sample(request_id: int, config: dict) -> None:
    if "generated" not in state:
        message = "no generate model has been trained in this engine process yet"
        send({"id": request_id, "type": "error", "kind": "config", "message": message})
        return
    data = {
        "temperature": config["temperature"],
        "names": ["nova", "lind", "kask"],
        "in_training": [False, True, False],
        "trained": state["generated"],
    }
    send({"id": request_id, "type": "result", "data": data})


def tokens(request_id: int, config: dict) -> None:
    # The real task's fields, by hand: letters a to z are ids 1 to 26, 0 pads; the table is
    # made up (row i, column j is i / 10 + j / 100), its pad row zeros as padding_idx makes it.
    words = [
        word.strip().lower() for word in config.get("words", "rossi,li,schmidt,kowal").split(",")
    ]
    dim = int(config.get("embedding", 3))
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


def fake_lengths(config: dict) -> list[int]:
    """Every length from max_len down by twos (at least 1), turned by one so that the longest
    is last: [4, 2, 1, 6] for 4 sequences of at most 6 steps."""
    lengths = [max(1, config["max_len"] - 2 * i) for i in range(config["batch"])]
    return lengths[1:] + lengths[:1]


def pack(request_id: int, config: dict, lengths_only: bool) -> None:
    lengths = fake_lengths(config)
    result = {"config": config, "seed": config["seed"], "lengths": lengths}
    if not lengths_only:
        batch, steps, hidden = config["batch"], config["max_len"], config["hidden"]
        features = config["features"]
        order = sorted(range(batch), key=lambda i: -lengths[i])
        h_n = [[0.1 * (i + 1)] * hidden for i in range(batch)]
        # The padded run is off by 0.25 for every sequence shorter than the longest.
        naive = [[v + (0.25 if lengths[i] < steps else 0.0) for v in h_n[i]] for i in range(batch)]
        result |= {
            "input": [[[0.0] * features] * steps] * batch,
            "state_dict": {},
            "output": [[[0.0] * hidden] * steps] * batch,
            "h_n": [h_n],
            "naive_last": naive,
            "batch_sizes": [sum(1 for n in lengths if n > t) for t in range(steps)],
            "sorted_indices": order,
            "unsorted_indices": sorted(range(batch), key=order.index),
            "shapes": {
                "input": [batch, steps, features],
                "packed_data": [sum(lengths), features],
                "batch_sizes": [steps],
                "output": [batch, steps, hidden],
                "padded_output": [batch, steps, hidden],
                "h_n": [1, batch, hidden],
                "naive_last": [batch, hidden],
            },
            "sequences": [
                {"index": i, "length": n, "naive_is_last": n == steps, "naive_gap": gap}
                for i, n in enumerate(lengths)
                for gap in [0.0 if n == steps else 0.25]
            ],
            "c_n": None,
            "torch_version": "fake",
        }
    send({"id": request_id, "type": "result", "data": result})


def pack_run(request_id: int, config: dict) -> None:
    pack(request_id, config, lengths_only=False)


def pack_lengths(request_id: int, config: dict) -> None:
    pack(request_id, config, lengths_only=True)


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


ANSWERS = {
    "tokens": tokens,
    "pack": pack_run,
    "pack-lengths": pack_lengths,
    "generate": generate,
    "generate-sample": generate_sample,
    "names": names,
    "names-guess": names_guess,
}


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
        elif message.get("task") in ANSWERS:
            answer = ANSWERS[message["task"]]
            threading.Thread(
                target=answer, args=(message["id"], message["config"]), daemon=True
            ).start()
        else:
            send({"id": message.get("id"), "type": "error", "kind": "internal", "message": "fake"})


if __name__ == "__main__":
    main()
