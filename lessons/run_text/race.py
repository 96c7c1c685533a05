"""The words for a race: the results table, the verdicts in one line, the progress line."""

from __future__ import annotations

from typing import Any

from engine.race import SOLVED_FRACTION, RaceProgress, RaceResult
from lessons.numbers import loss
from lessons.race_text import median_note, seed_verdicts, solved_cell, spike_sentences, task_line

HALVES = {"unclipped": "clipping off: ", "clipped": "clipping on: "}  # the clipping demo's


def lines(result: RaceResult) -> list[str]:
    config = result.config
    seeds = config.seed_list
    several = len(seeds) > 1
    which = f"seeds {seeds[0]}-{seeds[-1]}" if several else f"seed {config.seed}"
    solved = {}
    for name, model in result.models.items():
        solved[name] = solved_cell(result, name)
        if several and model.median_step:
            solved[name] += f", median step {model.median_step}"
        elif model.solved_step and not several:
            solved[name] += f", {model.seconds:.1f} s"
    width = max(len(text) for text in [*solved.values(), "solved"]) + 2
    shown = [
        task_line(config),
        f"solved below {result.baseline * SOLVED_FRACTION:.4f}; {which}, {config.steps} steps, "
        f"lr {config.lr:g}, clipping {'on' if config.clip else 'off'}; "
        f"all verdicts in {result.seconds:.1f} s",
        f"{'model':<6}{'params':>8}  {'solved':<{width}}{'final val':>10}  "
        + ("verdict of the median seed" if several else "verdict"),
    ]
    for name, model in result.models.items():
        final = loss(model.final_val)
        shown.append(
            f"{name:<6}{model.params:>8}  {solved[name]:<{width}}{final:>10}  {model.verdict}"
        )
    if several:
        shown += [f"  {name}: {seed_verdicts(result, name)}" for name in result.models]
        shown.append(median_note(result))
    return shown + spike_sentences(result)


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    return f"race {result['task']} delay {result['delay']}: {verdicts(result)}"


def verdicts(race: dict[str, Any]) -> str:
    """Each model's verdict; with several seeds, in how many it was solved (older records have
    neither runs nor spikes)."""
    parts = []
    for name, model in race["models"].items():
        runs = model.get("runs", [])
        if len(runs) > 1:
            text = f"{name.upper()} solved in {model['solved_in']} of {len(runs)} seeds"
        else:
            text = f"{name.upper()} {model['verdict']}"
        spikes = len(model.get("spikes", []))
        if spikes:
            text += f" ({spikes} loss spike{'s' if spikes > 1 else ''})"
        parts.append(text)
    return ", ".join(parts)


def progress_line(event: RaceProgress) -> str:
    several = event.seeds > 1
    parts = [
        f"{name} {model.state} {model.step}" + (f" seed {model.seed}" if several else "")
        for name, model in event.models.items()
    ]
    return HALVES.get(event.half, "") + " · ".join(parts)
