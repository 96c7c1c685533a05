"""The evidence note fields the syllabus asks the learner to keep."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceField:
    key: str
    label: str
    prompt: str


FIELDS: tuple[EvidenceField, ...] = (
    EvidenceField("input", "Input", "The input's shape and what each dimension counts."),
    EvidenceField("outputs", "Outputs", "What the layer returns for each step, and its shape."),
    EvidenceField("hidden", "Hidden", "What the hidden state is, in your words."),
    EvidenceField("gate_reason", "Gate Reason", "Why LSTM/GRU gates help with long sequences."),
    EvidenceField("baseline", "Baseline", "The naive rule you compare a sequence model against."),
    EvidenceField(
        "failure_mode",
        "A failure mode I saw",
        "What went wrong, and the numbers: a shape mismatch, a loss that would not fall, "
        "overfitting, leakage, or attention words with no data flow behind them.",
    ),
    EvidenceField(
        "training_loop",
        "My training loop in one paragraph",
        "tensors -> layers -> loss -> backward() -> optimizer step, in your words.",
    ),
    EvidenceField(
        "padding",
        "Padding and packing",
        "Why output[:, -1] of a padded batch is wrong for shorter sequences, and what gives "
        "each sequence's true last state.",
    ),
)

BY_KEY = {evidence.key: evidence for evidence in FIELDS}
