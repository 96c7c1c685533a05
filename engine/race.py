"""The race: RNN, GRU and LSTM trained side by side on a long-dependency task.

Each model trains on its own thread of the engine process, so the models share the cores (torch
releases the GIL inside its operators); each stops early once solved (validation below 10% of
the memoryless baseline). The verdict says only what the run showed.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from engine import long_tasks
from engine.control import Cancelled, Control, Emit, no_emit
from engine.validation import ConfigError, build, capped, decimal, flag, one_of, whole_number

CELLS = ("rnn", "gru", "lstm")
TASKS = ("adding", "copy")
SOLVED_FRACTION = 0.10  # "solved": validation below this fraction of the baseline
STUCK_FRACTION = 0.90  # "stuck at baseline": final validation at or above this fraction
LIMITS = {"delay": (2, 400), "steps": (1, 20000), "hidden": (2, 256), "batch": (1, 512)}
JOIN_TIMEOUT = 0.4  # a cancelled contestant stops at its next step, milliseconds away


@dataclass(frozen=True)
class RaceConfig:
    task: str = "adding"
    delay: int = 50
    models: tuple[str, ...] = CELLS
    steps: int = 1500
    seed: int = 0
    lr: float = 0.01
    hidden: int = 32
    batch: int = 64
    clip: bool = True
    forget_bias: bool = False
    eval_every: int = 25

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "task", one_of("task", self.task, TASKS))
        for name, (low, high) in LIMITS.items():
            set_(self, name, whole_number(name, getattr(self, name), low, high))
        set_(self, "steps", capped(self.steps))
        set_(self, "seed", whole_number("seed", self.seed, 0, 2**31 - 1))
        set_(self, "lr", decimal("lr", self.lr, 1e-5, 10.0))
        set_(self, "clip", flag("clip", self.clip))
        set_(self, "forget_bias", flag("forget_bias", self.forget_bias))
        set_(self, "eval_every", whole_number("eval_every", self.eval_every, 1, 1000))
        models = self.models.split(",") if isinstance(self.models, str) else self.models
        models = tuple(dict.fromkeys(one_of("models", m, CELLS) for m in models if str(m).strip()))
        if not models:
            raise ConfigError("models must name at least one of rnn, gru, lstm")
        set_(self, "models", models)
        if self.task == "adding" and self.delay < 4:
            raise ConfigError("the adding problem needs a delay (sequence length) of at least 4")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RaceConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["models"] = list(self.models)
        return data

    @property
    def baseline(self) -> float:
        return long_tasks.baseline(self.task, self.delay)


@dataclass(frozen=True)
class ModelResult:
    params: int
    curve: list[list[float]]  # [step, mean training loss since the last point, validation]
    final_val: float | None
    solved_step: int | None
    steps_run: int
    seconds: float
    verdict: str
    horizon: dict[str, list[float]] | None = None  # echo and gradient through time, trained


@dataclass(frozen=True)
class RaceResult:
    config: RaceConfig
    models: dict[str, ModelResult]
    seconds: float  # wall time until every verdict was in
    torch_version: str
    baseline: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "baseline", self.config.baseline)

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.config.task,
            "delay": self.config.delay,
            "baseline": self.baseline,
            "solved_below": self.baseline * SOLVED_FRACTION,
            "config": self.config.to_dict(),
            "seed": self.config.seed,
            "models": {name: asdict(model) for name, model in self.models.items()},
            "seconds": self.seconds,
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RaceResult:
        return cls(
            config=RaceConfig.from_dict(data["config"]),
            models={name: ModelResult(**model) for name, model in data["models"].items()},
            seconds=data["seconds"],
            torch_version=data["torch_version"],
        )


def verdict(curve: list[list[float]], baseline: float, solved: bool, diverged: bool) -> str:
    """Say only what the curve shows."""
    if solved:
        return "solved"
    if diverged or not curve or not math.isfinite(curve[-1][2]):
        return "diverged: the loss stopped being a finite number"
    final = curve[-1][2]
    if final >= STUCK_FRACTION * baseline:
        return "stuck at baseline"
    quarter = curve[-max(2, len(curve) // 4) :]
    if quarter[-1][2] < 0.9 * quarter[0][2]:
        return "still improving at this budget"
    return "learned part of it, then plateaued"


def run(config: RaceConfig, emit: Emit = no_emit, control: Control | None = None) -> RaceResult:
    import torch

    from engine import race_worker

    # One intra-op thread each: the parallelism is the three models' threads (a caller outside
    # the engine, such as the benchmark, may not have set this).
    torch.set_num_threads(1)
    control = control or Control()
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    spec = {**config.to_dict(), "solved_below": config.baseline * SOLVED_FRACTION}
    workers = []
    for name in config.models:
        contestant = {**spec, "cell": name}
        model = race_worker.build(contestant)
        workers.append(
            threading.Thread(
                target=race_worker.train,
                args=(model, contestant, events, control),
                name=f"race-{name}",
                daemon=True,
            )
        )
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    live = {name: {"state": "running", "curve": [], "step": 0} for name in config.models}
    finals: dict[str, dict[str, Any]] = {}
    try:
        while len(finals) < len(workers):
            event = events.get()
            name = event["cell"]
            if event["type"] == "failed":
                raise RuntimeError(f"training the {name.upper()} failed: {event['message']}")
            live[name].update(curve=event["curve"], step=event.get("step", event.get("steps_run")))
            if event["type"] != "progress":
                finals[name] = event
                live[name]["state"] = "solved" if event["solved_step"] else event["type"]
            emit(
                {
                    "models": live,
                    "budget": config.steps,
                    "baseline": config.baseline,
                    "final": event["type"] != "progress",
                }
            )
    finally:
        if len(finals) < len(workers):
            control.cancel()  # one contestant failed: the others stop at their next step
        deadline = time.monotonic() + JOIN_TIMEOUT
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
    if control.cancelled:
        raise Cancelled
    seconds = time.perf_counter() - started
    models = {}
    for name in config.models:
        final = finals[name]
        curve = final["curve"]
        models[name] = ModelResult(
            params=final["params"],
            curve=curve,
            final_val=curve[-1][2] if curve else None,
            solved_step=final["solved_step"],
            steps_run=final["steps_run"],
            seconds=final["seconds"],
            verdict=verdict(
                curve,
                config.baseline,
                final["solved_step"] is not None,
                final["type"] == "diverged",
            ),
            horizon=final["horizon"],
        )

    return RaceResult(
        config=config, models=models, seconds=seconds, torch_version=torch.__version__
    )
