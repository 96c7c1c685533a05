"""Full garbage collections run on the app's own timer, between frames, and not mid-task
(unless a task has held them off for a minute)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from tui.app import FULL_COLLECTION_DEFERRED_AT_MOST, NO_AUTOMATIC_FULL_COLLECTION, TutorApp
from tui.engine_client import EngineClient


class Engine(EngineClient):
    """An engine client (no engine process) whose running task the test switches on and off."""

    busy = False


class Cycle:
    def __init__(self) -> None:
        self.me = self


def _garbage_cycle() -> weakref.ref:
    cycle = Cycle()
    gc.collect()  # everything older is collected now, so the cycle is all that is left
    return weakref.ref(cycle)  # the only strong reference is the cycle's own


async def test_full_collections_are_the_apps_own_and_wait_for_a_running_task(
    tmp_path: Path,
) -> None:
    before = gc.get_threshold()
    app = TutorApp(tmp_path, start_engine=False)
    app.engine = engine = Engine()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_threshold() == (*before[:2], NO_AUTOMATIC_FULL_COLLECTION)
        gc.disable()  # no young-generation pass may collect the cycle before the app does
        try:
            # A task is running: the collection waits (a reference cycle survives it).
            engine.busy = True
            cycle = _garbage_cycle()
            app.collect_garbage()
            assert cycle() is not None
            # Still running, but the last collection was long ago (a race left paused): collected.
            app.last_full_collection -= FULL_COLLECTION_DEFERRED_AT_MOST + 1
            app.collect_garbage()
            assert cycle() is None
            # Nothing running: collected.
            cycle = _garbage_cycle()
            engine.busy = False
            app.collect_garbage()
            assert cycle() is None
        finally:
            gc.enable()
    assert gc.get_threshold() == before
