"""Tokens: words become ids, a padded grid of ids, then one-hot vectors or embedding rows.

What PyTorch documents, and this task relies on (checked in the torch.nn.functional.one_hot and
torch.nn.Embedding docs of torch 2.x):
* F.one_hot(tensor, num_classes) takes a LongTensor of any shape (*) and returns a LongTensor
  of shape (*, num_classes): one more dimension, a 1 at each id's index and 0 elsewhere. It is
  integers, so a layer reads it after `.float()`.
* nn.Embedding(num_embeddings, embedding_dim, padding_idx=0) is a table of shape
  (num_embeddings, embedding_dim), initialised from N(0, 1); the row at padding_idx starts at
  zeros and gets no gradient, so it stays a fixed "pad". Its output for input of shape (*) is
  (*, embedding_dim): each id replaced by its row.
* pad_sequence(batch_first=True, padding_value=0) stacks sequences of different lengths into
  [batch, longest], filling each shorter one's end with 0, the padding id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.options import option
from engine.results import CarriesConfig, result_fields
from engine.surnames import LETTERS, PAD, encode
from engine.validation import ConfigError, build, whole_number

PAD_TOKEN = "<pad>"
VOCAB = (PAD_TOKEN, *LETTERS)  # id 0 is padding, a is 1, z is 26
MAX_WORDS = 8
MAX_LETTERS = 10  # a word per row of the ids grid: 10 steps fit in 60 columns
EMBEDDING_LIMITS = (1, 6)  # an embedding row of 6 numbers fits in 60 columns
MAX_SEED = 2**31 - 1


def read_words(value: Any) -> str:
    """Comma-separated words, lower-cased, each of the letters a to z only: `value` as the
    config keeps it (the words joined by commas, no spaces)."""
    if not isinstance(value, str):
        raise ConfigError(f"words must be text such as rossi,li,schmidt, not {value!r}")
    words = [word.strip().lower() for word in value.split(",")]
    if not any(words):
        raise ConfigError("words is empty: type words separated by commas, such as rossi,li")
    if "" in words:
        raise ConfigError("words has an empty entry: put one word between each pair of commas")
    if len(words) > MAX_WORDS:
        raise ConfigError(f"words: at most {MAX_WORDS} words, not {len(words)}")
    for word in words:
        others = sorted(set(char for char in word if char not in LETTERS))
        if others:
            shown = " ".join(repr(char) for char in others)
            raise ConfigError(
                f"{word[:20]!r} has {shown}: words may use only the letters a to z "
                "(no accents, spaces, digits or hyphens)"
            )
        if len(word) > MAX_LETTERS:
            raise ConfigError(
                f"{word[:20]!r} has {len(word)} letters: at most {MAX_LETTERS} per word"
            )
    return ",".join(words)


@dataclass(frozen=True)
class TokensConfig:
    words: str = field(
        default="rossi,li,schmidt,kowal",
        metadata=option(f"comma-separated words, letters a to z, up to {MAX_WORDS}"),
    )
    # 3: no other dimension of the default batch (4 words, 7 steps, 27 ids) has that size, so
    # a prediction with its dimensions in the wrong order cannot pass.
    embedding: int = field(default=3, metadata=option("embedding_dim of nn.Embedding"))
    seed: int = field(default=0, metadata=option("random seed (the embedding table)"))

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "words", read_words(self.words))
        low, high = EMBEDDING_LIMITS
        set_(self, "embedding", whole_number("embedding", self.embedding, low, high))
        set_(self, "seed", whole_number("seed", self.seed, 0, MAX_SEED))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TokensConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def word_list(self) -> list[str]:
        return self.words.split(",")

    def describe(self) -> dict[str, Any]:
        """The values a quiz prompt may name: the config's, the vocabulary's size, the words
        with spaces after the commas."""
        return {**self.to_dict(), "vocab": len(VOCAB), "word_list": ", ".join(self.word_list())}

    def module_call(self) -> str:
        return f"nn.Embedding({len(VOCAB)}, {self.embedding}, padding_idx={PAD})"


@dataclass(frozen=True)
class TokensResult(CarriesConfig):
    config: TokensConfig
    vocab: list[str]  # the token of each id: "<pad>" first, then a to z
    words: list[str]
    word_ids: list[list[int]]  # each word's ids, before padding
    lengths: list[int]
    ids: list[list[int]]  # pad_sequence(batch_first=True, padding_value=0): [batch, seq_len]
    one_hot_dtype: str  # what F.one_hot returns, before .float()
    one_hot: list  # F.one_hot(ids, num_classes=vocab).float(): [batch, seq_len, vocab]
    table: list[list[float]]  # the embedding's weight: [vocab, embedding]
    embedded: list  # embedding(ids): [batch, seq_len, embedding]
    shapes: dict[str, list[int]]  # ids, one_hot, embedded, table
    torch_version: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TokensResult:
        return cls(config=TokensConfig.from_dict(data["config"]), **result_fields(data))


def run(config: TokensConfig, emit: Emit = no_emit, control: Control | None = None) -> TokensResult:
    import torch
    import torch.nn.functional as F
    from torch.nn.utils.rnn import pad_sequence

    words = config.word_list()
    word_ids = [encode(word, offset=1) for word in words]
    ids = pad_sequence(
        [torch.tensor(each, dtype=torch.long) for each in word_ids],
        batch_first=True,
        padding_value=PAD,
    )
    one_hot_long = F.one_hot(ids, num_classes=len(VOCAB))
    torch.manual_seed(config.seed)
    embedding = torch.nn.Embedding(len(VOCAB), config.embedding, padding_idx=PAD)
    with torch.no_grad():
        embedded = embedding(ids)
    one_hot = one_hot_long.float()
    return TokensResult(
        config=config,
        vocab=list(VOCAB),
        words=words,
        word_ids=word_ids,
        lengths=[len(each) for each in word_ids],
        ids=ids.tolist(),
        one_hot_dtype=str(one_hot_long.dtype),
        one_hot=one_hot.tolist(),
        table=embedding.weight.detach().tolist(),
        embedded=embedded.tolist(),
        shapes={
            "ids": list(ids.shape),
            "one_hot": list(one_hot.shape),
            "embedded": list(embedded.shape),
            "table": list(embedding.weight.shape),
        },
        torch_version=torch.__version__,
    )
