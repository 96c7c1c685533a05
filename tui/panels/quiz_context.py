"""What of the learner's own a quiz question can show: drawn from their recorded runs."""

from __future__ import annotations

from rich.text import Text

from lessons.practice_text import FAILURE_TITLES, explain_failure
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


def latest_practice_failure(store: Store, lesson_id: str) -> Text:
    runs = store.runs(lesson_id, "practice-failure")
    if not runs:
        return Text(
            "You have not run a failure mode yet: press f for the Failure modes tab, run one, "
            "and it will be shown here. You can also answer from what you have seen elsewhere.",
            style="dim",
        )
    run = runs[-1]
    text = Text(f"Your run #{run.id}: {FAILURE_TITLES[run.config['mode']]}\n", style="bold")
    text.append(explain_failure(run.config["mode"], run.result["runs"]))
    return text


CONTEXTS = {
    "latest-gate-strip": latest_gate_strip,
    "latest-practice-failure": latest_practice_failure,
}
