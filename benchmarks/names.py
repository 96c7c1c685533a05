"""run names: time to verdict, the app's defaults (10 languages x 200 surnames, a GRU with
embedding 16 and hidden 64, 15 epochs), on one torch thread as the engine process trains.
Target: within 60 s of training on 2 cores (issue 18).

Time to verdict: from the task's start (reading the surnames included) until its result, with
held-out accuracy and the confusion matrix, is there.
"""

from __future__ import annotations

import time

import torch

from engine import names
from engine.names import NamesConfig
from engine.server import warm_optimizer

TARGET_SECONDS = 60.0


def main() -> float:
    torch.set_num_threads(1)  # as engine.server does
    warm_optimizer()  # the engine does this while the learner reads; so do we
    config = NamesConfig()
    started = time.perf_counter()
    result = names.run(config)
    seconds = time.perf_counter() - started
    print(
        f"run names: time to verdict: {seconds:.1f} s (target <= {TARGET_SECONDS:.0f} s, "
        f"{'meets' if seconds <= TARGET_SECONDS else 'misses'}; {len(result.languages)} "
        f"languages x {result.names_per_language}, {config.cell.upper()} hidden {config.hidden}, "
        f"{config.epochs} epochs: held-out accuracy {result.accuracy:.3f} vs majority baseline "
        f"{result.baseline:.3f})"
    )
    return seconds


if __name__ == "__main__":
    main()
