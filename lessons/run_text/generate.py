"""The words for a generate run: the loss beside the unigram baseline, and samples by epoch."""

from __future__ import annotations

from typing import Any

from engine.generate import GenerateProgress, GenerateResult


def lines(result: GenerateResult) -> list[str]:
    config = result.config
    mode = (
        f"one stream, chunks of {config.tbptt_chunk} steps, h carried with h.detach()"
        if config.tbptt_chunk
        else "one padded name per row"
    )
    shown = [
        f"{config.cell.upper()} hidden {config.hidden} on {result.train_names} {config.language} "
        f"surnames ({result.held_out_names} held out); {mode}; {result.seconds:.1f} s",
        f"unigram baseline {result.baseline:.3f} nats ({result.baseline_tokens}); "
        f"on the held-out names {result.held_out_baseline:.3f}",
        f"{'epoch':>5}  {'train':>6}  {'held-out':>8}  samples at temperature "
        f"{config.temperature:g} (* copied from the training names)",
    ]
    for (epoch, train, held), drawn in zip(result.curve, result.samples, strict=True):
        names = " ".join(
            name + ("*" if copied else "")
            for name, copied in zip(drawn.names, drawn.in_training, strict=True)
        )
        shown.append(f"{epoch:>5}  {train:>6.3f}  {held:>8.3f}  {names}")
    if result.tbptt:
        shown += tbptt_lines(result.tbptt)
    if result.masking:
        shown.append(masking_line(result.masking))
    return shown


def masking_line(mask: dict[str, Any]) -> str:
    return (
        f"held-out batch: {mask['real_targets']} real targets, {mask['padded_targets']} padded "
        f"(skipped by CrossEntropyLoss(ignore_index=0)); loss {mask['loss_masked']:.3f} "
        f"masked, {mask['loss_padding_scored']:.3f} if padding were scored"
    )


def tbptt_lines(tbptt: dict[str, Any]) -> list[str]:
    nodes = tbptt["graph_nodes"]
    failed = tbptt["without_detach"]
    shown = [
        f"graph nodes behind each chunk's loss, with h.detach(): {nodes['detached']}; "
        f"without: {nodes['not_detached']}",
    ]
    if failed["error"]:
        shown.append(
            f"without h.detach(), backward worked {failed['backward_calls_that_worked']} time(s), "
            f"then: {failed['error']}"
        )
    else:
        shown.append("without h.detach(), backward raised no error here")
    return shown


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    last = result["curve"][-1]
    tbptt = f", tbptt chunks of {config['tbptt_chunk']}" if config.get("tbptt_chunk") else ""
    return (
        f"generate {config['language']} {config['cell']}{tbptt}: train loss {last[1]:.3f}, "
        f"held-out {last[2]:.3f} vs unigram {result['baseline']:.3f} nats"
    )


def progress_line(event: GenerateProgress) -> str:
    _, train, held = event.curve[-1]
    return (
        f"epoch {event.epoch}/{event.epochs}: loss {train:.3f}, held-out {held:.3f} "
        f"(unigram {event.baseline:.3f}); {' '.join(event.samples)}"
    )
