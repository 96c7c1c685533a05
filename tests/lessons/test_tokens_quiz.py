"""Text as Sequences' embedding-shape item: its answer comes from the tokens task, and its prompt
names what the shape is worked out from (the words, the vocabulary, embedding_dim)."""

from __future__ import annotations

import torch

from engine.tasks import get_task
from lessons import catalog

torch.set_num_threads(1)


def test_embedding_shape_is_computed_by_the_tokens_task() -> None:
    item = next(q for q in catalog.lesson("text-sequences").quiz if q.id == "embedding-shape")
    assert item.kind == "shape" and item.task == "tokens"
    config = item.config_for(seed=0, round_=0)
    prompt = item.pose(config)
    words = config["words"].split(",")
    assert ", ".join(words) in prompt
    assert f"nn.Embedding(27, {config['embedding']}, padding_idx=0)(ids)" in prompt
    answer = item.answer_in(get_task("tokens").run(config))
    # [batch, longest word, embedding_dim], counted here from the words themselves.
    assert answer == [len(words), max(map(len, words)), config["embedding"]]
    # Every dimension a different size: an answer in the wrong order cannot pass.
    assert answer == [5, 7, 3] and len(set(answer)) == 3
