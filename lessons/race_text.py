"""Plain-language readings of race results: the task, the verdict rules, seeds and spikes.

Every sentence is built from the run's own numbers; what a run did not show is not said.
"""

from __future__ import annotations

import math
import statistics

from engine.clipping import ClipDemoResult
from engine.race import RULES, SOLVED, ModelResult, RaceConfig, RaceResult

SUDDEN = 10  # a gradient this many times the typical one is called "far larger than usual"


def rules() -> list[str]:
    """The verdict rules, in the order they are tried (v: final validation, b: baseline)."""
    return [f"{name}: {rule}" for name, rule in RULES]


def task_line(config: RaceConfig) -> str:
    """What the task asks, which outputs are scored, and where its baseline comes from."""
    if config.task == "adding":
        return (
            f"adding, {config.delay} steps: many-to-one, only the last step's output "
            f"(output[:, -1]) feeds the head. Baseline 1/6: the MSE of always answering 1."
        )
    recall, choices = config.symbols, config.alphabet
    return (
        f"copy, {recall} symbols of {choices}, delay {config.delay}: many-to-many, every step's "
        f"output is scored. Baseline L·ln K / (T + 2L) = {recall}·ln {choices} / "
        f"({config.delay} + {2 * recall}) = {config.baseline:.4f}: say blank on time, guess the "
        f"symbols."
    )


def task_brief(config: RaceConfig) -> str:
    """task_line in one short line, for the Race tab under its settings."""
    if config.task == "adding":
        return "adding is many-to-one: only output[:, -1] feeds the head. Baseline 1/6."
    return (
        f"copy is many-to-many: every step's output is scored. Baseline {config.symbols}·ln "
        f"{config.alphabet} / ({config.delay} + {2 * config.symbols}) = {config.baseline:.4f}."
    )


def solved_cell(result: RaceResult, name: str) -> str:
    """'solved at step 400' for one seed; 'solved in 2 of 3 seeds' for several."""
    model = result.models[name]
    if len(model.runs) <= 1:
        return f"step {model.solved_step}" if model.solved_step else "-"
    return f"{model.solved_in} of {len(model.runs)} seeds"


def step_times(result: RaceResult) -> str:
    """Milliseconds a step for each model, from the run's own seconds and steps: why a model
    that solved in fewer steps can still have taken more seconds."""
    several = result.config.seeds > 1
    times = ", ".join(
        f"{name.upper()} {1000 * model.seconds / model.steps_run:.1f} ms"
        for name, model in result.models.items()
        if model.steps_run
    )
    return (
        f"Seconds are wall time, the models training at the same time, each on its own thread. "
        f"One training step (its share of the evaluations included) took: {times}"
        f"{' (median seeds)' if several else ''}; a model solved in fewer steps can still take "
        f"longer if each of its steps costs more."
    )


def seed_verdicts(result: RaceResult, name: str) -> str:
    """Every seed's verdict, for a race of several seeds ('' for one)."""
    runs = result.models[name].runs
    if len(runs) <= 1:
        return ""
    return ", ".join(
        f"seed {run.seed} " + (f"solved at {run.solved_step}" if run.solved_step else run.verdict)
        for run in runs
    )


def median_note(result: RaceResult) -> str:
    """Which seed's curves are shown, when there are several."""
    if result.config.seeds <= 1:
        return ""
    return (
        "Curves and final losses are each model's median seed (seeds ranked: solved first, "
        "earliest first, then by final validation loss)."
    )


def _times(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}× the baseline"


def spike_sentences(result: RaceResult) -> list[str]:
    """Loss spikes and divergence in the shown curves, with the gradient norm behind them."""
    lines = []
    clipped = result.config.clip
    for name, model in result.models.items():
        label = name.upper()
        if model.verdict.startswith("diverged"):
            lines.append(
                f"{label} diverged at step {model.steps_run}: its loss stopped being a finite "
                f"number, so training stopped. "
                + (
                    "Even clipped, each update moved the weights too far: lower the learning rate."
                    if clipped
                    else "With clipping off, one huge gradient can throw the weights out of "
                    "range; turn clipping on or lower the learning rate."
                )
            )
            continue
        for spike in model.spikes:
            lines.append(f"{label} seed {model.seed}: {_spike(model, spike, result.baseline)}.")
    return lines


def _spike(model: ModelResult, spike: list, baseline: float) -> str:
    step, peak, best, back = spike
    norm = _norm_at(model, step)
    text = (
        f"at step {step} the validation loss jumped from {_times(best, baseline)} (its best "
        f"so far) to {_times(peak, baseline)}"
    )
    if norm is not None:
        text += f", after a gradient of norm {norm:.3g}"
    if back is None:
        return text + "; it had not come back down by the end"
    return text + f"; it came back down by step {back}"


def _norm_at(model: ModelResult, step: float) -> float | None:
    for point, norm in zip(model.curve, model.grad_norms, strict=False):
        if point[0] == step:
            return norm
    return None


def clipping_story(demo: ClipDemoResult) -> list[str]:
    """What the clipping demo showed, model by model, at this budget and seed."""
    config = demo.config
    lines = [
        f"Seed {config.seed}, {config.steps} steps at lr {config.lr:g}, the same weights and "
        f"data both times; gradient norms are measured before any clipping."
    ]
    for name in config.models:
        off, on = demo.unclipped.models[name], demo.clipped.models[name]
        lines.append(
            f"{name.upper()}: clipping off: {_outcome(off, demo.unclipped.baseline)}; "
            f"clipping on: {_outcome(on, demo.clipped.baseline)}."
        )
    spiked = [n for n in config.models if demo.unclipped.models[n].spikes]
    calm = [n for n in spiked if not demo.clipped.models[n].spikes]
    both = [n for n in spiked if demo.clipped.models[n].spikes]
    only_clipped = [n for n in config.models if demo.clipped.models[n].spikes and n not in spiked]
    if calm:
        lines.append(f"At this budget, the {_names(calm)} spiked only without clipping.")
        sudden = []
        for name in calm:
            model = demo.unclipped.models[name]
            norm = _norm_at(model, model.spikes[0][0])
            usual = statistics.median(model.grad_norms)
            if norm is not None and norm >= SUDDEN * usual:
                sudden.append(f"{name.upper()} {norm:.3g} against a typical {usual:.2g}")
        if sudden:
            lines.append(
                "Each spike came right after a gradient far larger than usual ("
                + "; ".join(sudden)
                + f"; typical: the median of the largest in each {config.eval_every}-step "
                "stretch). The update such a gradient causes throws the weights far from where "
                "they were. Clipping rescales any gradient above norm 1 to norm 1, keeping its "
                "direction, so one batch cannot push the weights nearly as far."
            )
    if both:
        lines.append(
            f"The {_names(both)} spiked even with clipping: clipping bounds each gradient, "
            f"but at this learning rate the updates were still large enough."
        )
    if only_clipped:
        lines.append(
            f"The {_names(only_clipped)} spiked only with clipping: clipping does not rule out "
            f"every spike."
        )
    if not spiked and not only_clipped:
        lines.append("At this budget neither run spiked: here clipping changed little.")
    return lines


def _names(names: list[str]) -> str:
    return " and ".join(name.upper() for name in names)


def _largest(model: ModelResult) -> float:
    return max(model.grad_norms, default=math.nan)


def _outcome(model: ModelResult, baseline: float) -> str:
    parts = [
        model.verdict if model.verdict != SOLVED else f"solved at step {model.solved_step}",
        f"largest gradient norm {_largest(model):.3g}",
    ]
    if model.spikes:
        step, peak, _, _ = model.spikes[0]
        more = f" (and {len(model.spikes) - 1} more)" if len(model.spikes) > 1 else ""
        parts.append(f"spiked at step {int(step)} to {_times(peak, baseline)}{more}")
    else:
        parts.append("no spike")
    return ", ".join(parts)
