"""Race: time until every verdict is in (adding, T=50, the app's defaults) divided by a bare
sequential PyTorch loop of the same three models (3 x 1500 steps, same sizes), in one run.
Target <= 0.4.

Also the engine's per-step overhead: its training loop (one model, on its race thread, with its
periodic validation) against a bare loop of the same steps. Target <= 1.10.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import torch

from engine import long_tasks, race
from engine.models import SequenceModel
from engine.race import RaceConfig
from engine.server import warm_optimizer

TARGET_VERDICT = 0.4
TARGET_OVERHEAD = 1.10


def plain_training(cell: str, config: RaceConfig) -> tuple[SequenceModel, Callable[[], None]]:
    """The plainest training of one race model, written without the engine: the model, seeded
    as the race seeds it, and one training step (the tests check the race against it too)."""
    torch.set_num_threads(1)
    torch.manual_seed(config.seed)
    model = SequenceModel(cell, 2, config.hidden, 1, False)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    stream = torch.Generator().manual_seed(config.seed)

    def step() -> None:
        x, y = long_tasks.batch("adding", config.batch, config.delay, stream)
        loss = torch.nn.functional.mse_loss(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    return model, step


def bare_loop(cell: str, steps: int, config: RaceConfig) -> float:
    """The plainest training loop for one model: seconds for `steps` steps."""
    _, step = plain_training(cell, config)
    started = time.perf_counter()
    for _ in range(steps):
        step()
    return time.perf_counter() - started


def main() -> tuple[float, float]:
    warm_optimizer()  # the engine does this while the learner reads; so do we
    config = RaceConfig()
    started = time.perf_counter()
    result = race.run(config)
    verdict_seconds = time.perf_counter() - started
    sequential = sum(bare_loop(cell, config.steps, config) for cell in config.models)
    ratio = verdict_seconds / sequential
    verdicts = ", ".join(f"{name} {model.verdict}" for name, model in result.models.items())
    print(
        f"race time to verdict / bare sequential loop: {ratio:.2f} (target <= {TARGET_VERDICT}, "
        f"{'meets' if ratio <= TARGET_VERDICT else 'misses'}; {verdict_seconds:.1f} s vs "
        f"{sequential:.1f} s; {verdicts})"
    )

    # Per-step overhead: one model that will not solve within the budget (an RNN at T=50),
    # alternated with the bare loop so both see the same machine; medians of three.
    steps, engine_times, bare_times = 600, [], []
    single = RaceConfig(models=("rnn",), steps=steps)
    for _ in range(3):
        engine_times.append(race.run(single).models["rnn"].seconds)
        bare_times.append(bare_loop("rnn", steps, single))
    engine_seconds, bare_seconds = statistics.median(engine_times), statistics.median(bare_times)
    overhead = engine_seconds / bare_seconds
    print(
        f"engine training loop / bare loop, per step: {overhead:.2f} (target <= "
        f"{TARGET_OVERHEAD}, {'meets' if overhead <= TARGET_OVERHEAD else 'misses'}; "
        f"{engine_seconds / steps * 1000:.2f} ms vs {bare_seconds / steps * 1000:.2f} ms a step)"
    )
    return ratio, overhead


if __name__ == "__main__":
    main()
