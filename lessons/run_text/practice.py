"""The words for a practice run (6.4.4): the split, the scores beside the naive baselines."""

from __future__ import annotations

from typing import Any

from engine.practice import PracticeResult
from lessons.numbers import in_units
from lessons.practice_text import mase_sentence, number, rel_mae_sentence, trend_note
from lessons.words import counted


def lines(result: PracticeResult) -> list[str]:
    config, metrics = result.config, result.metrics
    shown = [
        f"{result.dataset['name']}: {result.dataset['length']} values; window {config.window}, "
        f"horizon {config.horizon}; training windows {tuple(result.window_shape)}",
        "split (target index ranges): "
        + ", ".join(f"{part} {tuple(span)}" for part, span in result.split.items()),
        f"{config.cell}, {result.params} parameters: {result.status} after "
        f"{counted(len(result.curve), 'epoch')}, best epoch {result.best_epoch}",
        f"{'validation':<28}{'MAE':>10}{'RMSE':>10}",
    ]
    for name in ("model", "persistence", "mean", "seasonal"):
        if name in metrics:
            shown.append(
                f"{name:<28}{in_units(metrics[name]['mae']):>10}{in_units(metrics[name]['rmse']):>10}"
            )
    shown += [rel_mae_sentence(metrics), mase_sentence(metrics)]
    note = trend_note(metrics, config.difference)
    if note:
        shown.append(note)
    if config.difference:
        shown.append("modelled: the differences x[t] - x[t-1], forecasts added back onto x[t-1]")
    if result.test is not None:
        test = result.test
        shown.append(
            f"test: model MAE {in_units(test['model']['mae'])}, persistence MAE "
            f"{in_units(test['persistence']['mae'])}, relative MAE {number(test['rel_mae'])}, "
            f"MASE {number(test['mase'])}"
        )
    return shown


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
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
