"""A seeded monkey: random keys from every binding, arrows, letters, Enter, Escape and Tab."""

from __future__ import annotations

import random
import string

from textual.pilot import Pilot

from tui.app import TutorApp

NAVIGATION = ["up", "down", "left", "right", "home", "end", "pageup", "pagedown"]
CONTROL = ["enter", "escape", "tab", "shift+tab", "space", "backspace", "question_mark", "f1"]
BINDINGS = list("lsqeafdtgmvkcrxhiwybnpj12345")  # every letter and digit a screen binds


def keys(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pools = [NAVIGATION, CONTROL, BINDINGS, list(string.ascii_letters + string.digits + "[]/,()")]
    weights = [3, 4, 5, 1]
    return [rng.choice(rng.choices(pools, weights)[0]) for _ in range(count)]


async def run(app: TutorApp, pilot: Pilot, seed: int, count: int) -> set[str]:
    """Press `count` keys (simulated as a fast typist would); return the screens visited."""
    visited = set()
    for index, key in enumerate(keys(seed, count)):
        app.simulate_key(key)
        if index % 10 == 9:
            await pilot.pause()
            visited.add(type(app.screen).__name__)
    await pilot.pause()
    return visited
