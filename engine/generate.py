"""Generating surnames: a character model trained on one language's names, sampled each epoch.

Many-to-many next-character prediction. Ids: 0 padding, 1 start, 2 end, then a to z. A name
"rossi" is read as [start, r, o, s, s, i] and each step's target is the next token,
[r, o, s, s, i, end]. Names of different lengths are padded at the end; the loss skips padded
targets (CrossEntropyLoss(ignore_index=0)). Packing is not needed here: a one-directional RNN's
output at step t depends only on steps up to t, so padding after a name cannot change the
outputs whose targets are scored.

The baseline is the unigram entropy, in nats: -sum p(t) ln p(t) over the target tokens of the
training names, that is every letter of every name plus one end token per name (the start
token is never a target; padding is not counted). It is the lowest mean loss of a model that
gives every step the same distribution, whatever came before.

With tbptt_chunk N, training is truncated backpropagation through time instead: the training
names are joined into one stream, each followed by the end token (which also stands before the
first), cut into STREAMS rows read side by side, and learned N steps at a time. The hidden
state is carried from chunk to chunk with .detach(): the next chunk starts from its values,
but the gradient stops there. The run also shows, on a fresh copy of the model, what happens
without the detach, and how the graph grows.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from engine import surnames
from engine.control import Control, Emit, Progress, no_emit
from engine.held import Held
from engine.options import option
from engine.results import CarriesConfig, result_fields
from engine.validation import build, capped, decimal, one_of, whole_number

CELLS = ("gru", "lstm", "rnn")
PAD, START, END = 0, 1, 2
OFFSET = 3  # the id of a
VOCAB = OFFSET + len(surnames.LETTERS)
EMBEDDING = 16
BATCH = 32
LR = 0.01
HELD_OUT = 0.1  # of the language's names, never trained on
SAMPLES = 6  # names sampled after each epoch
LONGEST = 20  # a sample stops here if the model has not ended it
STREAMS = 8  # rows of the joined stream read side by side (tbptt)
GRAPH_CHUNKS = 3  # chunks whose graph size is measured, with and without the detach
LIMITS = {
    "hidden": (1, 256),
    "epochs": (1, 200),
    "tbptt_chunk": (0, 200),
    "seed": (0, 2**31 - 1),
}


@dataclass(frozen=True)
class GenerateConfig:
    language: str = field(
        default="english", metadata=option("whose names: " + ", ".join(surnames.LANGUAGES))
    )
    cell: str = field(default="gru", metadata=option("gru, lstm or rnn"))
    hidden: int = field(default=64, metadata=option("hidden_size"))
    # By about epoch 8 of the defaults the held-out loss stops falling while the training loss
    # goes on down: more epochs only memorise.
    epochs: int = field(default=10, metadata=option("training epochs"))
    temperature: float = field(
        default=0.8, metadata=option("sampling temperature: below 1 safer, above 1 wilder")
    )
    seed: int = field(default=0, metadata=option("random seed (split, weights, samples)"))
    tbptt_chunk: int = field(
        default=0,
        metadata=option(
            "train on all names joined into one stream, this many steps per chunk, carrying "
            "h across chunks with h.detach() (0: one padded name per row instead)"
        ),
    )

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "language", one_of("language", self.language, surnames.LANGUAGES))
        set_(self, "cell", one_of("cell", self.cell, CELLS))
        for name, (low, high) in LIMITS.items():
            set_(self, name, whole_number(name, getattr(self, name), low, high))
        set_(self, "epochs", capped(self.epochs))
        set_(self, "temperature", decimal("temperature", self.temperature, 0.05, 5.0))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerateConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def encode(name: str) -> list[int]:
    return surnames.encode(name, OFFSET)


def decode(ids: list[int]) -> str:
    return "".join(surnames.LETTERS[i - OFFSET] for i in ids if i >= OFFSET)


def targets(names: list[str]) -> list[int]:
    """Every target token of these names, in order: their letters, then end, name by name."""
    return [token for name in names for token in [*encode(name), END]]


def unigram_entropy(tokens: list[int]) -> float:
    """-sum p ln p (nats) of the tokens' frequencies."""
    counts = Counter(tokens)
    total = sum(counts.values())
    return -sum(n / total * math.log(n / total) for n in counts.values())


def cross_entropy(tokens: list[int], model_of: list[int]) -> float:
    """The mean loss on `tokens` of always predicting the frequencies of `model_of`; infinite
    if a token never occurs in `model_of`."""
    counts = Counter(model_of)
    total = sum(counts.values())
    if any(counts[token] == 0 for token in tokens):
        return math.inf
    return -sum(math.log(counts[token] / total) for token in tokens) / len(tokens)


def split(config: GenerateConfig) -> tuple[list[str], list[str]]:
    import torch

    names = surnames.names_of(config.language)
    order = torch.randperm(len(names), generator=torch.Generator().manual_seed(config.seed))
    shuffled = [names[i] for i in order.tolist()]
    n_held = round(len(names) * HELD_OUT)
    return shuffled[n_held:], shuffled[:n_held]


def name_batch(names: list[str], first: int = START):
    """Inputs [first, letters...] and targets [letters..., end], both padded with 0."""
    import torch
    from torch.nn.utils.rnn import pad_sequence

    inputs = [torch.tensor([first, *encode(name)]) for name in names]
    outputs = [torch.tensor([*encode(name), END]) for name in names]
    return (
        pad_sequence(inputs, batch_first=True, padding_value=PAD),
        pad_sequence(outputs, batch_first=True, padding_value=PAD),
    )


def masked_loss(scores, target):
    import torch

    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=PAD)  # padded targets are not scored
    return loss_fn(scores.reshape(-1, VOCAB), target.reshape(-1))


def name_loss(model, names: list[str], first: int) -> float:
    """The mean loss per target token on these names (no training)."""
    import torch

    inputs, target = name_batch(names, first)
    model.eval()
    with torch.no_grad():
        scores, _ = model(inputs)
        return float(masked_loss(scores, target))


def sample(model, count: int, temperature: float, generator, first: int = START) -> list[str]:
    """`count` names drawn one character at a time from softmax(scores / temperature)."""
    import torch

    model.eval()
    names = []
    with torch.no_grad():
        for _ in range(count):
            token, state, drawn = torch.tensor([[first]]), None, []
            for _ in range(LONGEST):
                scores, state = model(token, state)
                scores = scores[0, -1] / temperature
                scores[[PAD, START]] = -math.inf  # never a next character
                token_id = int(torch.multinomial(torch.softmax(scores, 0), 1, generator=generator))
                if token_id == END:
                    break
                drawn.append(token_id)
                token = torch.tensor([[token_id]])
            names.append(decode(drawn))
    return names


@dataclass(frozen=True)
class GenerateProgress(Progress):
    """Sent after every epoch."""

    epoch: int
    epochs: int
    curve: list[list[float]]  # [epoch, mean training loss, held-out loss] so far
    baseline: float
    samples: list[str]  # this epoch's

    @property
    def settled(self) -> bool:
        return self.epoch == self.epochs


@dataclass(frozen=True)
class Samples:
    epoch: int
    names: list[str]
    in_training: list[bool]  # each: the sample is one of the training names, copied


@dataclass(frozen=True)
class GenerateResult(CarriesConfig):
    config: GenerateConfig
    source: str
    train_names: int
    held_out_names: int
    baseline: float  # unigram entropy of the training targets, nats
    baseline_tokens: str  # which tokens the baseline counts
    held_out_baseline: float  # the training unigram's mean loss on the held-out names' targets
    curve: list[list[float]]  # [epoch, mean training loss per target token, held-out loss]
    samples: list[Samples]
    params: int
    seconds: float
    torch_version: str
    tbptt: dict[str, Any] | None = None  # tbptt_chunk > 0 only, see tbptt_demo
    masking: dict[str, Any] | None = None  # what ignore_index changes, see masking_numbers

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerateResult:
        fields_ = result_fields(data)
        fields_["samples"] = [Samples(**epoch) for epoch in data["samples"]]
        return cls(config=GenerateConfig.from_dict(data["config"]), **fields_)


@dataclass(frozen=True)
class Trained:
    """A trained character model as the engine process keeps it, for generate-sample."""

    model: Any
    config: GenerateConfig
    first: int  # the token a sample starts from (start, or end in the tbptt stream)
    train_names: frozenset[str]


HELD: Held[Trained] = Held()  # the last model trained in this process


def masking_numbers(model, names: list[str], first: int) -> dict[str, Any]:
    """On these names' padded batch: how many targets are real and how many are padding, and
    the mean loss with padded targets skipped (ignore_index) beside the mean with them scored
    as if padding were a token to predict."""
    import torch

    inputs, target = name_batch(names, first)
    model.eval()
    with torch.no_grad():
        scores, _ = model(inputs)
        flat = scores.reshape(-1, VOCAB)
        unmasked = torch.nn.functional.cross_entropy(flat, target.reshape(-1))
    return {
        "names": len(names),
        "length": int(target.shape[1]),
        "real_targets": int((target != PAD).sum()),
        "padded_targets": int((target == PAD).sum()),
        "loss_masked": float(masked_loss(scores, target)),
        "loss_padding_scored": float(unmasked),
    }


def build_model(config: GenerateConfig):
    import torch

    from engine.text_models import CharModel

    torch.manual_seed(config.seed)
    return CharModel(config.cell, VOCAB, EMBEDDING, config.hidden)


def stream(names: list[str]):
    """The names joined, each after an end token, cut into STREAMS rows [STREAMS, length]."""
    import torch

    tokens = torch.tensor([END, *targets(names)])
    length = len(tokens) // STREAMS
    return tokens[: length * STREAMS].view(STREAMS, length)


def chunks(rows, size: int):
    """(inputs, targets) of `size` steps each (the last may be shorter): targets are the inputs
    one step on."""
    for start in range(0, rows.shape[1] - 1, size):
        end = min(start + size, rows.shape[1] - 1)
        yield rows[:, start:end], rows[:, start + 1 : end + 1]


def run(
    config: GenerateConfig, emit: Emit = no_emit, control: Control | None = None
) -> GenerateResult:
    import time

    import torch

    control = control or Control()
    started = time.perf_counter()
    train_names, held_names = split(config)
    model = build_model(config)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    draws = torch.Generator().manual_seed(config.seed + 1)
    if config.tbptt_chunk:
        rows = stream(train_names)
        trained_targets = rows[:, 1:].flatten().tolist()  # exactly what the chunks score
        first = END  # in the stream, a name follows an end token
        counted = "every target of the joined stream: letters and end tokens (each name's)"
    else:
        trained_targets = targets(train_names)
        first = START
        counted = "every letter of every training name, plus one end token per name"
    baseline = unigram_entropy(trained_targets)
    curve: list[list[float]] = []
    samples: list[Samples] = []
    known = set(train_names)
    for epoch in range(1, config.epochs + 1):
        model.train()
        if config.tbptt_chunk:
            train_loss = _stream_epoch(model, optimizer, rows, config.tbptt_chunk, control)
        else:
            train_loss = _names_epoch(model, optimizer, train_names, draws, control)
        held_loss = name_loss(model, held_names, first)
        curve.append([epoch, train_loss, held_loss])
        drawn = sample(model, SAMPLES, config.temperature, draws, first)
        samples.append(Samples(epoch, drawn, [name in known for name in drawn]))
        emit(GenerateProgress(epoch, config.epochs, [list(p) for p in curve], baseline, drawn))
    HELD.set(Trained(model, config, first, frozenset(train_names)))
    return GenerateResult(
        config=config,
        source=surnames.source(config.language),
        train_names=len(train_names),
        held_out_names=len(held_names),
        baseline=baseline,
        baseline_tokens=counted,
        held_out_baseline=cross_entropy(targets(held_names), trained_targets),
        curve=curve,
        samples=samples,
        params=sum(p.numel() for p in model.parameters()),
        seconds=time.perf_counter() - started,
        torch_version=torch.__version__,
        tbptt=tbptt_demo(config, train_names) if config.tbptt_chunk else None,
        masking=masking_numbers(model, held_names, first),
    )


def _names_epoch(model, optimizer, names: list[str], generator, control: Control) -> float:
    """One pass over the names in shuffled batches; the mean loss per target token."""
    import torch

    total, count = 0.0, 0
    for batch in torch.randperm(len(names), generator=generator).split(BATCH):
        control.checkpoint()
        inputs, target = name_batch([names[i] for i in batch.tolist()])
        scores, _ = model(inputs)
        loss = masked_loss(scores, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scored = int((target != PAD).sum())
        total, count = total + loss.item() * scored, count + scored
    return total / count


def _stream_epoch(model, optimizer, rows, size: int, control: Control) -> float:
    """One pass along the stream, `size` steps at a time, the state carried with .detach()."""
    from engine.text_models import detach

    total, count, state = 0.0, 0, None
    for inputs, target in chunks(rows, size):
        control.checkpoint()
        scores, state = model(inputs, state)
        loss = masked_loss(scores, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        # The next chunk starts from this state's values, but backward stops here: without
        # this, the next backward would go on into this chunk's graph, already freed.
        state = detach(state)
        total, count = total + loss.item() * target.numel(), count + target.numel()
    return total / count


def graph_size(tensor) -> int:
    """How many autograd nodes backward would visit from `tensor`."""
    seen, todo = set(), [tensor.grad_fn]
    while todo:
        node = todo.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        todo.extend(parent for parent, _ in node.next_functions)
    return len(seen)


def tbptt_demo(config: GenerateConfig, names: list[str]) -> dict[str, Any]:
    """On a fresh model: the graph behind each chunk's loss with and without .detach(), and
    what backward does on the second chunk when the state was not detached."""
    from engine.text_models import detach

    rows = stream(names)
    sizes: dict[str, list[int]] = {"detached": [], "not_detached": []}
    for kind in sizes:
        model, state = build_model(config), None
        for inputs, target in list(chunks(rows, config.tbptt_chunk))[:GRAPH_CHUNKS]:
            scores, state = model(inputs, state)
            sizes[kind].append(graph_size(masked_loss(scores, target)))
            if kind == "detached":
                state = detach(state)
    model, state, error, backward_ok = build_model(config), None, None, 0
    for inputs, target in list(chunks(rows, config.tbptt_chunk))[:2]:
        scores, state = model(inputs, state)
        try:
            masked_loss(scores, target).backward()
            backward_ok += 1
        except RuntimeError as failed:
            error = str(failed).splitlines()[0]
            break
    return {
        "chunk": config.tbptt_chunk,
        "streams": STREAMS,
        "steps_per_stream": int(rows.shape[1]),
        "chunks_per_epoch": len(list(chunks(rows, config.tbptt_chunk))),
        "graph_nodes": sizes,
        "without_detach": {"backward_calls_that_worked": backward_ok, "error": error},
    }
