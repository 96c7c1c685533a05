"""generate-sample: the model the engine process holds from its last generate run, sampled at a
chosen temperature without training again; and the masking numbers a generate run reports."""

from __future__ import annotations

import json

import pytest
import torch

from engine import generate, generate_sample, surnames
from engine.tasks import get_task
from engine.validation import ConfigError

SHORT = {"language": "finnish", "epochs": 1, "hidden": 16}

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def trained() -> dict:
    generate.HELD.set(None)
    with pytest.raises(ConfigError, match="no generate model has been trained"):
        get_task("generate-sample").run({"temperature": 1.0})
    return json.loads(json.dumps(get_task("generate").run(SHORT)))


def by_hand(model, count: int, temperature: float, seed: int, first: int) -> list[str]:
    """Draws from softmax(scores / T), the whole prefix run again at every step (no carried
    state), padding and start given probability 0 and the rest renormalised."""
    draws = torch.Generator().manual_seed(seed)
    names = []
    with torch.no_grad():
        for _ in range(count):
            prefix = [first]
            while len(prefix) <= generate.LONGEST:
                scores, _ = model(torch.tensor([prefix]))
                p = torch.softmax(scores[0, -1] / temperature, 0)
                p[[generate.PAD, generate.START]] = 0
                token = int(torch.multinomial(p / p.sum(), 1, generator=draws))
                if token == generate.END:
                    break
                prefix.append(token)
            names.append("".join(surnames.LETTERS[i - generate.OFFSET] for i in prefix[1:]))
    return names


@pytest.mark.parametrize("temperature", [0.3, 1.5])
def test_samples_come_from_the_held_model_at_the_asked_temperature(trained, temperature) -> None:
    held = generate.HELD.get()
    assert held is not None and held.config.to_dict() == trained["config"]
    answer = get_task("generate-sample").run({"temperature": temperature, "count": 5, "seed": 3})
    assert answer["temperature"] == temperature
    assert answer["trained"] == trained["config"]
    assert answer["names"] == by_hand(held.model, 5, temperature, 3, generate.START)
    train, _ = generate.split(generate.GenerateConfig(**SHORT))
    assert answer["in_training"] == [name in train for name in answer["names"]]


def test_a_colder_temperature_draws_likelier_names(trained) -> None:
    # At T -> 0 the draw is the most likely next character: a cold sample set repeats itself.
    cold = get_task("generate-sample").run({"temperature": 0.05, "count": 8})["names"]
    hot = get_task("generate-sample").run({"temperature": 3.0, "count": 8})["names"]
    assert len(set(cold)) < len(set(hot))


def test_settings_are_judged() -> None:
    with pytest.raises(ConfigError):
        generate_sample.SampleConfig(temperature=0)
    with pytest.raises(ConfigError):
        generate_sample.SampleConfig(count=0)


def test_masking_numbers_count_padding_and_score_it_apart(trained) -> None:
    mask = trained["masking"]
    _, held_names = generate.split(generate.GenerateConfig(**SHORT))
    longest = max(len(name) for name in held_names) + 1
    real = sum(len(name) + 1 for name in held_names)  # letters plus the end token
    assert mask["names"] == len(held_names) and mask["length"] == longest
    assert mask["real_targets"] == real
    assert mask["padded_targets"] == len(held_names) * longest - real
    # The masked loss is the held-out loss the curve shows for the last epoch.
    assert mask["loss_masked"] == pytest.approx(trained["curve"][-1][2], rel=1e-6)
    # Scoring padding too: the mean of -log p(target) over every position, by hand.
    model = generate.HELD.get().model
    inputs, target = generate.name_batch(held_names)
    with torch.no_grad():
        log_p = torch.log_softmax(model(inputs)[0], dim=-1)
    every = -log_p.gather(2, target.unsqueeze(2)).mean()
    assert mask["loss_padding_scored"] == pytest.approx(float(every), rel=1e-5)
    assert mask["loss_padding_scored"] != pytest.approx(mask["loss_masked"], rel=1e-3)
