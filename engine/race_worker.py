"""One contestant of the race: trains one model on its own thread of the engine process.

Torch releases the GIL inside its operators, so three small models on three threads keep both
cores busy about as well as three processes did, without three more copies of torch in memory.
Reports to the coordinator through a queue: a progress message at every evaluation and one
final message. Every contestant draws the same data stream (same seed) so the race is fair.
"""

from __future__ import annotations

import math
import queue
import time
from typing import Any

import torch

from engine import long_tasks
from engine.control import Cancelled, Control
from engine.horizon import SAMPLES, measure
from engine.models import SequenceModel

VALIDATION_SIZE = 256  # enough for a stable loss estimate; evaluation stays a small cost
VALIDATION_SEED_OFFSET = 1_000_003  # validation data never overlaps the training stream


def build(spec: dict[str, Any]) -> SequenceModel:
    """The contestant's model, initialised from the race's seed.

    Built on the coordinating thread, one after another: torch's default generator is shared by
    every thread, so building on the training threads would make the weights depend on timing.
    """
    inputs, outputs, every_step = long_tasks.sizes(spec["task"])
    torch.manual_seed(spec["seed"])
    return SequenceModel(
        spec["cell"], inputs, spec["hidden"], outputs, every_step, spec["forget_bias"]
    )


def train(model: SequenceModel, spec: dict[str, Any], events: queue.Queue, control: Control):
    """Train for up to spec["steps"] steps, stopping early once solved; never raises."""
    try:
        events.put(_train(model, spec, events, control))
    except Exception as error:  # a torch error on this thread: the coordinator reports it
        events.put({"cell": spec["cell"], "type": "failed", "message": f"{error}"})


def _train(model, spec, events, control) -> dict[str, Any]:
    name, task, delay = spec["cell"], spec["task"], spec["delay"]
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"])
    stream = torch.Generator().manual_seed(spec["seed"])
    val_x, val_y = long_tasks.batch(
        task,
        VALIDATION_SIZE,
        delay,
        torch.Generator().manual_seed(spec["seed"] + VALIDATION_SEED_OFFSET),
    )
    curve: list[list[float]] = []
    solved_step = None
    status = "done"
    losses: list[float] = []
    started = time.perf_counter()
    paused_for = 0.0
    step = 0
    for step in range(1, spec["steps"] + 1):
        waited = time.perf_counter()
        try:
            control.checkpoint()
        except Cancelled:
            status = "cancelled"
            break
        paused_for += time.perf_counter() - waited
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
            # A copy: the coordinator serialises it while this thread goes on appending.
            events.put(
                {
                    "cell": name,
                    "type": "progress",
                    "step": step,
                    "curve": list(curve),
                    "seconds": time.perf_counter() - started - paused_for,
                }
            )
            if solved_step is not None or status == "diverged":
                break
    seconds = time.perf_counter() - started - paused_for  # training only, not the measuring
    # How far back the trained model reaches: the same measure as the memory-horizon tab.
    horizon = measure(model, val_x[:SAMPLES]) if status == "done" else None
    return {
        "cell": name,
        "type": status,
        "horizon": horizon,
        "params": sum(p.numel() for p in model.parameters()),
        "curve": curve,
        "steps_run": step,
        "solved_step": solved_step,
        "seconds": seconds,
    }
