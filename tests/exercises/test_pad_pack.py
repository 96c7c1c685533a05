"""Exercise 8 (pad-pack): each realistic slip fails the check that names it, with a message in
the learner's terms, and other right answers pass (the template failing and the solution
passing are in test_every_exercise.py).

The expected values in the checks are each sequence run alone through torch's own module; the
tests here recompute the case's lengths and the slips' numbers independently where they assert
them."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from exercises.checking import CheckFailed
from exercises.pad_pack import checks
from tests.exercises.helpers import Slip, assert_caught, failures, mutant

PACKAGE = "pad_pack"
LAST = """    _, state = rnn(pack_batch(sequences))
    # an LSTM returns (h_n, c_n)
    h_n = state[0] if isinstance(rnn, nn.LSTM) else state
    # the last layer's; already in the order given
    # (unsorted_indices)
    return h_n[-1]"""
LENGTHS = "lengths = [len(sequence) for sequence in sequences]"
OUTPUTS = """    output, _ = rnn(pack_batch(sequences))
    return pad_packed_sequence(output, batch_first=True)"""

# The first case's lengths are [4, 6, 3, 6] (asserted below): sequences 0 and 2 are shorter.
MUTANTS = {
    "output[:, -1] of the padded run instead of h_n": Slip(
        [
            (
                LAST,
                "    output, _ = rnn(pad_sequence(sequences, batch_first=True))\n"
                "    return output[:, -1]",
            )
        ],
        checks.true_last_states,
        "sequences 0 and 2 (lengths [4, 3]) are shorter than the longest (6 steps)",
    ),
    "output[:, -1] of the unpacked outputs": Slip(
        [
            (
                LAST,
                "    output, _ = rnn(pack_batch(sequences))\n"
                "    return pad_packed_sequence(output, batch_first=True)[0][:, -1]",
            )
        ],
        checks.true_last_states,
        "that step is padding, which pad_packed_sequence fills with zeros",
    ),
    "enforce_sorted left True on unsorted lengths": Slip(
        [("enforce_sorted=False\n    )", "enforce_sorted=True\n    )")],
        checks.packs_every_step,
        "pass enforce_sorted=False to pack_padded_sequence",
    ),
    "enforce_sorted left out": Slip(
        [(", enforce_sorted=False\n    )", "\n    )")],
        checks.packs_every_step,
        "the lengths must be sorted in decreasing order when enforce_sorted is True",
    ),
    "h_n put in length order with sorted_indices": Slip(
        [
            (
                LAST,
                "    packed = pack_batch(sequences)\n"
                "    _, state = rnn(packed)\n"
                "    h_n = state[0] if isinstance(rnn, nn.LSTM) else state\n"
                "    return h_n[-1][packed.sorted_indices]",
            )
        ],
        checks.true_last_states,
        "Your rows are in length order, longest first (packed.sorted_indices)",
    ),
    "padded time first, packed batch first": Slip(
        [("pad_sequence(sequences, batch_first=True)\n", "pad_sequence(sequences)\n")],
        checks.packs_every_step,
        "it looks time first, [max_len, batch, features], what pad_sequence gives without",
    ),
    "lengths off by one": Slip(
        [(LENGTHS, "lengths = [len(sequence) - 1 for sequence in sequences]")],
        checks.packs_every_step,
        "sequence 0 has 4 steps and was packed with 3",
    ),
    "lengths one too long": Slip(
        [(LENGTHS, "lengths = [len(sequence) + 1 for sequence in sequences]")],
        checks.packs_every_step,
        "got lengths [5, 7, 4, 7] for a padded batch of shape [4, 6, 3] read as [batch, "
        "max_len, ...] (batch_first=True), whose sequences have 6 steps at most",
    ),
    "lengths hard-coded to the first batch's": Slip(
        [(LENGTHS, "lengths = [4, 6, 3, 6]")],
        checks.packs_every_step,
        "got 4 lengths [4, 6, 3, 6] for a padded batch of shape [5, 7, 2]",
    ),
    "the LSTM's c_n instead of h_n": Slip(
        [("state[0] if isinstance", "state[1] if isinstance")],
        checks.true_last_states,
        "Yours are c_n, the LSTM's cell state",
    ),
    "the first layer's h_n": Slip(
        [("return h_n[-1]", "return h_n[0]")],
        checks.true_last_states,
        "Yours are the first layer's states, h_n[0]",
    ),
    "padded_outputs from the padded run without packing": Slip(
        [
            (
                OUTPUTS,
                "    output, _ = rnn(pad_sequence(sequences, batch_first=True))\n"
                "    return output, torch.tensor([len(s) for s in sequences])",
            )
        ],
        checks.outputs_like_alone,
        "sequence 0 (length 4) has a nonzero output at time step 4, after its end",
    ),
    "last_states returns all of h_n": Slip(
        [("return h_n[-1]", "return h_n")],
        checks.last_states_shape,
        "has shape [1, 4, 5], expected [4, 5]",
    ),
    "batch_sizes returned as the lengths": Slip(
        [
            (
                OUTPUTS,
                "    output, _ = rnn(pack_batch(sequences))\n"
                "    return pad_packed_sequence(output, batch_first=True)[0], output.batch_sizes",
            )
        ],
        checks.padded_outputs_shape,
        "yours are the PackedSequence's batch_sizes, how many sequences are still running",
    ),
    "padded_outputs returns only the output": Slip(
        [
            (
                OUTPUTS,
                "    output, _ = rnn(pack_batch(sequences))\n"
                "    return pad_packed_sequence(output, batch_first=True)[0]",
            )
        ],
        checks.padded_outputs_shape,
        "padded_outputs should return a pair (output, lengths), got a tensor of shape",
    ),
}

ALSO_RIGHT = {
    "lengths as a CPU tensor": [
        (LENGTHS, "lengths = torch.tensor([sequence.shape[0] for sequence in sequences])")
    ],
    "pack_sequence, which pads and packs": [
        (
            "    padded = pad_sequence(sequences, batch_first=True)",
            "    return torch.nn.utils.rnn.pack_sequence(sequences, enforce_sorted=False)\n"
            "    padded = pad_sequence(sequences, batch_first=True)",
        )
    ],
    "packing through nn.utils.rnn": [
        ("return pack_padded_sequence(", "return nn.utils.rnn.pack_padded_sequence(")
    ],
    "the LSTM told by its state being a pair": [
        ("state[0] if isinstance(rnn, nn.LSTM)", "state[0] if isinstance(state, tuple)")
    ],
}


@pytest.mark.parametrize("slip", MUTANTS.values(), ids=MUTANTS)
def test_mutant_fails_its_check(slip: Slip, tmp_path) -> None:
    assert_caught(mutant(PACKAGE, tmp_path, *slip.edits), checks.CHECKS, slip)


@pytest.mark.parametrize("edits", ALSO_RIGHT.values(), ids=ALSO_RIGHT)
def test_other_right_answers_pass(edits, tmp_path) -> None:
    assert failures(mutant(PACKAGE, tmp_path, *edits), checks.CHECKS) == {}


def test_every_case_has_unsorted_lengths_with_a_shorter_sequence() -> None:
    # Unsorted, so enforce_sorted=True fails and the order of h_n matters; a shorter one, so
    # output[:, -1] of the padded run is wrong somewhere. Each kind of module is covered.
    for case in checks.CASES:
        lengths = checks.build(case).lengths
        assert lengths != sorted(lengths, reverse=True), lengths
        assert max(lengths) == case.max_len and min(lengths) < case.max_len, lengths
        assert len(lengths) == case.batch and min(lengths) >= 1
    assert {case.kind for case in checks.CASES} == {"gru", "lstm", "rnn"}
    assert any(case.layers > 1 for case in checks.CASES)
    assert checks.build(checks.CASES[0]).lengths == [4, 6, 3, 6]  # the phrases above use it


def test_batch_sizes_are_torchs() -> None:
    for case in checks.CASES:
        lengths = checks.build(case).lengths
        padded = torch.zeros(case.batch, case.max_len, 1)
        packed = nn.utils.rnn.pack_padded_sequence(
            padded, lengths, batch_first=True, enforce_sorted=False
        )
        assert checks.batch_sizes(lengths) == packed.batch_sizes.tolist()


def test_the_oracle_is_each_sequence_run_alone() -> None:
    # Recomputed here by hand for the first case: torch's GRU on each sequence, one at a time,
    # then compared with a packed run done here, so the check's expected values are torch's.
    batch = checks.build(checks.CASES[0])
    torch.manual_seed(batch.case.seed)
    gru = nn.GRU(batch.case.features, batch.case.hidden, batch_first=True)
    padded = nn.utils.rnn.pad_sequence(list(batch.sequences), batch_first=True)
    packed = nn.utils.rnn.pack_padded_sequence(
        padded, batch.lengths, batch_first=True, enforce_sorted=False
    )
    with torch.no_grad():
        _, h_n = gru(packed)
        naive, _ = gru(padded)
        for i, sequence in enumerate(batch.sequences):
            _, alone = gru(sequence.unsqueeze(0))
            assert torch.allclose(batch.alone_last[i], alone[0, 0], atol=1e-6)
            assert torch.allclose(h_n[0, i], alone[0, 0], atol=1e-5)
    # the naive state is wrong exactly for the shorter sequences 0 and 2
    wrong = [i for i in range(4) if not torch.allclose(naive[i, -1], h_n[0, i], atol=1e-5)]
    assert wrong == [0, 2]


def test_a_permuted_answer_is_named_as_such(tmp_path) -> None:
    # Rows of the right states, reversed: not a known slip, so the message says which row holds
    # whose state.
    module = mutant(PACKAGE, tmp_path, ("return h_n[-1]", "return h_n[-1].flip(0)"))
    error = failures(module, checks.CHECKS)[checks.true_last_states.name]
    assert isinstance(error, CheckFailed)
    assert "Your rows are the right states in another order: row 0 is sequence 3's" in str(error)


def test_a_wrong_value_names_the_first_sequence_and_unit(tmp_path) -> None:
    module = mutant(PACKAGE, tmp_path, ("return h_n[-1]", "return h_n[-1] * 1.01"))
    error = failures(module, checks.CHECKS)[checks.true_last_states.name]
    # the first sequence and unit that differ, the GRU and lengths they differ with, how much
    assert "sequence 0 (length 4), at unit" in str(error)
    assert "nn.GRU(input_size=3, hidden_size=5, batch_first=True)" in str(error)
    assert "off by" in str(error) and "expected" in str(error)


def test_the_guard_sees_packing_through_torch_too_and_is_undone(tmp_path) -> None:
    # Lengths one too long, packed through nn.utils.rnn rather than the imported name: the
    # guard still says why (torch itself would read past the padded batch), and afterwards
    # torch's own pack_padded_sequence is back.
    original = nn.utils.rnn.pack_padded_sequence
    module = mutant(
        PACKAGE,
        tmp_path,
        (LENGTHS, "lengths = [len(sequence) + 1 for sequence in sequences]"),
        ("return pack_padded_sequence(", "return nn.utils.rnn.pack_padded_sequence("),
    )
    error = failures(module, checks.CHECKS)[checks.packs_every_step.name]
    assert isinstance(error, CheckFailed) and "a length of 7 does not fit" in str(error)
    assert nn.utils.rnn.pack_padded_sequence is original
    assert module.pack_padded_sequence is original
