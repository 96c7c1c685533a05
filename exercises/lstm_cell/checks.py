"""Hidden checks for exercise 4: lstm_cell's pair of shapes, one step against nn.LSTM from a
random h and c, then the whole sequence through lstm_forward, to 1e-5 on several sizes and
seeds, from nonzero (h0, c0) and from zeros.

nn.LSTM (batch_first=True) is the oracle. When one step differs, the message also says which
known slip the learner's numbers equal, if any: each slip is computed here from the same
weights (the gates in the order i, f, g, o, as torch 2.13's LSTM docstring stacks them:
weight_ih_l[k] = (W_ii|W_if|W_ig|W_io)).
"""

from __future__ import annotations

from types import ModuleType

import torch
from torch import nn

from exercises.checking import (
    check,
    expect_shape,
    expect_state_close,
    expect_steps_close,
    naming_slips,
    need,
    unpack,
)
from exercises.oracle import (
    Case,
    layer_weights,
    random_inputs,
    reference,
)

CASES = (
    Case(batch=3, seq_len=5, input_size=4, hidden=6, seed=31),
    Case(batch=1, seq_len=4, input_size=7, hidden=3, seed=32),
    Case(batch=5, seq_len=6, input_size=2, hidden=5, seed=33),
    Case(batch=2, seq_len=8, input_size=5, hidden=5, seed=34),
)
STEP_RETURNS = ("h'", "c'")


def slips(
    x: torch.Tensor,
    h: torch.Tensor,
    c: torch.Tensor,
    *weights: torch.Tensor,
) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """(h', c') for each common mistake, keyed by the sentence that explains it."""
    weight_ih, weight_hh, bias_ih, bias_hh = weights
    i, f, g, o = (
        x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
    ).chunk(4, dim=1)
    i, f, g_tanh, o = (
        torch.sigmoid(i),
        torch.sigmoid(f),
        torch.tanh(g),
        torch.sigmoid(o),
    )
    c_right = f * c + i * g_tanh
    c_swapped = i * c + f * g_tanh
    c_sigmoid = f * c + i * torch.sigmoid(g)
    return {
        "i and f are swapped: the first quarter of weight_ih_l0 and weight_hh_l0 is the "
        "input gate i, the second the forget gate f": (
            o * torch.tanh(c_swapped),
            c_swapped,
        ),
        "g went through sigmoid: the candidate is g = tanh(...), in (-1, 1)": (
            o * torch.tanh(c_sigmoid),
            c_sigmoid,
        ),
        "h' = o * c', without the tanh: nn.LSTM gives h' = o * tanh(c')": (
            o * c_right,
            c_right,
        ),
        "the pair is (c', h'): return (h', c'), h' first": (
            c_right,
            o * torch.tanh(c_right),
        ),
    }


@check(
    "lstm_cell returns a pair (h', c'), each [batch, hidden_size]"
)
def cell_shapes(module: ModuleType) -> None:
    lstm_cell = need(module, "lstm_cell")
    for case in CASES:
        x, h0, c0 = random_inputs(case, states=2)
        call = (
            f"lstm_cell(x_t {list(x[:, 0].shape)}, h_prev {list(h0.shape)}, "
            f"c_prev {list(c0.shape)}, ...)"
        )
        with torch.no_grad():
            weights = layer_weights(reference(nn.LSTM, case))
            result = lstm_cell(
                x[:, 0].clone(), h0.clone(), c0.clone(), *weights
            )
        h, c = unpack(result, call, STEP_RETURNS)
        expect_shape(
            h, [case.batch, case.hidden], f"h' from {call}"
        )
        expect_shape(
            c, [case.batch, case.hidden], f"c' from {call}"
        )


@check(
    "lstm_cell matches nn.LSTM for one step from a random h_prev and c_prev"
)
def cell_values(module: ModuleType) -> None:
    lstm_cell = need(module, "lstm_cell")
    for case in CASES:
        lstm, (x, h0, c0) = (
            reference(nn.LSTM, case),
            random_inputs(case, states=2),
        )
        with torch.no_grad():
            _, (expected_h, expected_c) = lstm(
                x[:, :1], (h0.unsqueeze(0), c0.unsqueeze(0))
            )
            result = lstm_cell(
                x[:, 0].clone(),
                h0.clone(),
                c0.clone(),
                *layer_weights(lstm),
            )
        h, c = unpack(result, "lstm_cell", STEP_RETURNS)
        with naming_slips(
            (h, c), slips(x[:, 0], h0, c0, *layer_weights(lstm))
        ):
            # c' first: if it is right, the gates are, and a wrong h' is in the output step.
            expect_state_close(
                c, expected_c[0], f"c' at time step 0 {case.sizes}"
            )
            expect_state_close(
                h, expected_h[0], f"h' at time step 0 {case.sizes}"
            )


@check(
    "lstm_forward with your lstm_cell matches nn.LSTM over a sequence, from random h0, c0 and zeros"
)
def sequence_values(module: ModuleType) -> None:
    lstm_forward = need(module, "lstm_forward")
    for case in CASES:
        lstm, (x, h0, c0) = (
            reference(nn.LSTM, case),
            random_inputs(case, states=2),
        )
        for start, given in (
            ("random h0, c0", (h0, c0)),
            ("h0 = c0 = None", ()),
        ):
            with torch.no_grad():
                state = (
                    (h0.unsqueeze(0), c0.unsqueeze(0))
                    if given
                    else None
                )
                expected_outputs, (expected_h_n, expected_c_n) = (
                    lstm(x, state)
                )
                copies = tuple(tensor.clone() for tensor in given)
                result = lstm_forward(lstm, x.clone(), *copies)
            outputs, final = unpack(
                result, "lstm_forward", ("outputs", "(h_n, c_n)")
            )
            h_n, c_n = unpack(
                final, "lstm_forward's second item", ("h_n", "c_n")
            )
            expect_steps_close(
                outputs,
                expected_outputs,
                f"outputs from {start} {case.sizes}",
            )
            expect_state_close(
                h_n,
                expected_h_n[0],
                f"h_n from {start} {case.sizes}",
            )
            expect_state_close(
                c_n,
                expected_c_n[0],
                f"c_n from {start} {case.sizes}",
            )


CHECKS = (cell_shapes, cell_values, sequence_values)
