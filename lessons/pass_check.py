"""The syllabus's pass check, computed from the learner's record, never self-declared.

Each criterion says whether it holds and what would satisfy it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lessons import catalog
from lessons.store import Store
from lessons.words import counted

FAILURE_TASKS = ("shape-failure", "practice-failure")
MIN_SHAPE_ANSWERS = 3
MIN_NOTE_CHARS = 20
# What a training-loop note must connect, and what counts as naming each part. The words are
# matched as the start of a word, case-insensitively ("optimizer.step()", "Adam", "MSELoss" all
# count); a shape written out ("[batch, 20, 1]", "(32, 50, 1)") names the tensors. The needs
# line shows these lists, so a learner whose right answer used other words knows what to add.
LOOP_PARTS: dict[str, tuple[str, ...]] = {
    "tensors": ("tensor", "batch", "input", "x_", "torch.randn", "shape", "[", "("),
    "layers": ("layer", "model", "module", "gru", "lstm", "rnn", "linear", "net", "nn."),
    "loss": ("loss", "mse", "cross", "criterion", "nll", "error"),
    "backward()": ("backward", "backprop", "gradient", "grad"),
    "optimizer step": (
        "optimizer",
        "optimiser",
        "step",
        "adam",
        "sgd",
        "rmsprop",
        "update",
        "zero_grad",
    ),
}
SHAPE_WRITTEN = re.compile(r"[\[(]\s*[\w.]+\s*,\s*[\w.]+")  # [batch, 20, ...] or (32, 50)


def loop_parts_missing(note: str) -> list[str]:
    """The parts of the training loop a note does not name (see LOOP_PARTS)."""
    text = note.lower()
    words = set(re.findall(r"[a-z_][a-z_.]*", text))

    def named(variants: tuple[str, ...]) -> bool:
        for variant in variants:
            if variant in "[(":
                continue
            if any(word.startswith(variant) or f".{variant}" in word for word in words):
                return True
        return False

    missing = []
    for part, variants in LOOP_PARTS.items():
        if part == "tensors" and SHAPE_WRITTEN.search(text):
            continue
        if not named(variants):
            missing.append(part)
    return missing


def loop_needs() -> str:
    return "a 'My training loop' note that names each part: " + "; ".join(
        f"{part} (any of: {', '.join(v for v in variants if v not in '[(')}"
        + (", or a shape such as [batch, 20, 1]" if part == "tensors" else "")
        + ")"
        for part, variants in LOOP_PARTS.items()
    )


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    needs: str  # what satisfies it, in a sentence
    met: bool
    evidence: str  # what in the record satisfies it (or how far along it is)


def _note(store: Store, field: str) -> str:
    return store.note(field).strip()


def _typed_shapes_right(store: Store) -> int:
    shape_items = {
        (lesson.id, item.id)
        for lesson in catalog.lessons()
        for item in lesson.quiz
        if item.kind == "shape"
    }
    return sum(
        1
        for attempt in store.attempts()
        if attempt.correct and (attempt.lesson, attempt.item) in shape_items
    )


def _predictions_right(store: Store) -> int:
    return sum(1 for a in store.attempts(item="prediction") if a.correct)


def _rated_confident(store: Store, item: str) -> bool:
    return any(a.rating in ("good", "easy") for a in store.attempts(item=item))


def reads_shapes(store: Store) -> Criterion:
    typed, predicted = _typed_shapes_right(store), _predictions_right(store)
    return Criterion(
        "shapes",
        "Reads [batch, seq_len, features]",
        f"{MIN_SHAPE_ANSWERS} typed shape answers right and one correct shape prediction",
        typed >= MIN_SHAPE_ANSWERS and predicted >= 1,
        f"{counted(typed, 'shape answer')} right, {counted(predicted, 'correct prediction')}",
    )


def explains_hidden(store: Store) -> Criterion:
    note = _note(store, "hidden")
    rated = _rated_confident(store, "rolling-memory")
    return Criterion(
        "hidden",
        "Explains hidden state as rolling memory",
        "a Hidden note, and the rolling-memory explain question (6.4.2) rated good or easy",
        len(note) >= MIN_NOTE_CHARS and rated,
        f"Hidden note {counted(len(note), 'character')}; explain question "
        f"{'rated good or easy' if rated else 'not yet rated good or easy'}",
    )


def knows_gates(store: Store) -> Criterion:
    races = store.runs(task="race")
    note = _note(store, "gate_reason")
    return Criterion(
        "gates",
        "Knows why LSTM/GRU were introduced",
        "a race run (6.4.3) and a Gate Reason note",
        bool(races) and len(note) >= MIN_NOTE_CHARS,
        f"{counted(len(races), 'race run')}; Gate Reason note {counted(len(note), 'character')}",
    )


def exported_experiment(store: Store) -> Criterion:
    scripts = store.exports("script")
    passed = sorted(store.passed_exercises())
    if passed:
        evidence = f"your own code passes: {', '.join(passed)}"
    elif scripts:
        evidence = f"exported to {scripts[-1][1]}"
    else:
        evidence = "no exercise passed, nothing exported yet"
    return Criterion(
        "experiment",
        "A runnable mini experiment: your own code, checked, or the exported script",
        "an exercise of yours that passes its checks (the Exercises tabs), or rnn_first_loop.py "
        "exported from the 6.4.1 shape check (ctrl+s)",
        bool(scripts) or bool(passed),
        evidence,
    )


def shape_checks(store: Store) -> Criterion:
    runs = store.runs(task="shape-check") + store.runs(task="shapes")
    return Criterion(
        "shape-checks",
        "Tensor-shape checks done",
        "a shape check (6.4.1) or a shape-lab run (6.4.2)",
        bool(runs),
        counted(len(runs), "shape run"),
    )


def recorded_curve(store: Store) -> Criterion:
    runs = store.runs(task="practice") + store.runs(task="race")
    return Criterion(
        "curve",
        "A loss or validation curve recorded",
        "a training run in 6.4.4 or a race in 6.4.3",
        bool(runs),
        f"{counted(len(runs), 'run')} with curves",
    )


def named_failure(store: Store) -> Criterion:
    note = _note(store, "failure_mode")
    cited = [run for run in store.citations("failure_mode") if run.task in FAILURE_TASKS]
    return Criterion(
        "failure",
        "One failure mode named, with a run that shows it",
        "an 'A failure mode I saw' note citing a failure-mode run (6.4.2 or 6.4.4)",
        len(note) >= MIN_NOTE_CHARS and bool(cited),
        f"note {counted(len(note), 'character')}; {counted(len(cited), 'failure run')} cited",
    )


LOOP_EXERCISE = "train-loop"


def explains_loop(store: Store) -> Criterion:
    """Met by running code (the learner's train-loop exercise passing its checks), or, as the
    syllabus words it, by a note that connects every part."""
    note = _note(store, "training_loop")
    missing = loop_parts_missing(note)
    ran = LOOP_EXERCISE in store.passed_exercises()
    if ran:
        evidence = "your train-loop exercise passes its checks"
    elif note and not missing:
        evidence = "every part named"
    elif note:
        evidence = f"not named yet: {', '.join(missing)}"
    else:
        evidence = "no training-loop note yet, train-loop exercise not passed yet"
    return Criterion(
        "loop",
        "Connects tensors, layers, loss, backward() and the optimizer in one loop",
        f"a passing train-loop exercise (6.4.4's Exercises tab), or {loop_needs()}",
        ran or (bool(note) and not missing),
        evidence,
    )


CRITERIA: tuple[Callable[[Store], Criterion], ...] = (
    reads_shapes,
    explains_hidden,
    knows_gates,
    exported_experiment,
    shape_checks,
    recorded_curve,
    named_failure,
    explains_loop,
)


def check(store: Store) -> list[Criterion]:
    return [criterion(store) for criterion in CRITERIA]


def passed(store: Store) -> bool:
    return all(criterion.met for criterion in check(store))
