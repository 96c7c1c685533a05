"""Surnames by language: a character-level classifier over packed sequences.

The data are Faker's surname lists (engine.surnames). Every language gets the same number of
names, so the classes are balanced; each language's names are split 80/20 into training and
test names with the seed. The model is nn.Embedding(27, embedding, padding_idx=0), a GRU, LSTM
or RNN over the packed characters, and a linear layer from h_n to one score per language;
cross-entropy loss, Adam. After every epoch the test accuracy is measured for the live curve
only: nothing is chosen by it (no early stopping), so it stays an honest held-out score.

The engine process keeps the last names model it trained (see `held`), so that the task
names-guess can classify any surname typed afterwards without training again.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from engine import surnames
from engine.control import Control, Emit, Progress, no_emit
from engine.held import Held
from engine.options import option
from engine.results import CarriesConfig, result_fields
from engine.validation import ConfigError, build, capped, one_of, whole_number

CELLS = ("gru", "lstm", "rnn")
TEST_FRACTION = 0.2
BATCH = 32
LR = 0.01
MISTAKES = 5  # most confident mistakes reported
TOP = 3  # languages a guess reports
LIMITS = {
    "hidden": (1, 256),
    "embedding": (1, 64),
    "epochs": (1, 200),
    "per_language": (10, 5000),
    "seed": (0, 2**31 - 1),
}


def _language_list(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    chosen = tuple(
        dict.fromkeys(one_of("languages", item, surnames.LANGUAGES) for item in items if item)
    )
    if len(chosen) < 2:
        raise ConfigError("languages must name at least two of " + ", ".join(surnames.LANGUAGES))
    return chosen


@dataclass(frozen=True)
class NamesConfig:
    cell: str = field(default="gru", metadata=option("gru, lstm or rnn"))
    hidden: int = field(default=64, metadata=option("hidden_size"))
    embedding: int = field(default=16, metadata=option("embedding size per character"))
    epochs: int = field(default=15, metadata=option("training epochs"))
    languages: tuple[str, ...] = field(
        default=surnames.LANGUAGES,
        metadata=option("comma-separated, from: " + ",".join(surnames.LANGUAGES)),
    )
    per_language: int = field(
        default=200,
        metadata=option(
            "names per language (all languages get as many as the one with fewest has, if "
            "that is fewer)"
        ),
    )
    seed: int = field(default=0, metadata=option("random seed (split, weights, batches)"))
    guess: str = field(
        default="", metadata=option("comma-separated surnames to classify after training")
    )

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "cell", one_of("cell", self.cell, CELLS))
        for name, (low, high) in LIMITS.items():
            set_(self, name, whole_number(name, getattr(self, name), low, high))
        set_(self, "epochs", capped(self.epochs))
        set_(self, "languages", _language_list(self.languages))
        set_(self, "guess", str(self.guess or "").strip())
        for typed in self.guesses:
            if not surnames.normalise(typed):
                raise ConfigError(f"{typed!r} has no letters a to z to classify")

    @property
    def guesses(self) -> list[str]:
        return [typed.strip() for typed in self.guess.split(",") if typed.strip()]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NamesConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["languages"] = list(self.languages)
        return data


@dataclass(frozen=True)
class Dataset:
    languages: tuple[str, ...]
    train: list[tuple[str, int]]  # (normalised name, language index)
    test: list[tuple[str, int]]
    per_language: int  # names per language actually used
    capped_by: str | None  # the language with too few names, when per_language was lowered


def split_names(config: NamesConfig) -> Dataset:
    """The same number of names from every language, then 80/20 per language, seeded."""
    import torch

    available = {language: surnames.unique_names()[language] for language in config.languages}
    fewest = min(available, key=lambda language: len(available[language]))
    count = min(config.per_language, len(available[fewest]))
    order = torch.Generator().manual_seed(config.seed)
    train, test = [], []
    for label, language in enumerate(config.languages):
        names = available[language]
        picked = [names[i] for i in torch.randperm(len(names), generator=order)[:count].tolist()]
        n_test = round(count * TEST_FRACTION)
        test += [(name, label) for name in picked[:n_test]]
        train += [(name, label) for name in picked[n_test:]]
    return Dataset(
        config.languages, train, test, count, fewest if count < config.per_language else None
    )


def batch_ids(names: list[str]):
    """Padded letter ids [batch, longest] (padding 0) and the lengths."""
    import torch
    from torch.nn.utils.rnn import pad_sequence

    ids = [torch.tensor(surnames.encode(name)) for name in names]
    return pad_sequence(ids, batch_first=True, padding_value=surnames.PAD), [len(n) for n in names]


@dataclass(frozen=True)
class NamesProgress(Progress):
    """Sent after every epoch."""

    epoch: int
    epochs: int
    curve: list[list[float]]  # [epoch, mean training loss, test accuracy] so far
    baseline: float

    @property
    def settled(self) -> bool:
        return self.epoch == self.epochs


@dataclass(frozen=True)
class Mistake:
    name: str
    true: str
    predicted: str
    probability: float  # the model's probability for the language it predicted


@dataclass(frozen=True)
class Guess:
    language: str
    probability: float


@dataclass(frozen=True)
class NamesResult(CarriesConfig):
    config: NamesConfig
    languages: list[str]
    sources: dict[str, str]  # language -> the Faker list its names came from
    names_per_language: int  # used (train + test): per_language, or fewer, see capped_by
    capped_by: str | None  # the language with too few names, when there was one
    train_counts: dict[str, int]
    test_counts: dict[str, int]
    accuracy: float  # on the test names
    baseline: float  # the majority class's share of the test names
    per_language: dict[str, float]  # accuracy on each language's test names
    confusion: list[list[int]]  # rows: true language, columns: predicted; test counts
    curve: list[list[float]]  # [epoch, mean training loss, test accuracy]
    most_confident_mistakes: list[Mistake]
    guesses: dict[str, list[Guess]]  # the config's --guess names, top TOP each
    params: int
    seconds: float
    torch_version: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NamesResult:
        fields_ = result_fields(data)
        fields_["most_confident_mistakes"] = [Mistake(**m) for m in data["most_confident_mistakes"]]
        fields_["guesses"] = {
            name: [Guess(**g) for g in top] for name, top in data["guesses"].items()
        }
        return cls(config=NamesConfig.from_dict(data["config"]), **fields_)


@dataclass(frozen=True)
class Trained:
    """A trained model as the engine process keeps it."""

    model: Any
    config: NamesConfig
    languages: tuple[str, ...]


HELD: Held[Trained] = Held()  # the last model trained in this process


def build_model(config: NamesConfig, classes: int):
    import torch

    from engine.text_models import NameClassifier

    torch.manual_seed(config.seed)
    vocab = len(surnames.LETTERS) + 1  # the letters and padding
    return NameClassifier(config.cell, vocab, config.embedding, config.hidden, classes)


def probabilities(model, names: list[str]):
    """softmax of the model's scores for each name [len(names), classes]."""
    import torch

    ids, lengths = batch_ids(names)
    model.eval()
    with torch.no_grad():
        return torch.softmax(model(ids, lengths), dim=1)


def top_guesses(model, languages, typed: str, top: int = TOP) -> list[Guess]:
    chances = probabilities(model, [surnames.normalise(typed)])[0]
    values, indices = chances.topk(min(top, len(languages)))
    return [Guess(languages[i], float(p)) for p, i in zip(values, indices.tolist(), strict=True)]


def train(model, data: Dataset, config: NamesConfig, emit: Emit, control: Control):
    import torch

    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(config.seed + 1)
    test_names = [name for name, _ in data.test]
    test_labels = torch.tensor([label for _, label in data.test])
    baseline = majority_share(data)
    curve: list[list[float]] = []
    for epoch in range(1, config.epochs + 1):
        model.train()
        total = 0.0
        for batch in torch.randperm(len(data.train), generator=order).split(BATCH):
            control.checkpoint()
            rows = [data.train[i] for i in batch.tolist()]
            ids, lengths = batch_ids([name for name, _ in rows])
            labels = torch.tensor([label for _, label in rows])
            loss = loss_fn(model(ids, lengths), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(rows)
        predicted = probabilities(model, test_names).argmax(dim=1)
        accuracy = float((predicted == test_labels).float().mean())
        curve.append([epoch, total / len(data.train), accuracy])
        emit(NamesProgress(epoch, config.epochs, [list(point) for point in curve], baseline))
    return curve


def majority_share(data: Dataset) -> float:
    """The accuracy of always answering the most common language of the test names."""
    counts = [0] * len(data.languages)
    for _, label in data.test:
        counts[label] += 1
    return max(counts) / len(data.test)


def run(config: NamesConfig, emit: Emit = no_emit, control: Control | None = None) -> NamesResult:
    import time

    import torch

    control = control or Control()
    started = time.perf_counter()
    data = split_names(config)
    languages = list(data.languages)
    model = build_model(config, len(languages))
    curve = train(model, data, config, emit, control)

    chances = probabilities(model, [name for name, _ in data.test])
    confidence, predicted = chances.max(dim=1)
    predicted = predicted.tolist()
    size = len(languages)
    confusion = [[0] * size for _ in range(size)]
    for (_, label), guess in zip(data.test, predicted, strict=True):
        confusion[label][guess] += 1
    test_counts = {language: sum(confusion[i]) for i, language in enumerate(languages)}
    mistakes = sorted(
        (
            Mistake(name, languages[label], languages[guess], float(confidence[i]))
            for i, ((name, label), guess) in enumerate(zip(data.test, predicted, strict=True))
            if guess != label
        ),
        key=lambda mistake: -mistake.probability,
    )[:MISTAKES]
    HELD.set(Trained(model, config, data.languages))
    return NamesResult(
        config=config,
        languages=languages,
        sources={language: surnames.source(language) for language in languages},
        names_per_language=data.per_language,
        capped_by=data.capped_by,
        train_counts={
            language: sum(1 for _, label in data.train if label == i)
            for i, language in enumerate(languages)
        },
        test_counts=test_counts,
        accuracy=sum(confusion[i][i] for i in range(size)) / len(data.test),
        baseline=majority_share(data),
        per_language={
            language: confusion[i][i] / test_counts[language] if test_counts[language] else math.nan
            for i, language in enumerate(languages)
        },
        confusion=confusion,
        curve=curve,
        most_confident_mistakes=mistakes,
        guesses={typed: top_guesses(model, languages, typed) for typed in config.guesses},
        params=sum(p.numel() for p in model.parameters()),
        seconds=time.perf_counter() - started,
        torch_version=torch.__version__,
    )
