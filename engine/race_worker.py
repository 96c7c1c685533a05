"""One contestant of the race: trains one model in its own process, on one torch thread.

Reports to the coordinator through a queue: a progress message at every evaluation and one
final message. Every contestant draws the same data stream (same seed) so the race is fair.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from typing import Any

import torch

from engine import long_tasks
from engine.horizon import SAMPLES, measure
from engine.models import SequenceModel

VALIDATION_SIZE = 256  # enough for a stable loss estimate; evaluation stays a small cost
VALIDATION_SEED_OFFSET = 1_000_003  # validation data never overlaps the training stream


def train(spec: dict[str, Any], events, stop, running) -> None:
    """Train spec["cell"] for up to spec["steps"] steps, stopping early once solved."""
    torch.set_num_threads(1)
    name, task, delay = spec["cell"], spec["task"], spec["delay"]
    inputs, outputs, every_step = long_tasks.sizes(task)
    torch.manual_seed(spec["seed"])
    model = SequenceModel(name, inputs, spec["hidden"], outputs, every_step, spec["forget_bias"])
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"])
    stream = torch.Generator().manual_seed(spec["seed"])
    val_x, val_y = long_tasks.batch(
        task,
        VALIDATION_SIZE,
        delay,
        torch.Generator().manual_seed(spec["seed"] + VALIDATION_SEED_OFFSET),
    )
    parent = multiprocessing.parent_process()
    curve: list[list[float]] = []
    solved_step = None
    status = "done"
    losses: list[float] = []
    started = time.perf_counter()
    paused_for = 0.0
    step = 0
    for step in range(1, spec["steps"] + 1):
        if not running.is_set():
            waited = time.perf_counter()
            while not running.wait(0.05) and not stop.is_set():
                pass
            paused_for += time.perf_counter() - waited
        if stop.is_set() or (parent is not None and not parent.is_alive()):
            status = "cancelled"
            break
        x, y = long_tasks.batch(task, spec["batch"], delay, stream)
        loss = long_tasks.loss(task, model(x), y)
        optimizer.zero_grad()
        loss.backward()
        if spec["clip"]:
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
        if not math.isfinite(losses[-1]):
            status = "diverged"
        if step % spec["eval_every"] == 0 or step == spec["steps"] or status == "diverged":
            with torch.no_grad():
                val = long_tasks.loss(task, model(val_x), val_y).item()
            curve.append([step, sum(losses) / len(losses), val])
            losses.clear()
            if math.isfinite(val) and val < spec["solved_below"]:
                solved_step = step
            events.put(
                {
                    "cell": name,
                    "type": "progress",
                    "step": step,
                    "curve": curve,
                    "seconds": time.perf_counter() - started - paused_for,
                }
            )
            if solved_step is not None or status == "diverged":
                break
    seconds = time.perf_counter() - started - paused_for  # training only, not the measuring
    # How far back the trained model reaches: the same measure as the memory-horizon tab.
    horizon = measure(model, val_x[:SAMPLES]) if status == "done" else None

    events.put(
        {
            "cell": name,
            "type": status,
            "horizon": horizon,
            "params": sum(p.numel() for p in model.parameters()),
            "curve": curve,
            "steps_run": step,
            "solved_step": solved_step,
            "seconds": seconds,
        }
    )
