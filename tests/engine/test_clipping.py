"""The clipping demo: the race twice from the same weights and data, clipping off and on. At its
defaults (seed 0, the default budget) the unclipped RNN and LSTM spike and the clipped ones do
not, as the lesson says."""

from __future__ import annotations

import pytest

from engine.clipping import ClipDemoConfig, ClipDemoResult, run
from engine.race import RaceConfig, RaceProgress
from engine.race import run as race
from engine.validation import ConfigError
from lessons.race_text import clipping_story


def test_each_half_is_the_race_with_those_settings() -> None:
    demo = ClipDemoConfig(models=("rnn",), steps=20, eval_every=10, lr=0.05)
    events: list[RaceProgress] = []
    result = ClipDemoResult.from_dict(run(demo, emit=events.append).to_dict())
    # Each half's progress says which half it is, and each half's last event settles it.
    assert [event.half for event in events if event.settled] == ["unclipped", "clipped"]
    assert result.unclipped.config.clip is False and result.clipped.config.clip is True
    alone = RaceConfig(task="copy", models=("rnn",), steps=20, eval_every=10, lr=0.05)
    assert result.clipped.models["rnn"].curve == race(alone).models["rnn"].curve


def test_its_settings_are_checked_as_the_race_checks_them() -> None:
    with pytest.raises(ConfigError, match="lr must be from"):
        ClipDemoConfig(lr=50)
    assert ClipDemoConfig().delay == RaceConfig(task="copy").delay


def test_at_seed_0_only_the_unclipped_runs_spike() -> None:
    result = run(ClipDemoConfig())  # about 12 s on two cores
    assert result.config.seed == 0 and result.config.task == "copy"
    for name in ("rnn", "lstm"):
        off, on = result.unclipped.models[name], result.clipped.models[name]
        assert off.spikes and not on.spikes, name
        # The gradient behind the first spike: far above norm 1, which clipping caps.
        step = off.spikes[0][0]
        norm = off.grad_norms[[point[0] for point in off.curve].index(step)]
        assert norm > 10
    story = " ".join(clipping_story(result))
    assert "the RNN and LSTM spiked only without clipping" in story
