"""Plain-language readings of practice results: what the numbers say, and nothing more."""

from __future__ import annotations

from typing import Any

FAILURE_TITLES = {
    "leak-shuffle": "Leakage: windows shuffled before the split",
    "leak-normalise": "Leakage: normalised with the whole series",
    "overfit": "Overfitting: a big model on a short stretch",
    "lr-small": "No loss decrease: learning rate too small",
    "lr-large": "No loss decrease: learning rate too large",
}


def mase_sentence(mase: float | None) -> str:
    if mase is None:
        return "MASE could not be computed (the model's predictions were not finite numbers)."
    if mase < 1:
        return (
            f"MASE {mase:.2f}: the model's error is {mase:.0%} of persistence's. It beats the "
            f"naive rule 'next value = last value' on these targets."
        )
    return (
        f"MASE {mase:.2f}: the naive rule 'next value = last value' wins. The model's error is "
        f"{mase:.2f} times persistence's, so as a forecaster it is not worth having, "
        f"whatever its loss curve looks like."
    )


def _mase(run: dict[str, Any]) -> str:
    return "not finite" if run["mase"] is None else f"{run['mase']:.3f}"


def explain_failure(mode: str, runs: dict[str, dict[str, Any]]) -> str:
    broken = runs["broken"]
    honest = runs.get("honest")
    if mode in ("leak-shuffle", "leak-normalise"):
        change = "better" if (broken["mase"] or 0) < (honest["mase"] or 0) else "no better"
        why = (
            "Shuffled windows put near-copies of each validation window into training, so the "
            "score measures memory of neighbours, not forecasting."
            if mode == "leak-shuffle"
            else "The mean and spread of the validation part leaked into training through the "
            "normalisation. How much that helps depends on the series; any gain is a lie."
        )
        return (
            f"Leaky MASE {_mase(broken)} against the honest {_mase(honest)}: the leaky score "
            f"looks {change}. {why} The fix: split by time, fit the statistics on the training "
            f"part only."
        )
    curve = broken["curve"]
    if mode == "overfit":
        best = broken["best_epoch"]
        best_val = curve[best - 1][2] if best else float("nan")
        return (
            f"{broken['params']:,} parameters on {broken['config']['limit']} values, "
            f"{len(curve)} epochs without early stopping. Training loss fell from "
            f"{curve[0][1]:.4f} to {curve[-1][1]:.4f}; validation loss was lowest at epoch "
            f"{best} ({best_val:.4f}) and ended at {curve[-1][2]:.4f}. After the best epoch the "
            f"model learns the training noise. Early stopping keeps epoch {best}'s weights."
        )
    if broken["status"] == "diverged":
        return (
            f"The loss stopped being a finite number at epoch {len(curve)} (learning rate "
            f"{broken['config']['lr']:g}): the updates overshot. Training stopped there; the app "
            f"keeps running. Lower the learning rate."
        )
    first, last = curve[0][1], curve[-1][1]
    moved = abs(first - last) / first if first else 0.0
    if mode == "lr-small":
        return (
            f"Learning rate {broken['config']['lr']:g}: training loss went from {first:.4f} to "
            f"{last:.4f} in {len(curve)} epochs, a change of {moved:.1%}. The steps are too "
            f"small to get anywhere; MASE {_mase(broken)} against {_mase(honest)} for the "
            f"usual rate."
        )
    worst = max(point[1] for point in curve)
    return (
        f"Learning rate {broken['config']['lr']:g}: the training loss jumped to {worst:,.1f} "
        f"(it starts near 1 on normalised data) and the model ends at MASE {_mase(broken)} "
        f"against {_mase(honest)} for the usual rate. The updates overshoot; lower the rate."
    )
