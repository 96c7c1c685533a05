"""The drill is endless, replayable from its seed, and every answer can only be read one way."""

from __future__ import annotations

from lessons.drill import drill_config


def test_same_seed_same_questions() -> None:
    assert [drill_config(7, i) for i in range(20)] == [drill_config(7, i) for i in range(20)]
    assert [drill_config(7, i) for i in range(20)] != [drill_config(8, i) for i in range(20)]


def test_questions_vary_and_stay_unambiguous() -> None:
    configs = [drill_config(1, i) for i in range(300)]
    assert {c.cell for c in configs} == {"rnn", "lstm", "gru"}
    assert any(c.bidirectional for c in configs) and any(not c.batch_first for c in configs)
    assert any(c.proj_size for c in configs) and any(c.layers > 1 for c in configs)
    for c in configs:
        ideas = [c.batch, c.seq_len, c.layers * c.directions, c.h_size]
        ideas += [2 * c.h_size] if c.bidirectional else []
        ideas += [c.hidden] if c.proj_size else []
        assert len(set(ideas)) == len(ideas), c
