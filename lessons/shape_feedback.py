"""Why a predicted shape is wrong, dimension by dimension, in words a learner can use.

The right shapes come from torch (the engine's run); this module only compares and explains.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.shapes import ShapesConfig, ShapesResult, dimension_labels


@dataclass(frozen=True)
class DimensionCheck:
    index: int
    label: str
    expected: int
    predicted: int | None
    reason: str  # empty when the prediction is right

    @property
    def correct(self) -> bool:
        return self.predicted == self.expected


def check_prediction(
    config: ShapesConfig, tensor: str, predicted: tuple[int, ...], actual: list[int]
) -> list[DimensionCheck]:
    """One check per dimension of `tensor` ("output", "h_n" or "c_n")."""
    labels = dimension_labels(config)[tensor]
    if len(predicted) != len(actual):
        reason = f"{tensor} has {len(actual)} dimensions: [{', '.join(labels)}]"
        return [DimensionCheck(i, labels[i], size, None, reason) for i, size in enumerate(actual)]
    checks = []
    for index, (guess, size) in enumerate(zip(predicted, actual, strict=True)):
        reason = "" if guess == size else _reason(config, tensor, index, guess, predicted, actual)
        checks.append(DimensionCheck(index, labels[index], size, guess, reason))
    return checks


def _reason(
    config: ShapesConfig,
    tensor: str,
    index: int,
    guess: int,
    predicted: tuple[int, ...],
    actual: list[int],
) -> str:
    label = dimension_labels(config)[tensor][index]
    plain = f"dimension {index} is {label} = {actual[index]}"
    if tensor == "output":
        return _output_reason(config, index, guess, predicted, actual) or plain
    return _state_reason(config, tensor, index, guess) or plain


def _output_reason(config, index, guess, predicted, actual) -> str:
    if index < 2:
        swapped = predicted[0] == actual[1] and predicted[1] == actual[0]
        if swapped and config.batch_first:
            return "batch_first=True puts the batch first: output is [batch, seq_len, …]"
        if swapped:
            return "batch_first=False puts time first: output is [seq_len, batch, …]"
        return ""
    h, directions = config.h_size, config.directions
    if config.bidirectional and guess == h:
        return (
            f"bidirectional doubles the last dimension of output: the forward and reverse "
            f"h are joined, 2 × {h} = {2 * h}"
        )
    if config.proj_size and guess in (config.hidden, directions * config.hidden):
        return (
            f"proj_size={config.proj_size} projects h down, so output ends with proj_size, "
            f"not hidden_size"
        )
    if config.layers > 1 and guess == actual[2] * config.layers:
        return "output holds only the last layer's h; num_layers does not change it"
    return ""


def _state_reason(config: ShapesConfig, tensor: str, index: int, guess: int) -> str:
    layers, directions = config.layers, config.directions
    if index == 0:
        if guess in (config.batch, config.seq_len) and guess != layers * directions:
            return (
                f"batch_first does not apply to {tensor}: its first dimension is always "
                f"num_layers × num_directions = {layers} × {directions} = {layers * directions}"
            )
        if config.bidirectional and guess == layers:
            return (
                f"bidirectional doubles the first dimension of {tensor}: one final state per "
                f"layer and direction, {layers} × 2 = {2 * layers}"
            )
        if layers > 1 and guess == directions:
            return f"{tensor} keeps the last state of every layer: num_layers = {layers}"
        return ""
    if index == 1:
        if guess == config.seq_len:
            return (
                f"{tensor} holds only the last time step, so it has no seq_len dimension; "
                f"dimension 1 is batch = {config.batch}"
            )
        return ""
    if tensor == "c_n" and config.proj_size and guess == config.proj_size:
        return f"proj_size changes h but not c: c_n keeps hidden_size = {config.hidden}"
    if tensor == "h_n" and config.proj_size and guess == config.hidden:
        return f"proj_size changes h: h_n ends with proj_size = {config.proj_size}"
    if config.bidirectional and guess == directions * config.h_size:
        return f"{tensor} keeps the directions in dimension 0; they are not joined at the end"
    return ""


def final_state_lines(result: ShapesResult) -> list[str]:
    """A bidirectional run's output[:, -1] trap in numbers: heading, three rows, a note."""
    gaps, size = result.final_states, result.config.h_size
    t = "output[:, " if result.config.batch_first else "output["
    return [
        "Where the final states are (max |difference|, this run):",
        f"  {t}-1, :{size}] vs h_n[-2] (forward):  {gaps['forward_last_step']:.1e}",
        f"  {t}-1, {size}:] vs h_n[-1] (backward): {gaps['backward_last_step']:.1e}",
        f"  {t}0, {size}:]  vs h_n[-1] (backward): {gaps['backward_first_step']:.1e}",
        "The backward direction reads from the end, so its final state sits at step 0; the "
        "last column of output holds it after only one step.",
    ]
