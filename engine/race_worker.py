"""One contestant of the race: trains one model on its own thread of the engine process.

Torch releases the GIL inside its operators, so three small models on three threads keep both
cores busy about as well as three processes did, without three more copies of torch in memory.
Reports to the coordinator through a queue: a progress message at every evaluation and one
final message. Every contestant of one seed draws the same data stream so the race is fair.
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
    """The contestant's model, initialised from its seed.

    Built on the coordinating thread, one after another: torch's default generator is shared by
    every thread, so building on the training threads would make the weights depend on timing.
    """
    inputs, outputs, every_step = long_tasks.sizes(spec["task"], spec["alphabet"])
    torch.manual_seed(spec["seed"])
    return SequenceModel(
        spec["cell"], inputs, spec["hidden"], outputs, every_step, spec["forget_bias"]
    )


def train(model: SequenceModel, spec: dict[str, Any], events: queue.Queue, control: Control):
    """Train for up to spec["steps"] steps, stopping early once solved; never raises."""
    try:
        events.put(_train(model, spec, events, control))
    except Exception as error:  # a torch error on this thread: the coordinator reports it
        events.put(
            {"cell": spec["cell"], "seed": spec["seed"], "type": "failed", "message": f"{error}"}
        )


def _train(model, spec, events, control) -> dict[str, Any]:
    name, task, delay, seed = spec["cell"], spec["task"], spec["delay"], spec["seed"]
    shape = {"symbols": spec["symbols"], "alphabet": spec["alphabet"]}
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"])
    parameters = list(model.parameters())
    stream = torch.Generator().manual_seed(seed)
    val_x, val_y = long_tasks.batch(
        task,
        VALIDATION_SIZE,
        delay,
        torch.Generator().manual_seed(seed + VALIDATION_SEED_OFFSET),
        **shape,
    )
    curve: list[list[float]] = []
    grad_norms: list[float] = []  # the largest gradient norm between evaluations
    largest = torch.zeros(())
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
        x, y = long_tasks.batch(task, spec["batch"], delay, stream, **shape)
        loss = long_tasks.loss(task, model(x), y)
        optimizer.zero_grad()
        loss.backward()
        # The norm before clipping is what shows a gradient exploding, clipped or not; kept as
        # a tensor so that measuring it costs no synchronisation until the next evaluation.
        if spec["clip"]:
            norm = torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        else:
            norm = torch.nn.utils.get_total_norm([p.grad for p in parameters])
        largest = torch.maximum(largest, norm)
        optimizer.step()
        losses.append(loss.item())
        if not math.isfinite(losses[-1]):
            status = "diverged"
        if step % spec["eval_every"] == 0 or step == spec["steps"] or status == "diverged":
            with torch.no_grad():
                val = long_tasks.loss(task, model(val_x), val_y).item()
            curve.append([step, sum(losses) / len(losses), val])
            grad_norms.append(largest.item())
            largest = torch.zeros(())
            losses.clear()
            if math.isfinite(val) and val < spec["solved_below"]:
                solved_step = step
            # A copy: the coordinator serialises it while this thread goes on appending.
            events.put(
                {
                    "cell": name,
                    "seed": seed,
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
        "seed": seed,
        "type": status,
        "horizon": horizon,
        "params": sum(p.numel() for p in model.parameters()),
        "curve": curve,
        "grad_norms": grad_norms,
        "steps_run": step,
        "solved_step": solved_step,
        "seconds": seconds,
    }
