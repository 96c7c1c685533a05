"""One line per recorded run: the numbers a learner would quote from it."""

from __future__ import annotations

from typing import Any

from lessons.practice_text import number
from lessons.store import Run


def _shape(values: list[int]) -> str:
    return str(tuple(values))


def summarize(run: Run) -> str:
    result, config = run.result, run.config
    if run.task == "shape-check":
        return (
            f"GRU on {_shape(result['sequence_shape'])}: outputs "
            f"{_shape(result['outputs_shape'])}, hidden {_shape(result['hidden_shape'])}"
        )
    if run.task == "shapes":
        shapes = result["shapes"]
        states = ", ".join(
            f"{name} {_shape(shapes[name])}" for name in ("h_n", "c_n") if name in shapes
        )
        return (
            f"{config['cell'].upper()} on {_shape(shapes['input'])}: output "
            f"{_shape(shapes['output'])}, {states}; {result['total_parameters']} parameters"
        )
    if run.task == "shape-failure":
        outcome = result["error"] if result["raised"] else _silent(result["shapes"])
        return f"{config['mode']}: {outcome}"
    if run.task == "trace":
        radius = result["spectral_radius"]
        return (
            f"{config['cell'].upper()} trace {config['pattern']}, {config['steps']} steps, "
            + (f"radius {radius:.2f}, " if radius is not None else "")
            + f"|by hand − torch| ≤ {result['max_abs_diff']:.1e}"
        )
    if run.task == "race":
        return f"race {result['task']} delay {result['delay']}: {_verdicts(result)}"
    if run.task == "clipping":
        return (
            f"clipping demo, {result['unclipped']['task']} at lr {config['lr']:g}: off "
            f"{_verdicts(result['unclipped'])}; on {_verdicts(result['clipped'])}"
        )
    if run.task == "practice":
        metrics = result["metrics"]
        if "rel_mae" in metrics:
            scores = f"relative MAE {number(metrics['rel_mae'])}, MASE {number(metrics['mase'])}"
        else:  # recorded before MASE was scaled in-sample: its "mase" was the relative MAE
            scores = f"relative MAE {number(metrics['mase'])}"
        modelled = ", differences" if config.get("difference") else ""
        return (
            f"{config['cell']} on {result['dataset']['name']} (window {config['window']}, "
            f"horizon {config['horizon']}{modelled}): {scores}, best epoch {result['best_epoch']}"
        )
    if run.task == "practice-failure":
        broken = result["runs"]["broken"]
        where = f"{config['mode']} on {config.get('dataset') or 'your CSV'}"
        if "scores" not in broken:  # recorded before the scores were split by part
            return f"{where}: broken relative MAE {number(broken['mase'])}"
        scores = broken["scores"]
        text = f"{where}: broken run's relative MAE {number(scores['validation']['rel_mae'])}"
        if "future" in scores:
            text += f" on validation, {number(scores['future']['rel_mae'])} on the future block"
        return text
    return f"{run.task}: {_brief(result)}"


def _verdicts(race: dict[str, Any]) -> str:
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


def _silent(shapes: dict[str, Any]) -> str:
    return f"no error; output {_shape(shapes['output'])}, h_n {_shape(shapes['h_n'])}"


def _brief(result: dict[str, Any]) -> str:
    return ", ".join(
        f"{key}={value}" for key, value in result.items() if not isinstance(value, (dict, list))
    )[:120]
