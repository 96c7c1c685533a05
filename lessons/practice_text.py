"""Plain-language readings of practice results: what the numbers say, and nothing more."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from engine.practice import PracticeConfig
from lessons.numbers import RATIO_DECIMALS
from lessons.words import counted

FAILURE_TITLES = {
    "leak-shuffle": "Leakage: windows shuffled before the split",
    "leak-normalise": "Leakage: normalised with the validation part too",
    "overfit": "Overfitting: a big model on a short stretch",
    "lr-small": "No loss decrease: learning rate too small",
    "lr-large": "No loss decrease: learning rate too large",
    "no-zero-grad": "Gradients pile up: optimizer.zero_grad() left out",
}
# Differences in relative MAE smaller than this are called "about the same" rather than read
# as a win or a loss (the screen shows two decimals).
SAME = 0.02


def finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def number(value: Any, digits: int = RATIO_DECIMALS) -> str:
    """A ratio of two errors (relative MAE, MASE), with the decimals every table uses."""
    return f"{value:.{digits}f}" if finite(value) else "not finite"


def scale_name(scale: dict[str, Any]) -> str:
    """The naive rule whose in-sample error is MASE's unit."""
    if scale["kind"] == "seasonal":
        return f"seasonal naive ({scale['period']} steps back)"
    return "persistence"


def rel_mae_sentence(metrics: dict[str, Any]) -> str:
    """Relative MAE: does the model beat persistence on these very targets?"""
    rel = metrics.get("rel_mae")
    what = "model MAE / persistence MAE on these targets: does it beat the naive rule here?"
    if not finite(rel):
        why = (
            "persistence made no error at all"
            if metrics["persistence"]["mae"] == 0
            else "the model's forecasts were not finite numbers"
        )
        return f"Relative MAE ({what}) cannot be computed: {why}."
    if rel < 1:
        return f"Relative MAE {number(rel)} ({what}): yes, its error is {rel:.0%} of persistence's."
    return (
        f"Relative MAE {number(rel)} ({what}): no, persistence's error is lower, so on these "
        f"targets the model is not worth having, however its loss curve looks."
    )


def mase_sentence(metrics: dict[str, Any]) -> str:
    """MASE: the model's error in units of the naive rule's in-sample error."""
    mase, scale = metrics.get("mase"), metrics["mase_scale"]
    what = (
        f"model MAE / the in-sample MAE of {scale_name(scale)} over the training part, "
        f"{scale['mae']:.4g}: the error in units of a typical naive step"
    )
    if not finite(mase):
        return f"MASE ({what}) cannot be computed."
    side = "smaller" if mase < 1 else "larger"
    return f"MASE {number(mase)} ({what}): {side} than one such step."


def trend_note(metrics: dict[str, Any], differenced: bool) -> str:
    """When the targets lie outside what the model trained on, say so: the usual reason a
    model of the values loses to persistence on a series with a trend."""
    beyond = metrics.get("beyond_training_range")
    if not beyond or not beyond["count"]:
        return ""
    what = beyond["of_what"]
    text = (
        f"{beyond['count']} of {beyond['of']} target {what} lie outside the range the training "
        f"part covers ({beyond['low']:.4g} to {beyond['high']:.4g}): there the model has to go "
        f"beyond anything it trained on."
    )
    if not differenced:
        text += " If the series has a trend, try modelling its changes: the differences toggle."
    return text


def _run_scores(run: dict[str, Any], part: str) -> dict[str, Any]:
    return run["scores"][part]


def _gap_text(run: dict[str, Any]) -> tuple[float | None, str]:
    val, future = _run_scores(run, "validation"), _run_scores(run, "future")
    if not (finite(val["rel_mae"]) and finite(future["rel_mae"])):
        return None, "validation or future relative MAE not finite"
    # Three decimals, and the gap of the rounded scores, so the numbers add up on screen.
    shown_val, shown_future = round(val["rel_mae"], 3), round(future["rel_mae"], 3)
    gap = shown_future - shown_val
    return gap, (
        f"validation {shown_val:.3f}, future {shown_future:.3f} "
        f"({'+' if gap >= 0 else '−'}{abs(gap):.3f})"
    )


def _leak_verdict(honest_gap: float | None, broken_gap: float | None, dataset: str) -> str:
    if honest_gap is None or broken_gap is None:
        return "The gaps cannot be compared: a score is not a finite number."
    more = round(broken_gap - honest_gap, 3)  # as shown: 0.020 is "within 0.02"
    if more > SAME:
        return (
            f"On {dataset}, at this budget, the leaky run's validation score flattered it by "
            f"{more:.3f} more than the honest run's did: that much of it is the leak's lie."
        )
    if more < -SAME:
        return (
            f"On {dataset}, at this budget, the leaky run's validation score did not flatter it "
            f"more than the honest run's did (its gap is {-more:.3f} smaller): the leak did not "
            f"inflate the score here."
        )
    return (
        f"On {dataset}, at this budget, the two gaps are within {SAME} of each other: the leak "
        f"did not inflate the score here."
    )


def explain_failure(mode: str, runs: dict[str, dict[str, Any]]) -> str:
    broken = runs["broken"]
    honest = runs.get("honest")
    if "scores" not in broken:
        return (
            "This run was recorded by an earlier version of the tutor, which scored it "
            "differently; run the failure mode again to see it explained."
        )
    csv = broken["config"]["csv"]
    dataset = f"your CSV {Path(csv).name}" if csv else broken["config"]["dataset"]
    if mode in ("leak-shuffle", "leak-normalise"):
        honest_gap, honest_text = _gap_text(honest)
        broken_gap, broken_text = _gap_text(broken)
        if mode == "leak-shuffle":
            what = (
                "The leaky run shuffled the honest run's training and validation windows "
                f"together before cutting them: {broken['neighbours_in_training']} of its "
                f"{_run_scores(broken, 'validation')['targets']} validation windows had a "
                "neighbour in training sharing all but one value. (It also trained on later "
                "windows than the honest run, which alone can help its future score.)"
            )
        else:
            what = (
                "The leaky run normalised with the mean and std of the training and validation "
                "parts together; its targets are the honest run's."
            )
        verdict = _leak_verdict(honest_gap, broken_gap, dataset)
        text = (
            f"{what} Relative MAE, each run's validation score beside its score on the future "
            f"block that neither run saw (in brackets the gap, future minus validation: how "
            f"much validation promised too much): honest {honest_text}; leaky {broken_text}. "
        )
        if mode == "leak-normalise":
            text += (
                f"On the same targets, the leak moved validation from "
                f"{number(_run_scores(honest, 'validation')['rel_mae'])} to "
                f"{number(_run_scores(broken, 'validation')['rel_mae'])} and the future from "
                f"{number(_run_scores(honest, 'future')['rel_mae'])} to "
                f"{number(_run_scores(broken, 'future')['rel_mae'])}. "
            )
        return (
            f"{text}{verdict} Where a model does profit, a leaky split cannot warn you; the fix "
            f"is the same either way: split by time, and fit the statistics on the training "
            f"part only."
        )
    curve = broken["curve"]
    if mode == "overfit":
        return _overfit(broken)
    if mode == "no-zero-grad":
        return _no_zero_grad(honest, broken)
    if broken["status"] == "diverged":
        return (
            f"The loss stopped being a finite number at epoch {len(curve)} (learning rate "
            f"{broken['config']['lr']:g}): the updates overshot. Training stopped there; the app "
            f"keeps running. Lower the learning rate."
        )
    first, last = curve[0][1], curve[-1][1]
    moved = abs(first - last) / first if first else 0.0
    broken_rel = _run_scores(broken, "validation")["rel_mae"]
    honest_rel = _run_scores(honest, "validation")["rel_mae"]
    compared = f"relative MAE {number(broken_rel)} against {number(honest_rel)} at the usual rate"
    if mode == "lr-small":
        text = (
            f"Learning rate {broken['config']['lr']:g}: training loss went from {first:.4f} to "
            f"{last:.4f} in {counted(len(curve), 'epoch')}, a change of {moved:.1%}: {compared}."
        )
        if finite(broken_rel) and finite(honest_rel) and broken_rel <= honest_rel + SAME:
            text += (
                " Its forecasts are no worse here: on this series the usual rate's model "
                "forecasts no better than one that barely moved. The training loss shows the "
                "tiny steps; this score does not."
            )
        else:
            text += " The steps are too small to get anywhere in this many epochs."
        return text
    worst = max(point[1] for point in curve)
    return (
        f"Learning rate {broken['config']['lr']:g}: the training loss jumped to {worst:,.1f} "
        f"(it starts near 1 on normalised data) and the model ends at {compared}. The updates "
        f"overshoot; lower the rate."
    )


def early_stop(curve: list[list[float]], patience: int) -> tuple[int, int]:
    """Where early stopping with `patience` would have stopped on this validation curve, and
    the epoch whose weights it would have kept."""
    best_loss, best_epoch = math.inf, 0
    for epoch, _, val in curve:
        if val < best_loss:
            best_loss, best_epoch = val, int(epoch)
        if epoch - best_epoch >= patience:
            return int(epoch), best_epoch
    return int(curve[-1][0]), best_epoch


def _overfit(broken: dict[str, Any]) -> str:
    curve, best = broken["curve"], broken["best_epoch"]
    last = len(curve)
    final, kept = _run_scores(broken, "validation"), broken["best_scores"]["validation"]
    patience = PracticeConfig().patience
    stop, kept_epoch = early_stop(curve, patience)
    text = (
        f"{broken['params']:,} parameters on {broken['config']['limit']} values, trained for "
        f"all {last} epochs without early stopping. Training loss fell from {curve[0][1]:.4f} "
        f"to {curve[-1][1]:.4f}; validation loss was lowest at epoch {best} "
        f"({curve[best - 1][2]:.4f}) and ended at {curve[-1][2]:.4f}. The model you are left "
        f"with is the last epoch's: relative MAE {number(final['rel_mae'])}, against "
        f"{number(kept['rel_mae'])} with the weights of epoch {best}. "
    )
    if best < last and curve[-1][1] < curve[best - 1][1] and curve[-1][2] > curve[best - 1][2]:
        text += (
            f"From epoch {best} to the end, training loss went down and validation loss up: "
            f"the model fitted the training part's noise, not the series. "
        )
    if kept_epoch == best:
        text += f"Early stopping (patience {patience}) would have stopped at epoch {stop} and "
        text += f"kept epoch {best}'s weights."
    else:
        text += (
            f"Early stopping (patience {patience}) would have stopped at epoch {stop}, keeping "
            f"epoch {kept_epoch}'s weights, the best until then."
        )
    return text


def _no_zero_grad(honest: dict[str, Any], broken: dict[str, Any]) -> str:
    epoch, used, own = broken["grad_norms"][-1]
    honest_val = _run_scores(honest, "validation")
    broken_val = _run_scores(broken, "validation")
    honest_best = min(point[2] for point in honest["curve"])
    broken_best = min(point[2] for point in broken["curve"])
    text = (
        "Without optimizer.zero_grad(), each loss.backward() adds its gradient to what .grad "
        "already holds, so every optimizer step follows the sum of all the gradients since "
        f"training began. At the last step of epoch {epoch}, .grad had norm {used:.3g}, while "
        f"that batch's own gradient had norm {own:.3g}. Everything else is the honest run's "
        f"(same seed, data and model): best validation loss {broken_best:.4f} against "
        f"{honest_best:.4f}, relative MAE {number(broken_val['rel_mae'])} against "
        f"{number(honest_val['rel_mae'])}."
    )
    if finite(broken_val["rel_mae"]) and finite(honest_val["rel_mae"]):
        if broken_val["rel_mae"] > honest_val["rel_mae"] + SAME:
            text += " Following the summed, stale gradients made the model worse here."
        else:
            text += (
                " On this run the scores hardly suffered; still, no step followed the "
                "gradient of its own batch."
            )
    return text
