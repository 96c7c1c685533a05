"""The running app, measured from inside (Textual's headless driver, the real engine process):

* UI stall: the worst gap between beats of a 20 ms heartbeat timer, across start-up, the
  engine's start, a burst of shape-lab key presses, a full race and the app's full garbage
  collection after it, a names run, surnames typed while their guesses come back, and a
  generate run. Target <= 50 ms.
* Shape lab latency: Enter (run and reveal) to the result on screen, median. Target <= 50 ms.
* Memory: peak resident memory of the UI process plus the engine process (and any process either
  starts) during the race (RSS; PSS too, which splits shared pages). Target <= 450 MB total.

This process is the UI process, so it never imports torch (checked at the end).
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from tui.app import FULL_COLLECTION_EVERY, TutorApp
from tui.panels.generate import GeneratePanel
from tui.panels.names import NamesPanel
from tui.panels.race import RacePanel
from tui.panels.shape_lab import ShapeLabPanel

BEAT = 0.02
TARGET_STALL_MS, TARGET_LATENCY_MS, TARGET_MEMORY_MB = 50, 50, 450
REVEALS = 30


class Heartbeat(TutorApp):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.beats: list[float] = []

    def on_mount(self) -> None:
        # No super().on_mount(): Textual calls every class's handler along the MRO itself, and
        # calling it again here started a second engine process.
        self.set_interval(BEAT, lambda: self.beats.append(time.perf_counter()))

    def mark(self) -> int:
        """Where the next phase starts: the last beat so far, so a gap across it counts."""
        return max(len(self.beats) - 1, 0)

    def worst_gap_ms(self, since: int = 0) -> float:
        beats = self.beats[since:]
        return max((b - a for a, b in itertools.pairwise(beats)), default=0.0) * 1000


def _family(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def _memory_kb(pid: int, field: str) -> int:
    path = f"/proc/{pid}/smaps_rollup" if field == "Pss:" else f"/proc/{pid}/status"
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler:
    """Peak memory of a process and its descendants, sampled every 0.1 s on a thread: reading
    /proc takes milliseconds, which would count as UI stall if done on the event loop."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_rss = self.peak_pss = 0
        self.per_process: dict[str, int] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(0.1):
            pids = set(_family(self.root))
            rss = {pid: _memory_kb(pid, "VmRSS:") for pid in pids}
            self.peak_rss = max(self.peak_rss, sum(rss.values()))
            self.peak_pss = max(self.peak_pss, sum(_memory_kb(pid, "Pss:") for pid in pids))
            for pid, kb in rss.items():
                name = "UI" if pid == self.root else f"{_name(pid)} ({pid})"
                self.per_process[name] = max(self.per_process.get(name, 0), kb)


def _name(pid: int) -> str:
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return str(pid)
    return " ".join(part.decode(errors="replace") for part in arguments[1:3]) or str(pid)


async def measure() -> dict[str, Any]:
    app = Heartbeat(Path(tempfile.mkdtemp(prefix="rnn-tutor-bench-")))
    results: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(app.engine.wait_ready(), 120)
        phases = {"start-up": app.worst_gap_ms()}
        mark = app.mark()
        app.open_lesson("rnn-basics", "lab")
        await pilot.pause()
        await asyncio.sleep(0.5)
        phases["opening 6.4.2"] = app.worst_gap_ms(mark)
        mark = app.mark()
        lab = app.screen.query_one(ShapeLabPanel)
        result = lab.query_one("#lab-result", Static)
        for name, value in (("output", "3 7 16"), ("h_n", "1 3 16"), ("c_n", "1 3 16")):
            lab.query_one(f"#guess-{name}", Input).value = value
        latencies = []
        for index in range(REVEALS):
            lab.query_one("#lab-batch", Input).value = str(2 + index % 5)
            await pilot.pause()
            before = result.content
            lab.query_one("#guess-output", Input).focus()
            started = time.perf_counter()
            app.simulate_key("enter")
            while result.content is before or "Running" in str(result.content):
                await asyncio.sleep(0.0005)
            latencies.append((time.perf_counter() - started) * 1000)
        results["latency_ms"] = statistics.median(latencies)
        phases["shape-lab burst"] = app.worst_gap_ms(mark)
        mark = app.mark()

        app.open_lesson("lstm-gru", "race")
        await pilot.pause()
        await asyncio.sleep(0.5)
        phases["opening 6.4.3"] = app.worst_gap_ms(mark)
        mark = app.mark()
        panel = app.screen.query_one(RacePanel)
        sampler = MemorySampler(os.getpid())
        app.simulate_key("enter")
        while not panel.running:
            await asyncio.sleep(0.01)
        sampler.start()
        while panel.running:
            await asyncio.sleep(0.1)
        sampler.stop()
        await pilot.pause()
        phases["race"] = app.worst_gap_ms(mark)
        # The app defers its full garbage collection while a task runs: wait for the one after
        # the race, so its pause is measured too.
        mark = app.mark()
        full: list[float] = []
        note = partial(_note_full_collection, full)
        gc.callbacks.append(note)
        deadline = time.perf_counter() + FULL_COLLECTION_EVERY + 2
        while len(full) < 2 and time.perf_counter() < deadline:  # a start and a stop
            await asyncio.sleep(0.05)
        gc.callbacks.remove(note)
        await asyncio.sleep(0.1)
        phases["full collection after"] = app.worst_gap_ms(mark)
        results["collection_ms"] = (full[1] - full[0]) * 1000 if len(full) == 2 else None

        # The text lesson's two training runs stream an epoch every ~0.1-0.2 s, more often
        # than the race redraws; then surnames typed while its guesses come back.
        for tab, kind, label in (
            ("names", NamesPanel, "names run"),
            ("generate", GeneratePanel, "generate run"),
        ):
            app.open_lesson("text-sequences", tab)
            await pilot.pause()
            await asyncio.sleep(0.5)
            mark = app.mark()
            job = app.screen.query_one(kind)
            app.simulate_key("enter")
            while not job.running:
                await asyncio.sleep(0.01)
            while job.running:
                await asyncio.sleep(0.1)
            await pilot.pause()
            phases[label] = app.worst_gap_ms(mark)
            if tab == "names":
                mark = app.mark()
                field = job.query_one("#names-guess", Input)
                field.focus()
                for name in ("kowalski", "rossi", "dvorak", "schmidt", "nakamura"):
                    field.value = ""
                    for letter in name:
                        field.insert_text_at_cursor(letter)
                        await asyncio.sleep(0.08)  # a brisk typist
                    await asyncio.sleep(0.6)  # the guess comes back
                phases["typing surnames"] = app.worst_gap_ms(mark)
        results["stall_ms"] = app.worst_gap_ms()
        results["phases"] = phases
        results["rss_mb"] = sampler.peak_rss / 1024
        results["pss_mb"] = sampler.peak_pss / 1024
        results["per_process_mb"] = {name: kb / 1024 for name, kb in sampler.per_process.items()}
    assert "torch" not in sys.modules, "the UI process imported torch"
    return results


def _note_full_collection(times: list[float], phase: str, info: dict) -> None:
    if info["generation"] == 2:
        times.append(time.perf_counter())


def main() -> dict[str, Any]:
    results = asyncio.run(measure())
    verdict = {True: "meets", False: "misses"}
    print(
        f"UI stall, worst heartbeat gap: {results['stall_ms']:.0f} ms (target <= "
        f"{TARGET_STALL_MS}, {verdict[results['stall_ms'] <= TARGET_STALL_MS]}; a "
        f"{BEAT * 1000:.0f} ms beat through start-up, engine start, {REVEALS} shape-lab runs, "
        f"a full race and the garbage collection after it, a names run, typed surnames and a "
        f"generate run; worst by phase: "
        + ", ".join(f"{name} {gap:.0f} ms" for name, gap in results["phases"].items())
        + (
            f"; the full collection after the race took {results['collection_ms']:.0f} ms"
            if results["collection_ms"] is not None
            else "; no full collection came after the race"
        )
        + ")"
    )
    print(
        f"shape lab, Enter to result: median {results['latency_ms']:.1f} ms (target <= "
        f"{TARGET_LATENCY_MS}, {verdict[results['latency_ms'] <= TARGET_LATENCY_MS]})"
    )
    print(
        f"memory during a race, UI + engine processes: peak RSS {results['rss_mb']:.0f} MB, "
        f"PSS {results['pss_mb']:.0f} MB (target <= {TARGET_MEMORY_MB}: RSS "
        f"{verdict[results['rss_mb'] <= TARGET_MEMORY_MB]}, PSS "
        f"{verdict[results['pss_mb'] <= TARGET_MEMORY_MB]}; RSS counts shared pages once per "
        f"process, PSS divides them; peak RSS by process: "
        + ", ".join(f"{name} {mb:.0f} MB" for name, mb in results["per_process_mb"].items())
        + ")"
    )
    return results


if __name__ == "__main__":
    main()
