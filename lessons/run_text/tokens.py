"""The words for a tokens run: the vocabulary, the ids grid with its pad cells marked, one word's
one-hot rows and embedding rows. The Tokens tab shows the same lines; none needs colour."""

from __future__ import annotations

from typing import Any

from engine.tokens import TokensResult

PAD_CELL = "pad"  # a padded step in the ids grid (its id is 0)
PAD_COLUMN = "·"  # the <pad> column in a one-hot header


def vocab_line(vocab: list[str]) -> str:
    return (
        f"vocabulary ({len(vocab)} ids): 0 {vocab[0]}, "
        + ", ".join(f"{index} {token}" for index, token in list(enumerate(vocab))[1:4])
        + f" … {len(vocab) - 1} {vocab[-1]}"
    )


def ids_grid(result: TokensResult) -> list[str]:
    """The [batch, seq_len] grid, a word per row, a step per column; pad cells say pad."""
    label = max(len(word) for word in result.words)
    steps = len(result.ids[0])
    shown = [" " * label + " step" + "".join(f"{t:>4}" for t in range(steps))]
    for word, row, length in zip(result.words, result.ids, result.lengths, strict=True):
        cells = [f"{id_:>4}" if t < length else f"{PAD_CELL:>4}" for t, id_ in enumerate(row)]
        shown.append(f"{word:<{label}}     " + "".join(cells))
    return shown


def one_hot_rows(result: TokensResult, index: int) -> list[str]:
    """Word `index`'s one-hot rows: a digit per vocabulary id, under a header of the tokens."""
    header = PAD_COLUMN + "".join(result.vocab[1:])
    shown = [f"step token  {header}"]
    for t, row in enumerate(result.one_hot[index]):
        token = _token(result, index, t)
        shown.append(f"{t:>4} {token:<5}  " + "".join(str(int(value)) for value in row))
    return shown


def embedding_rows(result: TokensResult, index: int, decimals: int = 2) -> list[str]:
    """Word `index`'s embedding rows (each its id's row of the table), aligned."""
    width = decimals + 3  # sign, a digit, the point, the decimals (N(0, 1) rows stay under 10)
    shown = ["step token id  its row of the table"]
    for t, row in enumerate(result.embedded[index]):
        token = _token(result, index, t)
        id_ = result.ids[index][t]
        numbers = " ".join(f"{value:>{width}.{decimals}f}" for value in row)
        shown.append(f"{t:>4} {token:<5} {id_:>2}  {numbers}")
    return shown


def _token(result: TokensResult, index: int, t: int) -> str:
    return result.vocab[result.ids[index][t]]


def shortest(result: TokensResult) -> int:
    """The word with the most padding: its rows show what a pad step becomes."""
    return min(range(len(result.words)), key=lambda i: (result.lengths[i], i))


def lines(result: TokensResult) -> list[str]:
    config = result.config
    shapes = result.shapes
    index = shortest(result)
    word = result.words[index]
    return [
        vocab_line(result.vocab),
        f"ids = pad_sequence(..., batch_first=True, padding_value=0): {tuple(shapes['ids'])}",
        *ids_grid(result),
        f"F.one_hot(ids, num_classes={len(result.vocab)}) is {result.one_hot_dtype}; "
        f".float(): {tuple(shapes['one_hot'])}",
        f"one-hot rows of {word!r} (· is the <pad> column):",
        *one_hot_rows(result, index),
        f"embedding = {config.module_call()}: table {tuple(shapes['table'])}, "
        f"embedding(ids) {tuple(shapes['embedded'])}",
        f"embedding rows of {word!r} (each is the table's row of its id; pad's row is zeros):",
        *embedding_rows(result, index, decimals=4),
    ]


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    shapes = result["shapes"]
    return (
        f"tokens {config['words']}: ids {tuple(shapes['ids'])}, one-hot "
        f"{tuple(shapes['one_hot'])}, embedded {tuple(shapes['embedded'])}"
    )
