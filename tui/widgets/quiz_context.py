"""What of the learner's own a quiz question can show: drawn from their recorded runs."""

from __future__ import annotations

from rich.text import Text

from lessons.store import Store
from tui.widgets import heat

MEMORY_GATES = {"gru": "z", "lstm": "f"}  # the gate that decides how much memory is kept


def latest_gate_strip(store: Store, lesson_id: str) -> Text:
    for run in reversed(store.runs(lesson_id, "trace")):
        cell = run.config.get("cell")
        if cell in MEMORY_GATES:
            gate = MEMORY_GATES[cell]
            means = [sum(s["gates"][gate]) / len(s["gates"][gate]) for s in run.result["steps"]]
            text = Text(
                f"Your trace #{run.id}: {cell.upper()} gate {gate}, mean over units at each step\n",
                style="bold",
            )
            text.append_text(heat.strip(means))
            text.append("\n" + " ".join(f"{value:.2f}" for value in means))
            return text
    return Text(
        "Run a GRU or LSTM trace in the Gates tab (press c there to pick the cell) and this "
        "question will show your own gate strip. You can answer it now too.",
        style="dim",
    )


CONTEXTS = {"latest-gate-strip": latest_gate_strip}
