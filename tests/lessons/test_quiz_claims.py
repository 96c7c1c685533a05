"""What a quiz item says a run shows is what the run shows at the lesson's defaults."""

from __future__ import annotations

import pytest
import torch

from engine.trace import TraceConfig, run
from lessons.catalog import lesson


@pytest.mark.parametrize(("cell", "gate"), [("gru", "z"), ("lstm", "f")])
def test_the_gate_strip_question_states_what_the_default_trace_shows(cell: str, gate: str) -> None:
    item = next(q for q in lesson("lstm-gru").quiz if q.id == "read-your-strip")
    assert "around 0.4-0.5 at every step" in item.prompt
    torch.set_num_threads(1)
    steps = run(TraceConfig(cell=cell)).to_dict()["steps"]
    means = [sum(step["gates"][gate]) / len(step["gates"][gate]) for step in steps]
    assert all(0.4 <= mean <= 0.55 for mean in means), means
