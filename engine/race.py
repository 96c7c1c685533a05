"""The race: RNN, GRU and LSTM trained side by side on a long-dependency task.

Every (model, seed) pair is one contestant. Contestants train on a few threads of the engine
process, so the models share the cores (torch releases the GIL inside its operators); each
stops early once solved. Verdicts follow the written rules in RULES, and with several seeds
each model reports how many seeds solved the task and the curves of its median seed.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from engine import long_tasks
from engine.control import Cancelled, Control, Emit, Progress, no_emit
from engine.options import option
from engine.validation import ConfigError, build, capped, decimal, flag, one_of, whole_number

CELLS = ("rnn", "gru", "lstm")
TASKS = ("adding", "copy")
DEFAULT_DELAY = {"adding": 50, "copy": 20}
SOLVED_FRACTION = 0.10  # solved: validation below this fraction of the baseline
NEAR_BASELINE = 0.10  # stuck: within this fraction of the baseline; worse: more above it
IMPROVING = 0.05  # still improving: the last quarter's best this much below the best before
SPIKE_FACTOR = 2.0  # a spike: validation above the baseline and this many times the best so far
LIMITS = {
    "delay": (2, 400),
    "steps": (1, 20000),
    "hidden": (2, 256),
    "batch": (1, 512),
    "seeds": (1, 10),
    "symbols": (1, 20),
    "alphabet": (2, 26),
}
JOIN_TIMEOUT = 0.4  # a cancelled contestant stops at its next step, milliseconds away

DIVERGED = "diverged: the loss stopped being a finite number"
SOLVED = "solved"
WORSE = "worse than baseline"
STUCK = "stuck at baseline"
IMPROVING_VERDICT = "still improving at this budget"
PLATEAUED = "plateaued"
TOO_SHORT = "too short to tell"

# The rules, in the order they are tried; v is the final validation loss, b the baseline.
RULES = (
    ("diverged", "a training or validation loss was not a finite number"),
    (SOLVED, f"v fell below {SOLVED_FRACTION:.0%} of b (training stops there)"),
    (WORSE, f"v is more than {NEAR_BASELINE:.0%} above b"),
    (STUCK, f"v is within {NEAR_BASELINE:.0%} of b"),
    (
        "still improving",
        "the best validation loss in the last quarter of the steps is more than "
        f"{IMPROVING:.0%} below the best before it",
    ),
    (TOO_SHORT, "there was only one evaluation, so nothing to compare it with"),
    (PLATEAUED, "otherwise"),
)


@dataclass(frozen=True)
class RaceConfig:
    task: str = field(default="adding", metadata=option("adding or copy"))
    # None: the task's own default, DEFAULT_DELAY
    delay: int | None = field(
        default=None,
        metadata=option(
            "sequence length (adding), or steps from the last symbol to the delimiter that asks "
            f"for them (copy); default {DEFAULT_DELAY['adding']} for adding, "
            f"{DEFAULT_DELAY['copy']} for copy"
        ),
    )
    symbols: int = field(
        default=long_tasks.SYMBOLS, metadata=option("copy task: how many symbols to recall")
    )
    alphabet: int = field(
        default=long_tasks.ALPHABET, metadata=option("copy task: how many different symbols")
    )
    models: tuple[str, ...] = field(default=CELLS, metadata=option("comma-separated: rnn,gru,lstm"))
    steps: int = field(default=1500, metadata=option("training steps budget per model"))
    seed: int = field(default=0, metadata=option("random seed (weights and data)"))
    seeds: int = field(  # each model is trained once per seed: seed, seed + 1, ...
        default=1, metadata=option("train each model from this many seeds: seed, seed+1, ...")
    )
    lr: float = field(default=0.01, metadata=option("Adam learning rate"))
    hidden: int = field(default=32, metadata=option("hidden_size of every model"))
    batch: int = field(default=64, metadata=option("sequences per training step"))
    clip: bool = field(default=True, metadata=option("do not clip gradients"))
    forget_bias: bool = field(
        default=False, metadata=option("start the LSTM forget gate bias at 1")
    )
    eval_every: int = 25  # steps between evaluations: a knob for tests, not for a learner

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "task", one_of("task", self.task, TASKS))
        if self.delay is None or (isinstance(self.delay, str) and not self.delay.strip()):
            set_(self, "delay", DEFAULT_DELAY[self.task])
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
        return long_tasks.baseline(self.task, self.delay, self.symbols, self.alphabet)

    @property
    def seed_list(self) -> list[int]:
        return list(range(self.seed, self.seed + self.seeds))


@dataclass(frozen=True)
class SeedOutcome:
    """How one seed of one model ended."""

    seed: int
    solved_step: int | None
    final_val: float | None
    steps_run: int
    seconds: float
    verdict: str
    max_grad_norm: float | None  # the largest gradient norm seen, measured before clipping
    spikes: int  # how many loss spikes, see find_spikes


@dataclass(frozen=True)
class ModelResult:
    """One model's result: the curves and numbers of its median seed, and every seed's end."""

    params: int
    curve: list[list[float]]  # [step, mean training loss since the last point, validation]
    final_val: float | None
    solved_step: int | None
    steps_run: int
    seconds: float
    verdict: str
    horizon: dict[str, list[float]] | None = None  # echo and gradient through time, trained
    seed: int = 0  # the seed the curves are from: the median seed
    grad_norms: list[float] = field(default_factory=list)  # per curve point, before clipping
    spikes: list[list] = field(default_factory=list)  # [step, peak, best before, back at]
    runs: list[SeedOutcome] = field(default_factory=list)  # every seed, in seed order
    solved_in: int = 0  # how many seeds solved it
    median_step: int | None = None  # the median seed's solved step (unsolved counts as last)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelResult:
        runs = [SeedOutcome(**run) for run in data.get("runs", [])]
        return cls(**{**data, "runs": runs})


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
            "seeds": self.config.seed_list,
            "models": {name: asdict(model) for name, model in self.models.items()},
            "seconds": self.seconds,
            "torch_version": self.torch_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RaceResult:
        return cls(
            config=RaceConfig.from_dict(data["config"]),
            models={name: ModelResult.from_dict(model) for name, model in data["models"].items()},
            seconds=data["seconds"],
            torch_version=data["torch_version"],
        )


@dataclass(frozen=True)
class ModelProgress:
    """One model while the race runs: its lowest seed still running (or its last one)."""

    state: str  # running; when every seed is done: solved, diverged or done
    curve: list[list[float]]  # [step, train, validation] so far
    step: int
    seed: int
    seeds_done: int = 0
    solved_in: int = 0


@dataclass(frozen=True)
class RaceProgress(Progress):
    """Every model's progress, sent whenever one of them reports."""

    models: dict[str, ModelProgress]
    budget: int  # the steps budget per model
    baseline: float
    seeds: int
    final: bool  # this event reports a contestant's end (a progress throttle must keep it)
    half: str = ""  # the clipping demo: "unclipped" or "clipped", the race this belongs to

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RaceProgress:
        models = {name: ModelProgress(**model) for name, model in data["models"].items()}
        return cls(**{**data, "models": models})

    @property
    def settled(self) -> bool:
        return self.final and all(model.state != "running" for model in self.models.values())


def verdict(curve: list[list[float]], baseline: float, diverged: bool = False) -> str:
    """The first of RULES that the curve meets."""
    values = [point[2] for point in curve]
    if diverged or not values or not all(math.isfinite(v) for v in values):
        return DIVERGED
    final = values[-1]
    if final < SOLVED_FRACTION * baseline:
        return SOLVED
    if final > (1 + NEAR_BASELINE) * baseline:
        return WORSE
    if final >= (1 - NEAR_BASELINE) * baseline:
        return STUCK
    cut = 0.75 * curve[-1][0]  # the last quarter of the steps run
    before = [point[2] for point in curve if point[0] <= cut]
    last = [point[2] for point in curve if point[0] > cut]
    if not before:
        return TOO_SHORT
    if min(last) < (1 - IMPROVING) * min(before):
        return IMPROVING_VERDICT
    return PLATEAUED


def find_spikes(curve: list[list[float]], baseline: float) -> list[list[float]]:
    """Loss spikes: the validation loss jumps above the baseline to more than SPIKE_FACTOR times
    the best before it. One [step, highest validation in the spike, best before, the step it
    came back down at (or None: not by the end)] for each."""
    spikes: list[list] = []
    best, inside = math.inf, False
    for step, _, val in curve:
        if not math.isfinite(val):
            break
        high = val > baseline and val > SPIKE_FACTOR * best
        if high and not inside:
            spikes.append([step, val, best, None])
        elif high:
            spikes[-1][1] = max(spikes[-1][1], val)
        elif inside:
            spikes[-1][3] = step
        inside = high
        best = min(best, val)
    return spikes


def median_seed(outcomes: list[SeedOutcome]) -> SeedOutcome:
    """The middle seed, ranked by how well it did: solved ones first, earliest first, then the
    rest by final validation loss. Of an even number, the worse of the middle two."""

    def rank(outcome: SeedOutcome) -> tuple[int, float]:
        if outcome.solved_step is not None:
            return (0, outcome.solved_step)
        final = outcome.final_val
        return (1, final if final is not None and math.isfinite(final) else math.inf)

    ranked = sorted(outcomes, key=rank)
    return ranked[len(ranked) // 2]


def run(config: RaceConfig, emit: Emit = no_emit, control: Control | None = None) -> RaceResult:
    import torch

    from engine import race_worker

    # One intra-op thread each: the parallelism is the contestants' threads (a caller outside
    # the engine, such as the benchmark, may not have set this).
    torch.set_num_threads(1)
    control = control or Control()
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    spec = {**config.to_dict(), "solved_below": config.baseline * SOLVED_FRACTION}
    # Seed by seed, so the first seed of every model starts at once. Every model is built here,
    # one after another: torch's default generator is shared by every thread.
    jobs: queue.SimpleQueue = queue.SimpleQueue()
    for seed in config.seed_list:
        for name in config.models:
            contestant = {**spec, "cell": name, "seed": seed}
            jobs.put((race_worker.build(contestant), contestant))
    total = len(config.models) * config.seeds
    # As many threads as models: one seed's contestants run together, and a thread whose
    # contestant stopped early (solved) takes the next one instead of idling.
    workers = [
        threading.Thread(
            target=_contestants,
            args=(jobs, events, control),
            name=f"race-{number}",
            daemon=True,
        )
        for number in range(min(len(config.models), total))
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    tracker = _Progress(config)
    finals: dict[tuple[str, int], dict[str, Any]] = {}
    try:
        while len(finals) < total:
            event = events.get()
            name = event["cell"]
            if event["type"] == "failed":
                raise RuntimeError(f"training the {name.upper()} failed: {event['message']}")
            final = event["type"] != "progress"
            if final:
                finals[name, event["seed"]] = event
            emit(
                RaceProgress(
                    models=tracker.update(event),
                    budget=config.steps,
                    baseline=config.baseline,
                    seeds=config.seeds,
                    final=final,
                )
            )
    finally:
        if len(finals) < total:
            control.cancel()  # one contestant failed: the others stop at their next step
        deadline = time.monotonic() + JOIN_TIMEOUT
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
    if control.cancelled:
        raise Cancelled
    seconds = time.perf_counter() - started
    models = {
        name: _model_result(config, [finals[name, seed] for seed in config.seed_list])
        for name in config.models
    }
    return RaceResult(
        config=config, models=models, seconds=seconds, torch_version=torch.__version__
    )


def _contestants(jobs: queue.SimpleQueue, events: queue.Queue, control: Control) -> None:
    from engine import race_worker

    while not control.cancelled:
        try:
            model, spec = jobs.get_nowait()
        except queue.Empty:
            return
        race_worker.train(model, spec, events, control)


class _Progress:
    """What the screen shows of each model while the race runs: its lowest running seed."""

    def __init__(self, config: RaceConfig) -> None:
        self.config = config
        self.latest: dict[tuple[str, int], dict[str, Any]] = {}
        self.done: dict[tuple[str, int], dict[str, Any]] = {}

    def update(self, event: dict[str, Any]) -> dict[str, ModelProgress]:
        key = (event["cell"], event["seed"])
        self.latest[key] = event
        if event["type"] != "progress":
            self.done[key] = event
        return {name: self._model(name) for name in self.config.models}

    def _model(self, name: str) -> ModelProgress:
        seeds = self.config.seed_list
        finished = [seed for seed in seeds if (name, seed) in self.done]
        solved = sum(1 for seed in finished if self.done[name, seed]["solved_step"] is not None)
        running = [s for s in seeds if (name, s) in self.latest and s not in finished]
        shown = running[0] if running else (finished[-1] if finished else seeds[0])
        event = self.latest.get((name, shown), {})
        if len(finished) < len(seeds):
            state = "running"
        elif len(seeds) == 1:
            state = "solved" if solved else event.get("type", "done")
        else:
            state = "done"
        return ModelProgress(
            state=state,
            curve=event.get("curve", []),
            step=event.get("step", event.get("steps_run", 0)),
            seed=shown,
            seeds_done=len(finished),
            solved_in=solved,
        )


def _largest(norms: list[float]) -> float | None:
    # max() is undefined with NaN among the values; a NaN norm is as bad as an infinite one.
    return max((n if math.isfinite(n) else math.inf for n in norms), default=None)


def _model_result(config: RaceConfig, finals: list[dict[str, Any]]) -> ModelResult:
    baseline = config.baseline
    outcomes, details = [], {}
    for final in finals:
        curve = final["curve"]
        outcome = SeedOutcome(
            seed=final["seed"],
            solved_step=final["solved_step"],
            final_val=curve[-1][2] if curve else None,
            steps_run=final["steps_run"],
            seconds=final["seconds"],
            verdict=verdict(curve, baseline, final["type"] == "diverged"),
            max_grad_norm=_largest(final["grad_norms"]),
            spikes=len(find_spikes(curve, baseline)),
        )
        outcomes.append(outcome)
        details[outcome.seed] = final
    middle = median_seed(outcomes)
    final = details[middle.seed]
    solved = [o.solved_step for o in outcomes if o.solved_step is not None]
    return ModelResult(
        params=final["params"],
        curve=final["curve"],
        final_val=middle.final_val,
        solved_step=middle.solved_step,
        steps_run=middle.steps_run,
        seconds=middle.seconds,
        verdict=middle.verdict,
        horizon=final["horizon"],
        seed=middle.seed,
        grad_norms=final["grad_norms"],
        spikes=find_spikes(final["curve"], baseline),
        runs=outcomes,
        solved_in=len(solved),
        median_step=middle.solved_step,
    )
