"""Plain-language explanations of the shape mistakes the engine ran for real."""

from __future__ import annotations

from engine.shape_failures import FailureResult
from lessons.words import counted

TITLES = {
    "time-major": "Time-major data fed to a batch_first model",
    "wrong-input-size": "The wrong number of features per step",
    "wrong-hidden": "An initial hidden state of the wrong shape",
}


def explain(result: FailureResult) -> str:
    lab = result.config.lab_config()
    if result.config.mode == "time-major":
        got = result.shapes["input"]
        return (
            f"No error, and that is the danger. The model was built with batch_first=True, so "
            f"torch read dimension 0 ({got[0]}) as the batch and dimension 1 ({got[1]}) as time: "
            f"it saw {counted(got[0], 'sequence')} of {counted(got[1], 'step')} instead of "
            f"{counted(lab.batch, 'sequence')} of {counted(lab.seq_len, 'step')}, and mixed steps "
            f"of different sequences together. Every size "
            f"is legal, so nothing complains. The giveaway is h_n's batch dimension: "
            f"{result.shapes['h_n'][1]}, not {lab.batch}. Fix: build the tensor as "
            f"[batch, seq_len, features], or set batch_first=False (or call x.transpose(0, 1))."
        )
    if result.config.mode == "wrong-input-size":
        return (
            f"torch checks the last dimension of the input against input_size before running: "
            f"W_ih has {lab.features} columns, one per feature, so a step with "
            f"{lab.features + 2} numbers cannot be multiplied by it. Fix: make input_size equal "
            f"the number of features per step (x.shape[-1])."
        )
    states, batch = lab.layers * lab.directions, result.config.wrong_hidden_batch()
    right = (states, batch, lab.h_size)
    return (
        f"h0 must be [num_layers × num_directions, batch, h] = {right} whatever batch_first "
        f"says: batch_first only reorders the input and output sequences. This h0 was laid out "
        f"batch first, like x. Fix: torch.zeros{right}, or h0.transpose(0, 1)."
    )
