"""Packing: a batch of sequences of different lengths, padded, packed, run, unpacked.

What PyTorch documents, and this task relies on (checked in the torch.nn.utils.rnn docs and in
torch/nn/modules/rnn.py of torch 2.x):
* pad_sequence(batch_first=True) stacks the sequences into [batch, max_len, *], filling the end
  of each shorter one with padding_value (0.0 by default).
* pack_padded_sequence(input, lengths, batch_first=True, enforce_sorted=False) sorts the
  sequences by length itself ("the input will get sorted unconditionally"); enforce_sorted=True
  only asks the caller to have sorted them, which the docs say is needed only for ONNX export.
  `lengths` must be on the CPU when given as a tensor.
* PackedSequence.batch_sizes is not the lengths: it holds, for each time step, how many
  sequences are still running at that step (data "abc" and "x" pack to "axbc" with
  batch_sizes [2, 1, 1]). sorted_indices is the order packing put the sequences in, longest
  first; unsorted_indices undoes it.
* An RNN module given a PackedSequence stops each sequence at its own length, and returns h_n
  (and c_n) permuted back to the original batch order (permute_hidden with unsorted_indices).
* pad_packed_sequence(batch_first=True) is the inverse of packing: [batch, max_len, hidden] in
  the original order, zeros (padding_value) after each sequence's end, and the lengths.
The padded batch run without packing keeps stepping through the padding, so output[:, -1] is
each shorter sequence's state after reading zeros, not its true last state.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from engine.control import Control, Emit, no_emit
from engine.options import option
from engine.results import CarriesConfig, result_fields
from engine.validation import build, one_of, whole_number

CELLS = ("gru", "lstm", "rnn")
CELL_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
LIMITS = {"batch": (2, 32), "max_len": (2, 64), "features": (1, 64), "hidden": (1, 64)}
MAX_SEED = 2**31 - 1
SAME = 1e-6  # max |difference| under which two float32 states count as the same state


@dataclass(frozen=True)
class PackConfig:
    cell: str = field(default="gru", metadata=option("gru, lstm or rnn"))
    batch: int = field(default=4, metadata=option("sequences in the batch"))
    max_len: int = field(default=6, metadata=option("the longest sequence's length"))
    features: int = field(default=3, metadata=option("numbers per step: input_size"))
    hidden: int = field(default=5, metadata=option("hidden_size"))
    seed: int = field(default=0, metadata=option("random seed (lengths, inputs and weights)"))

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "cell", one_of("cell", self.cell, CELLS))
        for name, (low, high) in LIMITS.items():
            set_(self, name, whole_number(name, getattr(self, name), low, high))
        set_(self, "seed", whole_number("seed", self.seed, 0, MAX_SEED))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PackConfig:
        return build(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def module_call(self) -> str:
        return (
            f"nn.{CELL_NAMES[self.cell]}(input_size={self.features}, "
            f"hidden_size={self.hidden}, batch_first=True)"
        )


@dataclass(frozen=True)
class SequenceCheck:
    """One sequence of the batch: is the padded run's last output its true last state?"""

    index: int
    length: int
    naive_is_last: bool  # naive_last[i] equals h_n[-1][i] (within SAME)
    naive_gap: float  # max |naive_last[i] - h_n[-1][i]|


@dataclass(frozen=True)
class PackResult(CarriesConfig):
    config: PackConfig
    lengths: list[int]
    input: list  # the padded batch [batch, max_len, features]
    state_dict: dict[str, list]
    output: list  # pad_packed_sequence of the packed run's output [batch, max_len, hidden]
    h_n: list  # from the packed run [1, batch, hidden]
    naive_last: list  # output[:, -1] of the padded batch run without packing [batch, hidden]
    batch_sizes: list[int]
    sorted_indices: list[int]
    unsorted_indices: list[int]
    shapes: dict[str, list[int]]
    sequences: list[SequenceCheck]
    c_n: list | None = None  # LSTM only
    torch_version: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PackResult:
        fields_ = result_fields(data)
        fields_["sequences"] = [SequenceCheck(**check) for check in data["sequences"]]
        return cls(config=PackConfig.from_dict(data["config"]), **fields_)


def draw_lengths(batch: int, max_len: int, generator) -> list[int]:
    """Lengths from 1 to max_len, with at least one of max_len and at least one shorter: a batch
    without both would show nothing about padding."""
    import torch

    lengths = torch.randint(1, max_len + 1, (batch,), generator=generator).tolist()
    if max_len not in lengths:
        lengths[int(torch.randint(batch, (1,), generator=generator))] = max_len
    if all(length == max_len for length in lengths):
        shorter = int(torch.randint(1, max_len, (1,), generator=generator))
        lengths[int(torch.randint(batch, (1,), generator=generator))] = shorter
    return lengths


def build_module(config: PackConfig):
    import torch

    torch.manual_seed(config.seed)
    cell = getattr(torch.nn, CELL_NAMES[config.cell])
    return cell(config.features, config.hidden, batch_first=True)


def make_batch(config: PackConfig):
    """The sequences' lengths and the padded batch, from the seed (weights use their own)."""
    import torch
    from torch.nn.utils.rnn import pad_sequence

    generator = torch.Generator().manual_seed(config.seed)
    lengths = draw_lengths(config.batch, config.max_len, generator)
    sequences = [torch.randn(n, config.features, generator=generator) for n in lengths]
    return lengths, pad_sequence(sequences, batch_first=True)


def run(config: PackConfig, emit: Emit = no_emit, control: Control | None = None) -> PackResult:
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    lengths, padded = make_batch(config)
    module = build_module(config)
    with torch.no_grad():
        packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
        packed_output, state = module(packed)
        output, _ = pad_packed_sequence(packed_output, batch_first=True)
        padded_output, _ = module(padded)  # the same module, no packing: runs through padding
    h_n, c_n = state if config.cell == "lstm" else (state, None)
    naive_last = padded_output[:, -1]
    gaps = (naive_last - h_n[-1]).abs().amax(dim=1).tolist()
    shapes = {
        "input": list(padded.shape),
        "packed_data": list(packed.data.shape),
        "batch_sizes": list(packed.batch_sizes.shape),
        "output": list(output.shape),
        "padded_output": list(padded_output.shape),
        "h_n": list(h_n.shape),
        "naive_last": list(naive_last.shape),
    }
    if c_n is not None:
        shapes["c_n"] = list(c_n.shape)
    return PackResult(
        config=config,
        lengths=lengths,
        input=padded.tolist(),
        state_dict={name: value.tolist() for name, value in module.state_dict().items()},
        output=output.tolist(),
        h_n=h_n.tolist(),
        c_n=None if c_n is None else c_n.tolist(),
        naive_last=naive_last.tolist(),
        batch_sizes=packed.batch_sizes.tolist(),
        sorted_indices=packed.sorted_indices.tolist(),
        unsorted_indices=packed.unsorted_indices.tolist(),
        shapes=shapes,
        sequences=[
            SequenceCheck(index, length, gap <= SAME, gap)
            for index, (length, gap) in enumerate(zip(lengths, gaps, strict=True))
        ],
        torch_version=torch.__version__,
    )
