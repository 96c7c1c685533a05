"""Hidden checks for exercise 8: pack_batch, last_states and padded_outputs on batches whose
lengths are random and never sorted, for nn.GRU, nn.LSTM and nn.RNN (one case with two layers).

The oracle is each sequence run alone through the same module: its h_n is the true last state,
its outputs the steps the packed run must give before the sequence ends. When last_states
differs, the message says which known slip the numbers are, each computed here from the same
module and batch: output[:, -1] of the padded batch run without packing, output[:, -1] of the
unpacked outputs, the rows in length order (what indexing with sorted_indices gives), an LSTM's
c_n, the first layer's h_n. What torch 2.13 raises for unsorted lengths with
enforce_sorted=True, and for a length below 1, is turned into the learner's reason; lengths
that do not fit the padded batch, which torch does not check, are caught by a guard around
pack_padded_sequence while the learner's code runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

import torch
from torch import nn
from torch.nn.utils import rnn as rnn_utils
from torch.nn.utils.rnn import PackedSequence, pad_packed_sequence

from exercises.checking import (
    CheckFailed,
    check,
    described,
    expect_shape,
    expect_steps_close,
    need,
    same_values,
    unpack,
)

KINDS = {"gru": nn.GRU, "lstm": nn.LSTM, "rnn": nn.RNN}
NAMES = {"gru": "GRU", "lstm": "LSTM", "rnn": "RNN"}
TOLERANCE = 1e-5


@dataclass(frozen=True)
class Case:
    kind: str  # "gru", "lstm" or "rnn"
    batch: int
    max_len: int
    features: int
    hidden: int
    seed: int
    layers: int = 1

    @property
    def module_call(self) -> str:
        layers = (
            f", num_layers={self.layers}" if self.layers > 1 else ""
        )
        return (
            f"nn.{NAMES[self.kind]}(input_size={self.features}, hidden_size={self.hidden}"
            f"{layers}, batch_first=True)"
        )


CASES = (
    Case("gru", batch=4, max_len=6, features=3, hidden=5, seed=81),
    Case("lstm", batch=5, max_len=7, features=2, hidden=4, seed=82),
    Case("rnn", batch=3, max_len=5, features=4, hidden=3, seed=83),
    Case("gru", batch=6, max_len=9, features=5, hidden=6, seed=84),
    Case(
        "lstm",
        batch=3,
        max_len=8,
        features=3,
        hidden=5,
        seed=85,
        layers=2,
    ),
)


@dataclass(frozen=True)
class Batch:
    """One case built: the module, the sequences, and what each does run alone."""

    case: Case
    rnn: nn.RNNBase
    sequences: tuple[torch.Tensor, ...]
    lengths: list[int]
    # [batch, hidden]: each sequence's h_n[-1] run alone
    alone_last: torch.Tensor
    # [batch, max_len, hidden]: its outputs, zeros after its end
    alone_outputs: torch.Tensor

    @property
    def about(self) -> str:
        return f"with {self.case.module_call} and lengths {self.lengths}"

    def given(self) -> list[torch.Tensor]:
        """Fresh copies for the learner, so nothing done in place reaches the oracle."""
        return [sequence.clone() for sequence in self.sequences]


def draw_lengths(
    case: Case, generator: torch.Generator
) -> list[int]:
    """Random lengths from 1 to max_len with the longest present, never in decreasing order
    (so enforce_sorted=True fails on them) and never all equal."""
    lengths = torch.randint(
        1, case.max_len + 1, (case.batch,), generator=generator
    ).tolist()
    lengths[
        int(torch.randint(case.batch, (1,), generator=generator))
    ] = case.max_len
    if lengths == sorted(lengths, reverse=True):
        lengths.reverse()  # increasing now; not all equal below, so not decreasing
    if len(set(lengths)) == 1:
        lengths[0] = max(1, case.max_len - 2)
    return lengths


@cache
def build(case: Case) -> Batch:
    torch.manual_seed(case.seed)
    rnn = KINDS[case.kind](
        case.features,
        case.hidden,
        num_layers=case.layers,
        batch_first=True,
    )
    generator = torch.Generator().manual_seed(case.seed)
    lengths = draw_lengths(case, generator)
    sequences = tuple(
        torch.randn(n, case.features, generator=generator)
        for n in lengths
    )
    alone_last = torch.zeros(case.batch, case.hidden)
    alone_outputs = torch.zeros(
        case.batch, case.max_len, case.hidden
    )
    with torch.no_grad():
        for i, sequence in enumerate(sequences):
            output, state = rnn(sequence.unsqueeze(0))
            alone_last[i] = _h(rnn, state)[-1, 0]
            alone_outputs[i, : len(sequence)] = output[0]
    return Batch(
        case, rnn, sequences, lengths, alone_last, alone_outputs
    )


def _h(rnn: nn.RNNBase, state: Any) -> torch.Tensor:
    return state[0] if isinstance(rnn, nn.LSTM) else state


def call(
    function: Callable[..., Any],
    name: str,
    *args: Any,
    module: ModuleType,
) -> Any:
    """The learner's function called under no_grad, its packing guarded, with torch's packing
    errors in the learner's terms."""
    try:
        with torch.no_grad(), guarded_packing(module):
            return function(*args)
    except RuntimeError as error:
        text = str(error)
        if "must be sorted in decreasing order" in text:
            raise CheckFailed(
                f"{name} raised torch's RuntimeError: the lengths must be sorted in decreasing "
                "order when enforce_sorted is True (the default). The checks' lengths come in "
                "any order, as real batches do: pass enforce_sorted=False to "
                "pack_padded_sequence, so it sorts them itself and the module gives h_n back "
                "in your order"
            ) from None
        if "has to be greater than 0" in text:
            raise CheckFailed(
                f"{name} raised torch's RuntimeError: a length passed to pack_padded_sequence "
                "is 0 or less, yet every sequence has at least one step. A sequence of shape "
                "[len_i, features] has length len_i: len(sequence) or sequence.shape[0]"
            ) from None
        raise


def runs_of(
    module: ModuleType, name: str
) -> Iterator[tuple[Case, Batch, Any]]:
    """Each case, its batch, and what the learner's `name` returned for it
    (given the batch's module and sequences)."""
    function = need(module, name)
    for case in CASES:
        batch = build(case)
        yield (
            case,
            batch,
            call(
                function,
                name,
                batch.rnn,
                batch.given(),
                module=module,
            ),
        )


@contextmanager
def guarded_packing(module: ModuleType) -> Iterator[None]:
    """pack_padded_sequence, for the learner's call, first checks that the lengths fit the
    padded batch. torch 2.13 does not always: with lengths longer than the padded batch it
    raised an unrelated shape error in one run and packed silently in another (measured), so
    the check says why instead."""
    original = rnn_utils.pack_padded_sequence
    # Already inside a guard.
    if getattr(original, "guarded", False):
        yield
        return

    def guarded(
        input, lengths, batch_first=False, enforce_sorted=True
    ):  # torch's signature
        fits(input, lengths, batch_first)
        return original(
            input,
            lengths,
            batch_first=batch_first,
            enforce_sorted=enforce_sorted,
        )

    guarded.guarded = True
    owners = [rnn_utils] + [module] * (
        getattr(module, "pack_padded_sequence", None) is original
    )
    for owner in owners:
        owner.pack_padded_sequence = guarded
    try:
        yield
    finally:
        for owner in owners:
            owner.pack_padded_sequence = original


def fits(padded: Any, lengths: Any, batch_first: bool) -> None:
    """The lengths are one per sequence of the padded batch and none longer than it, else a
    CheckFailed saying how they do not fit (and naming a time-first batch read batch first)."""
    if not isinstance(padded, torch.Tensor) or padded.dim() < 2:
        return  # torch's own error says it
    lengths = torch.as_tensor(lengths).flatten().tolist()
    shape = list(padded.shape)
    batch, steps = (
        (shape[0], shape[1])
        if batch_first
        else (shape[1], shape[0])
    )
    layout = (
        "[batch, max_len, ...]"
        if batch_first
        else "[max_len, batch, ...]"
    )
    given = f"a padded batch of shape {shape} read as {layout} (batch_first={batch_first})"
    time_first = (
        bool(lengths)
        and batch_first
        and shape[1] == len(lengths)
        and shape[0] >= max(lengths)
    )
    if time_first:
        advice = (
            ": it looks time first, [max_len, batch, features], what pad_sequence gives "
            "without batch_first=True; give both pad_sequence and pack_padded_sequence "
            "batch_first=True"
        )
    else:
        advice = (
            ". Take each sequence's length from the sequence itself (the checks' lengths are "
            "random): a sequence of shape [len_i, features] has length len_i"
        )
    if len(lengths) != batch:
        raise CheckFailed(
            f"pack_padded_sequence got {len(lengths)} lengths {lengths} for {given}, which "
            f"holds {batch} sequences{advice}"
        )
    if max(lengths) > steps:
        raise CheckFailed(
            f"pack_padded_sequence got lengths {lengths} for {given}, whose sequences have "
            f"{steps} steps at most: a length of {max(lengths)} does not fit{advice}"
        )


def _listed(indices: list[int]) -> str:
    words = [str(i) for i in indices]
    if len(words) == 1:
        return f"sequence {words[0]}"
    return (
        "sequences " + ", ".join(words[:-1]) + " and " + words[-1]
    )


@check(
    "pack_batch packs every step of every sequence, and unpacks in the order given"
)
def packs_every_step(module: ModuleType) -> None:
    pack_batch = need(module, "pack_batch")
    for case in CASES:
        batch = build(case)
        packed = call(
            pack_batch, "pack_batch", batch.given(), module=module
        )
        if not isinstance(packed, PackedSequence):
            raise CheckFailed(
                f"pack_batch should return the PackedSequence that pack_padded_sequence gives, "
                f"got {described(packed)}"
            )
        padded, lengths = pad_packed_sequence(
            packed, batch_first=True
        )
        lengths = lengths.tolist()
        if len(lengths) != case.batch:
            raise CheckFailed(
                f"your packed batch holds {len(lengths)} sequences (lengths {lengths}), but "
                f"{case.batch} were given, of lengths {batch.lengths}: take one length per "
                "sequence, from the sequences themselves (the checks' lengths are random)"
            )
        if sorted(lengths) != sorted(batch.lengths):
            wrong = next(
                i
                for i, n in enumerate(batch.lengths)
                if lengths[i] != n
            )
            raise CheckFailed(
                f"your packed batch holds sequences of lengths {lengths}, but the sequences "
                f"given have lengths {batch.lengths}: sequence {wrong} has "
                f"{batch.lengths[wrong]} steps and was packed with {lengths[wrong]}. A sequence "
                "of shape [len_i, features] has length len_i: len(sequence) or sequence.shape[0]"
            )
        if lengths != batch.lengths:
            raise CheckFailed(
                f"your packed batch unpacks in the order of lengths {lengths}, not in the order "
                f"given, {batch.lengths}: pack the batch as it comes, with "
                "enforce_sorted=False, so the PackedSequence keeps unsorted_indices and gives "
                "your order back"
            )
        expected = torch.zeros(
            case.batch, case.max_len, case.features
        )
        for i, sequence in enumerate(batch.sequences):
            expected[i, : len(sequence)] = sequence
        expect_steps_close(
            padded,
            expected,
            f"the packed batch {batch.about}",
            item="sequence",
        )


@check("last_states returns [batch, hidden_size]")
def last_states_shape(module: ModuleType) -> None:
    for case, batch, states in runs_of(module, "last_states"):
        expect_shape(
            states,
            [case.batch, case.hidden],
            f"last_states {batch.about}",
        )


def slips(batch: Batch) -> dict[str, torch.Tensor]:
    """What each common mistake returns for this batch, keyed by the sentence explaining it."""
    from torch.nn.utils.rnn import (
        pack_padded_sequence,
        pad_sequence,
    )

    rnn, lengths = batch.rnn, batch.lengths
    longest = max(lengths)
    shorter = [i for i, n in enumerate(lengths) if n < longest]
    padded = pad_sequence(list(batch.sequences), batch_first=True)
    with torch.no_grad():
        naive, _ = rnn(padded)
        packed = pack_padded_sequence(
            padded, lengths, batch_first=True, enforce_sorted=False
        )
        output, state = rnn(packed)
        unpacked, _ = pad_packed_sequence(output, batch_first=True)
    found = {
        f"yours are output[:, -1] of the padded batch run without packing: {_listed(shorter)} "
        f"(lengths {[lengths[i] for i in shorter]}) are shorter than the longest ({longest} "
        "steps), so that step is their state after also reading the zeros padded onto their "
        "end. Run the module on the packed batch and take h_n, which stops at each "
        "sequence's end": naive[:, -1],
        f"yours are output[:, -1] of the unpacked outputs: for {_listed(shorter)}, shorter "
        f"than {longest} steps, that step is padding, which pad_packed_sequence fills with "
        "zeros. The true last state is in h_n": unpacked[:, -1],
        "your rows are in length order, longest first (packed.sorted_indices), not in the "
        "order given: the module already permutes h_n back with unsorted_indices, so use "
        "h_n[-1] as it comes": _h(rnn, state)[-1][
            packed.sorted_indices
        ],
    }
    if isinstance(rnn, nn.LSTM):
        found[
            "yours are c_n, the LSTM's cell state: an LSTM returns (output, (h_n, c_n)), "
            "and the hidden state is h_n"
        ] = state[1][-1]
    if rnn.num_layers > 1:
        found[
            f"yours are the first layer's states, h_n[0]: this module has {rnn.num_layers} "
            "layers and h_n is [num_layers, batch, hidden_size], so the last layer's is "
            "h_n[-1]"
        ] = _h(rnn, state)[0]
    return found


def _order(
    states: torch.Tensor, expected: torch.Tensor
) -> list[int | None]:
    """For each of the learner's rows, the sequence whose true last state it is, if any."""
    found: list[int | None] = []
    for row in states:
        same = [
            j
            for j, want in enumerate(expected)
            if same_values(row, want)
        ]
        found.append(same[0] if same else None)
    return found


@check(
    "last_states equals each sequence's own last state in the order given (GRU, LSTM, RNN)"
)
def true_last_states(module: ModuleType) -> None:
    for case, batch, states in runs_of(module, "last_states"):
        what = f"last_states {batch.about}"
        expect_shape(states, [case.batch, case.hidden], what)
        states = states.detach().to(torch.float32)
        expected = batch.alone_last
        bad = ~torch.isclose(
            states, expected, atol=TOLERANCE, rtol=TOLERANCE
        )
        if not bad.any():
            continue
        wrong = [i for i in range(case.batch) if bad[i].any()]
        first, unit = wrong[0], int(torch.nonzero(bad[wrong[0]])[0])
        got, want = (
            states[first, unit].item(),
            expected[first, unit].item(),
        )
        message = (
            f"{what}: {_listed(wrong)} differ from the state each reaches run alone; the first, "
            f"sequence {first} (length {batch.lengths[first]}), at unit {unit}: yours "
            f"{got:.6g}, expected {want:.6g} (off by {abs(got - want):.3g})"
        )
        for explanation, values in slips(batch).items():
            if same_values(states, values):
                raise CheckFailed(
                    f"{message}. {explanation[0].upper()}{explanation[1:]}"
                )
        order = _order(states, expected)
        if None not in order and sorted(order) == list(
            range(case.batch)
        ):
            moved = next(i for i, j in enumerate(order) if i != j)
            raise CheckFailed(
                f"{message}. Your rows are the right states in another order: row {moved} is "
                f"sequence {order[moved]}'s. Row i must be the state of sequences[i]"
            )
        raise CheckFailed(message)


@check(
    "padded_outputs returns outputs [batch, max_len, hidden_size] and lengths [batch]"
)
def padded_outputs_shape(module: ModuleType) -> None:
    for case, batch, result in runs_of(module, "padded_outputs"):
        output, lengths = unpack(
            result, "padded_outputs", ("output", "lengths")
        )
        expect_shape(
            output,
            [case.batch, case.max_len, case.hidden],
            f"output {batch.about}",
        )
        lengths = torch.as_tensor(lengths)
        if (
            lengths.tolist() == batch_sizes(batch.lengths)
            and case.batch != case.max_len
        ):
            raise CheckFailed(
                f"lengths {batch.about} has shape {list(lengths.shape)}, expected "
                f"[{case.batch}]: yours are the PackedSequence's batch_sizes, how many "
                "sequences are still running at each time step. lengths has one entry per "
                "sequence, its number of steps: pad_packed_sequence returns it"
            )
        expect_shape(
            lengths, [case.batch], f"lengths {batch.about}"
        )


def batch_sizes(lengths: list[int]) -> list[int]:
    """How many sequences run at each time step: what PackedSequence.batch_sizes holds."""
    return [
        sum(n > t for n in lengths) for t in range(max(lengths))
    ]


@check(
    "padded_outputs equals each sequence run alone, with zeros after its end"
)
def outputs_like_alone(module: ModuleType) -> None:
    for _case, batch, result in runs_of(module, "padded_outputs"):
        output, lengths = unpack(
            result, "padded_outputs", ("output", "lengths")
        )
        lengths = torch.as_tensor(lengths).tolist()
        if lengths != batch.lengths:
            raise CheckFailed(
                f"lengths {batch.about} should be {batch.lengths}, each sequence's number of "
                f"steps in the order given, got {lengths}"
            )
        output = output.detach().to(torch.float32)
        for i, length in enumerate(batch.lengths):
            after = output[i, length:]
            if after.numel() and after.abs().max() > 0:
                step = length + int(
                    torch.nonzero(after.abs().amax(dim=1))[0]
                )
                raise CheckFailed(
                    f"output {batch.about}: sequence {i} (length {length}) has a nonzero output "
                    f"at time step {step}, after its end: expected zeros there, which "
                    "pad_packed_sequence puts after each sequence. Steps past the end are the "
                    "padded batch run without packing reading its padding"
                )
        expect_steps_close(
            output,
            batch.alone_outputs,
            f"output {batch.about}",
            item="sequence",
        )


CHECKS = (
    packs_every_step,
    last_states_shape,
    true_last_states,
    padded_outputs_shape,
    outputs_like_alone,
)
