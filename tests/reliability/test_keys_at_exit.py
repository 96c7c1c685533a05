"""Keys still queued when the app shuts down reach it after its screens are gone: they are
dropped, not a crash (the soak monkey found this)."""

from __future__ import annotations

from pathlib import Path

from tui.app import TutorApp


async def test_keys_queued_at_shutdown_are_dropped(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, start_engine=False)
    async with app.run_test(size=(80, 24)):
        for _ in range(300):
            app.simulate_key("t")  # the context closes with most of these still queued
