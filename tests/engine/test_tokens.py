"""Tokens: the ids, the one-hot vectors and the embedding rows, each rebuilt here by hand (plain
Python for the ids and the one-hot, the table's rows indexed for the embedding)."""

from __future__ import annotations

import json
import string

import pytest
import torch

from engine.tasks import get_task
from engine.tokens import TokensConfig
from engine.validation import ConfigError

torch.set_num_threads(1)


def tokens(**settings) -> dict:
    # Through JSON, as the CLI and the engine process deliver it.
    return json.loads(json.dumps(get_task("tokens").run(settings)))


def test_ids_are_letters_from_one_padded_with_zero_to_the_longest() -> None:
    data = tokens(words="Rossi, li,schmidt,kowal")
    assert data["vocab"] == ["<pad>", *string.ascii_lowercase]
    assert data["words"] == ["rossi", "li", "schmidt", "kowal"]
    by_hand = [[ord(char) - ord("a") + 1 for char in word] for word in data["words"]]
    assert data["word_ids"] == by_hand
    assert data["word_ids"][1] == [12, 9]  # l is the 12th letter, i the 9th
    assert data["lengths"] == [5, 2, 7, 5]
    longest = 7
    assert data["ids"] == [each + [0] * (longest - len(each)) for each in by_hand]
    assert data["shapes"]["ids"] == [4, 7]


def test_one_hot_has_a_single_one_per_step_at_its_id() -> None:
    data = tokens(words="ab,zzz,q")
    vocab = 27
    by_hand = [
        [[1.0 if k == id_ else 0.0 for k in range(vocab)] for id_ in row] for row in data["ids"]
    ]
    assert data["one_hot"] == by_hand
    assert data["one_hot"][0][2][0] == 1.0  # "ab"'s padded third step is the <pad> column
    assert data["one_hot_dtype"] == "torch.int64"  # what F.one_hot returns before .float()
    assert data["shapes"]["one_hot"] == [3, 3, vocab]


@pytest.mark.parametrize("seed", [0, 3])
def test_embedding_output_is_the_table_rows_of_the_ids_and_pad_row_is_zero(seed: int) -> None:
    data = tokens(words="rossi,li,schmidt,kowal", embedding=3, seed=seed)
    table = data["table"]
    assert len(table) == 27 and all(len(row) == 3 for row in table)
    assert table[0] == [0.0, 0.0, 0.0]  # padding_idx=0 starts at zeros
    assert any(value != 0.0 for row in table[1:] for value in row)
    for b, row in enumerate(data["ids"]):
        for t, id_ in enumerate(row):
            assert data["embedded"][b][t] == table[id_]
    # The table is nn.Embedding's own initialisation after manual_seed(seed).
    torch.manual_seed(seed)
    expected = torch.nn.Embedding(27, 3, padding_idx=0).weight.detach()
    assert torch.equal(torch.tensor(table), expected)
    assert data["shapes"]["embedded"] == [4, 7, 3] and data["shapes"]["table"] == [27, 3]
    assert data["config"]["seed"] == seed == data["seed"]


def test_another_seed_gives_another_table() -> None:
    assert tokens(seed=1)["table"] != tokens(seed=2)["table"]


@pytest.mark.parametrize(
    ("words", "says"),
    [
        ("müller", "only the letters a to z"),
        ("o'brien", "only the letters a to z"),
        ("rossi,,li", "empty entry"),
        ("", "words is empty"),
        (" , ", "words is empty"),
        ("a,b,c,d,e,f,g,h,i", "at most 8 words"),
        ("abcdefghijk", "at most 10 per word"),
        ("the cat", "only the letters a to z"),
    ],
)
def test_words_a_learner_can_fix_are_refused_with_what_to_do(words: str, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        TokensConfig(words=words)


def test_embedding_and_seed_are_checked() -> None:
    with pytest.raises(ConfigError, match="embedding must be from 1 to 6"):
        TokensConfig(embedding=7)
    with pytest.raises(ConfigError, match="whole number"):
        TokensConfig(embedding="four")
    assert TokensConfig(embedding="5").embedding == 5
    assert TokensConfig.from_dict(TokensConfig(words="A,Bc").to_dict()).words == "a,bc"
