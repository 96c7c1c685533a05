"""Human-readable output of `rnn-tutor run TASK` (without --json): plain lines, quotable."""

from __future__ import annotations

from typing import Any

from engine.clipping import ClipDemoResult
from engine.practice import PracticeResult
from engine.race import SOLVED_FRACTION, RaceResult
from engine.shape_check import ShapeCheckResult
from engine.shape_failures import FailureResult
from engine.shapes import ShapesResult
from engine.trace import TraceResult
from lessons.failure_text import TITLES, explain
from lessons.practice_text import mase_sentence, number, rel_mae_sentence, trend_note
from lessons.race_text import (
    clipping_story,
    median_note,
    seed_verdicts,
    solved_cell,
    spike_sentences,
    task_line,
)
from lessons.shape_feedback import final_state_lines


def shape_check(data: dict[str, Any]) -> list[str]:
    # Exactly the syllabus's three lines: scripts compare against them.
    return ShapeCheckResult.from_dict(data).lines()


def shapes(data: dict[str, Any]) -> list[str]:
    result = ShapesResult.from_dict(data)
    lines = [f"model = {result.config.module_call()}"]
    for name, shape in result.shapes.items():
        labels = ", ".join(result.labels[name])
        lines.append(f"{name + ':':<8}{tuple(shape)!s:<16}[{labels}]")
    lines.append(
        f"parameters: {result.total_parameters} (sum of p.numel()); "
        f"by the formula: {result.formula_total}"
    )
    for row in result.formula:
        lines.append(f"  layer {row.layer} {row.direction}: {row.working} = {row.count}")
    for parameter in result.parameters:
        lines.append(
            f"  {parameter['name']:<24}{tuple(parameter['shape'])!s:<12}{parameter['numel']}"
        )
    if result.final_states:
        lines += final_state_lines(result)
    return lines


def shape_failure(data: dict[str, Any]) -> list[str]:
    result = FailureResult.from_dict(data)
    lines = [TITLES[result.config.mode] + ":", *result.code.splitlines(), ""]
    if result.raised:
        lines.append(f"RuntimeError: {result.error}")
    else:
        lines.append("no error; " + ", ".join(f"{k} {tuple(v)}" for k, v in result.shapes.items()))
    return [*lines, "", explain(result)]


def trace(data: dict[str, Any]) -> list[str]:
    result = TraceResult.from_dict(data)
    config = result.config
    name = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}[config.cell]
    radius = (
        ""
        if result.spectral_radius is None
        else (f", W_hh spectral radius {result.spectral_radius:.3f}")
    )
    lines = [
        f"nn.{name}({config.features}, {config.hidden}), pattern {config.pattern}, "
        f"seed {config.seed}{radius}",
        f"each step by hand (PyTorch's equations) vs nn.{name}:",
    ]
    for step in result.steps:
        lines.append(f"t={step['t']:<3} diff={step['diff']:.1e}  echo={step['echo']:.3f}")
        for label, values in [
            *step.get("gates", {}).items(),
            ("c", step.get("c")),
            ("h", step["h"]),
        ]:
            if values is not None:
                lines.append(f"    {label} = [{' '.join(f'{v:+.3f}' for v in values)}]")
    lines.append(f"max_abs_diff: {result.max_abs_diff:.3e}")
    return lines


def race(data: dict[str, Any]) -> list[str]:
    return race_lines(RaceResult.from_dict(data))


def race_lines(result: RaceResult) -> list[str]:
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
    lines = [
        task_line(config),
        f"solved below {result.baseline * SOLVED_FRACTION:.4f}; {which}, {config.steps} steps, "
        f"lr {config.lr:g}, clipping {'on' if config.clip else 'off'}; "
        f"all verdicts in {result.seconds:.1f} s",
        f"{'model':<6}{'params':>8}  {'solved':<{width}}{'final val':>10}  "
        + ("verdict of the median seed" if several else "verdict"),
    ]
    for name, model in result.models.items():
        final = "-" if model.final_val is None else f"{model.final_val:.4f}"
        lines.append(
            f"{name:<6}{model.params:>8}  {solved[name]:<{width}}{final:>10}  {model.verdict}"
        )
    if several:
        lines += [f"  {name}: {seed_verdicts(result, name)}" for name in result.models]
        lines.append(median_note(result))
    return lines + spike_sentences(result)


def clipping(data: dict[str, Any]) -> list[str]:
    demo = ClipDemoResult.from_dict(data)
    return [
        "clipping off:",
        *race_lines(demo.unclipped),
        "",
        "clipping on:",
        *race_lines(demo.clipped),
        "",
        *clipping_story(demo),
    ]


def practice(data: dict[str, Any]) -> list[str]:
    result = PracticeResult.from_dict(data)
    config, metrics = result.config, result.metrics
    lines = [
        f"{result.dataset['name']}: {result.dataset['length']} values; window {config.window}, "
        f"horizon {config.horizon}; training windows {tuple(result.window_shape)}",
        "split (target index ranges): "
        + ", ".join(f"{part} {tuple(span)}" for part, span in result.split.items()),
        f"{config.cell}, {result.params} parameters: {result.status} after "
        f"{len(result.curve)} epochs, best epoch {result.best_epoch}",
        f"{'validation':<28}{'MAE':>10}{'RMSE':>10}",
    ]
    for name in ("model", "persistence", "mean", "seasonal"):
        if name in metrics:
            lines.append(f"{name:<28}{metrics[name]['mae']:>10.4g}{metrics[name]['rmse']:>10.4g}")
    lines += [rel_mae_sentence(metrics), mase_sentence(metrics)]
    note = trend_note(metrics, config.difference)
    if note:
        lines.append(note)
    if config.difference:
        lines.append("modelled: the differences x[t] - x[t-1], forecasts added back onto x[t-1]")
    if result.test is not None:
        test = result.test
        lines.append(
            f"test: model MAE {test['model']['mae']:.4g}, persistence MAE "
            f"{test['persistence']['mae']:.4g}, relative MAE {number(test['rel_mae'])}, "
            f"MASE {number(test['mase'])}"
        )
    return lines


PRINTERS = {
    "shape-check": shape_check,
    "shapes": shapes,
    "shape-failure": shape_failure,
    "trace": trace,
    "race": race,
    "clipping": clipping,
    "practice": practice,
}
