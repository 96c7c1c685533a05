"""The Generate tab's sentences: truncated backpropagation and the padding mask, in the run's
own numbers. Plain strings, so the engine's words (lessons.run_text.generate) and the tab can
share them and tests can read them without a screen."""

from __future__ import annotations

from typing import Any

from lessons.words import counted

TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0)  # what [ and ] step through


def colder(temperature: float) -> float:
    lower = [t for t in TEMPERATURES if t < temperature - 1e-9]
    return lower[-1] if lower else TEMPERATURES[0]


def hotter(temperature: float) -> float:
    higher = [t for t in TEMPERATURES if t > temperature + 1e-9]
    return higher[0] if higher else TEMPERATURES[-1]


TEMPERATURE_NOTE = (
    "A sample is drawn one character at a time from softmax(scores / T): below 1 the likeliest "
    "characters gain weight (safer names, more alike), above 1 the distribution flattens "
    "(wilder names). The model is not retrained: T only changes how its scores are read."
)


def tbptt_sentences(tbptt: dict[str, Any]) -> list[str]:
    """What the run's TBPTT demo showed, in words that hold for torch 2.x."""
    nodes = tbptt["graph_nodes"]
    detached, kept = nodes["detached"], nodes["not_detached"]
    failed = tbptt["without_detach"]
    shown = [
        f"Truncated backpropagation through time: the names joined into one stream, read as "
        f"{tbptt['streams']} rows side by side, {tbptt['steps_per_stream']} steps each, learned "
        f"{tbptt['chunk']} steps at a time ({tbptt['chunks_per_epoch']} chunks an epoch). The "
        "hidden state h is carried from chunk to chunk with h.detach(): the next chunk starts "
        "from h's values, but backward stops there.",
        f"Autograd nodes behind each chunk's loss, chunks 1 to {len(detached)}, on a fresh "
        f"model: with h.detach() {', '.join(map(str, detached))}; without it "
        f"{', '.join(map(str, kept))}. Without the detach each chunk's graph reaches back "
        "through every chunk before it, so it grows with the stream.",
    ]
    if failed["error"]:
        shown.append(
            f"Without h.detach(), backward worked "
            f"{counted(failed['backward_calls_that_worked'], 'time')}, then torch raised: "
            f"{failed['error']} The first backward freed the saved "
            "tensors of the first chunk's graph, and the second chunk's loss still reached into "
            "it through h. retain_graph=True, which the message offers, would silence it by "
            "backpropagating through every earlier chunk again, at a cost that grows with the "
            "stream: full backpropagation through time, not truncated. h.detach() is the fix."
        )
    else:
        shown.append("Without h.detach(), backward raised no error in this run.")
    return shown


def masking_sentence(mask: dict[str, Any], stream: bool = False) -> str:
    """The padding mask, with the run's held-out batch as the example. `stream`: the run
    trained on the joined stream (tbptt), which has no padding."""
    aside = (
        " (Training on the joined stream needed no padding; the held-out names are still "
        "scored as one padded batch.)"
        if stream
        else ""
    )
    return (
        "Names differ in length, so a batch pads the shorter ones with id 0 at the end. The loss "
        "is CrossEntropyLoss(ignore_index=0): a target equal to 0 adds nothing to the loss or "
        "its gradient, and the mean is over the real targets only. This run's held-out batch: "
        f"{mask['names']} names padded to {mask['length']} steps, {mask['real_targets']} real "
        f"targets and {mask['padded_targets']} padded. Its mean loss with the mask "
        f"{mask['loss_masked']:.3f} nats; with padding scored as a token to predict "
        f"{mask['loss_padding_scored']:.3f}.{aside}"
    )
