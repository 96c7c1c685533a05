"""What the practice screens say follows the numbers: relative MAE and MASE each under its own
name, leak verdicts from the gaps, early stopping read off the curve, one-line run summaries."""

from __future__ import annotations

from lessons.practice_text import (
    early_stop,
    explain_failure,
    mase_sentence,
    rel_mae_sentence,
)
from lessons.run_summary import summarize
from lessons.store import Run

NAIVE = {"kind": "naive", "period": 1, "mae": 2.0}
SEASONAL = {"kind": "seasonal", "period": 52, "mae": 1.25}


def metrics(rel_mae: float | None, mase: float | None, scale=NAIVE, persistence=1.0) -> dict:
    return {
        "model": {"mae": 1.0, "rmse": 1.0},
        "persistence": {"mae": persistence, "rmse": persistence},
        "rel_mae": rel_mae,
        "mase": mase,
        "mase_scale": scale,
    }


def test_relative_mae_decides_the_verdict_and_mase_is_named_by_its_scale() -> None:
    # co2's case: persistence wins on the targets, while the error is below a seasonal step.
    loses = metrics(2.2, 0.73, SEASONAL)
    assert rel_mae_sentence(loses).startswith("Relative MAE 2.200 (model MAE / persistence MAE")
    assert "no, persistence's error is lower" in rel_mae_sentence(loses)
    assert mase_sentence(loses).startswith("MASE 0.730 (model MAE / the in-sample MAE of seasonal")
    assert "52 steps back" in mase_sentence(loses) and "smaller than one such step" in (
        mase_sentence(loses)
    )
    wins = metrics(0.5, 1.3)
    assert "yes, its error is 50% of persistence's" in rel_mae_sentence(wins)
    assert "of persistence over the training part, 2:" in mase_sentence(wins)
    assert "larger than one such step" in mase_sentence(wins)
    flat = metrics(float("inf"), float("inf"), persistence=0.0)
    assert "persistence made no error at all" in rel_mae_sentence(flat)
    assert "cannot be computed" in mase_sentence(flat)


def leak_run(val: float, future: float, **extra) -> dict:
    part = {"targets": 10, "model": {"mae": 1.0}, "persistence": {"mae": 1.0}}
    return {
        "config": {"dataset": "sunspots", "csv": ""},
        "curve": [[1, 1.0, 1.0]],
        "best_epoch": 1,
        "scores": {
            "validation": {**part, "rel_mae": val, "mase": val},
            "future": {**part, "rel_mae": future, "mase": future},
        },
        **extra,
    }


def test_a_leak_verdict_follows_the_gaps_between_validation_and_future() -> None:
    honest = leak_run(0.40, 0.45)  # gap 0.05
    flattered = explain_failure(
        "leak-shuffle",
        {"honest": honest, "broken": leak_run(0.30, 0.45, neighbours_in_training=9)},
    )
    assert "honest validation 0.400, future 0.450 (+0.050)" in flattered
    assert "leaky validation 0.300, future 0.450 (+0.150)" in flattered
    assert "9 of its 10 validation windows had a neighbour" in flattered
    assert "flattered it by 0.100 more than the honest run's" in flattered
    not_flattered = explain_failure(
        "leak-normalise", {"honest": honest, "broken": leak_run(0.41, 0.42)}
    )
    assert "did not flatter it more than the honest run's did" in not_flattered
    assert "moved validation from 0.400 to 0.410 and the future from 0.450 to 0.420" in (
        not_flattered
    )
    same = explain_failure("leak-normalise", {"honest": honest, "broken": leak_run(0.40, 0.46)})
    assert "the two gaps are within 0.02 of each other" in same


def test_early_stopping_is_read_off_the_validation_curve() -> None:
    curve = [[1, 1.0, 0.9], [2, 0.8, 0.5], [3, 0.7, 0.6], [4, 0.6, 0.4], [5, 0.5, 0.7]]
    curve += [[6, 0.4, 0.8], [7, 0.3, 0.9]]
    assert early_stop(curve, 2) == (6, 4)
    assert early_stop(curve, 1) == (3, 2)  # stops at the first epoch without a better loss
    assert early_stop(curve, 10) == (7, 4)  # never stops: the whole run, its best epoch


def test_the_overfit_explanation_is_about_the_last_epoch() -> None:
    curve = [[1, 1.0, 0.9], [2, 0.5, 0.3], *[[e, 0.1 / e, 0.3 + e / 100] for e in range(3, 21)]]
    part = {"targets": 10, "model": {"mae": 1.0}, "persistence": {"mae": 1.0}}
    broken = {
        "config": {"dataset": "nile", "csv": "", "limit": 160},
        "params": 1234,
        "curve": curve,
        "best_epoch": 2,
        "status": "finished",
        "scores": {"validation": {**part, "rel_mae": 0.9, "mase": 0.8}},
        "best_scores": {"validation": {**part, "rel_mae": 0.6, "mase": 0.5}},
    }
    text = explain_failure("overfit", {"broken": broken})
    assert "trained for all 20 epochs without early stopping" in text
    assert "left with is the last epoch's: relative MAE 0.900, against 0.600" in text
    assert "would have stopped at epoch 12 and kept epoch 2's weights" in text


def test_the_no_zero_grad_explanation_quotes_the_gradients_it_measured() -> None:
    part = {"targets": 10, "model": {"mae": 1.0}, "persistence": {"mae": 1.0}}

    def loop(rel: float, best_val: float, norms: list) -> dict:
        return {
            "config": {"dataset": "nile", "csv": ""},
            "curve": [[1, 1.0, best_val + 0.1], [2, 0.9, best_val]],
            "best_epoch": 2,
            "grad_norms": norms,
            "scores": {"validation": {**part, "rel_mae": rel, "mase": rel}},
        }

    honest = loop(0.5, 0.2, [[1, 1.0, 1.0], [2, 0.5, 0.5]])
    broken = loop(0.9, 0.6, [[1, 3.0, 1.0], [2, 40.0, 2.5]])
    text = explain_failure("no-zero-grad", {"honest": honest, "broken": broken})
    assert "At the last step of epoch 2, .grad had norm 40, while" in text
    assert "own gradient had norm 2.5" in text
    assert "best validation loss 0.6000 against 0.2000" in text
    assert "made the model worse here" in text


def run(task: str, config: dict, result: dict) -> Run:
    return Run(1, "sequence-practice", task, config, result, 0, 0.0)


def test_summaries_name_both_ratios_and_read_older_records() -> None:
    config = {"cell": "gru", "window": 20, "horizon": 1, "difference": True}
    result = {"dataset": {"name": "co2"}, "best_epoch": 7, "metrics": metrics(0.74, 0.24)}
    assert summarize(run("practice", config, result)) == (
        "gru on co2 (window 20, horizon 1, differences): relative MAE 0.740, MASE 0.240, "
        "best epoch 7"
    )
    # An older record's "mase" was the relative MAE: it is named so now.
    old = {"dataset": {"name": "nile"}, "best_epoch": 2, "metrics": {"mase": 0.71}}
    assert "relative MAE 0.710, best epoch 2" in summarize(run("practice", config, old))
    failure = {"runs": {"broken": leak_run(0.30, 0.45)}}
    assert summarize(
        run("practice-failure", {"mode": "leak-shuffle", "dataset": "x"}, failure)
    ) == (
        "leak-shuffle on x: broken run's relative MAE 0.300 on validation, 0.450 on the future "
        "block"
    )
    older = {"runs": {"broken": {"mase": None}}}
    # A run on the learner's CSV is named by the file: its config also holds the default
    # dataset's name, which was not read.
    on_csv = {"mode": "lr-large", "dataset": "sunspots", "csv": "/home/me/flows.csv"}
    on_csv["column"] = "flow"
    label = summarize(run("practice-failure", on_csv, older))
    assert label.startswith("lr-large on your CSV flows.csv (column flow)")
    assert "sunspots" not in label
    assert "broken relative MAE not finite" in summarize(
        run("practice-failure", {"mode": "lr-large", "dataset": "x"}, older)
    )
    assert "earlier version" in explain_failure("lr-large", older["runs"])
