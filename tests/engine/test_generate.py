"""Generating surnames: the unigram baseline recounted from the training names, the masked loss
by hand, samples that are names, and truncated backpropagation with and without detach."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest
import torch

from engine import generate, surnames
from engine.generate import GenerateConfig, GenerateProgress
from engine.tasks import get_task
from engine.validation import ConfigError

SHORT = {"language": "finnish", "epochs": 2, "hidden": 16}

torch.set_num_threads(1)  # tutor-sized models: one thread, as in the engine process


def generated(**settings) -> dict:
    # Through JSON, as the CLI and the engine process deliver it.
    return json.loads(json.dumps(get_task("generate").run(settings)))


@pytest.fixture(scope="module")
def short() -> dict:
    return generated(**SHORT)


def test_the_baseline_is_the_entropy_of_letters_and_end_tokens(short) -> None:
    train, held = generate.split(GenerateConfig(**SHORT))
    assert not set(train) & set(held)
    assert sorted(train + held) == sorted(surnames.names_of("finnish"))
    assert short["train_names"] == len(train) and short["held_out_names"] == len(held)
    counts = Counter("".join(train))
    counts["<end>"] = len(train)  # one end token per name; the start token is never a target
    total = sum(counts.values())
    entropy = -sum(n / total * math.log(n / total) for n in counts.values())
    assert short["baseline"] == pytest.approx(entropy, rel=1e-12)
    # It is the loss of the best constant prediction: log-frequencies as every step's scores.
    scores = torch.log(torch.tensor([n / total for n in counts.values()], dtype=torch.float64))
    labels = torch.tensor([i for i, n in enumerate(counts.values()) for _ in range(n)])
    constant = torch.nn.functional.cross_entropy(scores.expand(len(labels), -1), labels)
    assert short["baseline"] == pytest.approx(float(constant), rel=1e-9)


def test_the_loss_skips_padding_and_is_the_mean_over_real_targets() -> None:
    torch.manual_seed(0)
    inputs, target = generate.name_batch(["ab", "abcde"])
    assert inputs[0].tolist() == [1, 3, 4, 0, 0, 0] and target[0].tolist() == [3, 4, 2, 0, 0, 0]
    scores = torch.randn(2, 6, generate.VOCAB)
    log_p = torch.log_softmax(scores, dim=-1)
    real = [(b, t) for b in range(2) for t in range(6) if target[b, t] != 0]
    by_hand = -sum(log_p[b, t, target[b, t]] for b, t in real) / len(real)
    assert len(real) == 3 + 6
    assert float(generate.masked_loss(scores, target)) == pytest.approx(float(by_hand), rel=1e-6)


def test_a_short_run_learns_below_the_baseline_and_samples_names(short) -> None:
    train, _ = generate.split(GenerateConfig(**SHORT))
    assert [point[0] for point in short["curve"]] == [1, 2]
    assert short["curve"][-1][1] < short["baseline"]
    assert [epoch["epoch"] for epoch in short["samples"]] == [1, 2]
    for epoch in short["samples"]:
        assert len(epoch["names"]) == generate.SAMPLES
        for name, copied in zip(epoch["names"], epoch["in_training"], strict=True):
            assert set(name) <= set(surnames.LETTERS) and len(name) <= generate.LONGEST
            assert copied == (name in train)
    assert short["tbptt"] is None
    assert generated(**SHORT)["samples"] == short["samples"]  # the seed fixes them


def test_progress_carries_each_epochs_samples() -> None:
    events: list[GenerateProgress] = []
    data = get_task("generate").run({**SHORT, "epochs": 1}, emit=events.append)
    assert len(events) == 1 and events[0].settled
    assert events[0].samples == data["samples"][0]["names"]
    assert GenerateProgress.from_dict(json.loads(json.dumps(events[0].to_dict()))) == events[0]


def test_truncated_backprop_needs_the_detach() -> None:
    data = generated(**{**SHORT, "epochs": 1, "tbptt_chunk": 15})
    tbptt = data["tbptt"]
    nodes = tbptt["graph_nodes"]
    assert len(set(nodes["detached"])) == 1  # every chunk's graph is one chunk long
    assert nodes["not_detached"][0] == nodes["detached"][0]
    assert nodes["not_detached"][1] > nodes["not_detached"][0]  # it reaches back into chunk 1
    assert nodes["not_detached"][2] > nodes["not_detached"][1]
    failed = tbptt["without_detach"]
    assert failed["backward_calls_that_worked"] == 1
    assert failed["error"].startswith("Trying to backward through the graph a second time")
    # The stream's baseline counts exactly the targets its chunks score.
    train, _ = generate.split(GenerateConfig(**SHORT))
    rows = generate.stream(train)
    assert tbptt["chunks_per_epoch"] == math.ceil((rows.shape[1] - 1) / 15)
    assert data["baseline"] == pytest.approx(
        generate.unigram_entropy(rows[:, 1:].flatten().tolist())
    )
    assert data["curve"][0][1] < data["baseline"] + 0.5


def test_a_stream_is_the_names_each_after_an_end_token() -> None:
    rows = generate.stream(["ab"] * 8)  # 1 + 8 * 3 tokens, 3 per row
    assert rows.shape == (8, 3)
    assert rows.flatten().tolist() == [2, 3, 4] * 8
    pairs = list(generate.chunks(rows, 2))
    assert [p[0].shape[1] for p in pairs] == [2]
    assert torch.equal(pairs[0][1], rows[:, 1:3])


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"language": "klingon"}, "language must be one of"),
        ({"temperature": 0}, "temperature must be from 0.05 to 5"),
        ({"tbptt_chunk": -1}, "tbptt_chunk must be from 0 to 200"),
    ],
)
def test_bad_settings_say_what_to_change(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        GenerateConfig.from_dict(settings)
