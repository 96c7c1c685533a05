"""Hidden checks for exercise 2: rnn_step's shape and values against nn.RNN for one step from a
random h, then rnn_forward's shapes and values over whole sequences, from zeros and from a
random h0. nn.RNN (batch_first=True, tanh, one layer) is the oracle; the learner's code gets
copies of the inputs, so nothing it does in place can change the expected values.
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
    need,
    unpack,
)
from exercises.oracle import (
    Case,
    layer_weights,
    random_inputs,
    reference,
)

# input_size differs from hidden_size and from batch in all but the last case, so a product
# with an untransposed weight fails loudly; the last is square, where it runs and is wrong.
CASES = (
    Case(batch=3, seq_len=6, input_size=5, hidden=4, seed=11),
    Case(batch=1, seq_len=4, input_size=2, hidden=7, seed=12),
    Case(batch=4, seq_len=7, input_size=6, hidden=3, seed=13),
    Case(batch=2, seq_len=5, input_size=4, hidden=4, seed=14),
)
RETURNS = ("outputs", "h_n")


@check("rnn_step returns h_t of shape [batch, hidden_size]")
def step_shape(module: ModuleType) -> None:
    rnn_step = need(module, "rnn_step")
    for case in CASES:
        x, h0 = random_inputs(case)
        with torch.no_grad():
            h = rnn_step(
                x[:, 0].clone(),
                h0.clone(),
                *layer_weights(reference(nn.RNN, case)),
            )
        expect_shape(
            h,
            [case.batch, case.hidden],
            f"rnn_step(x_t {list(x[:, 0].shape)}, h_prev {list(h0.shape)}, ...)",
        )


@check("rnn_step matches nn.RNN for one step from a random h_prev")
def step_values(module: ModuleType) -> None:
    rnn_step = need(module, "rnn_step")
    for case in CASES:
        rnn, (x, h0) = reference(nn.RNN, case), random_inputs(case)
        with torch.no_grad():
            expected = rnn(x[:, :1], h0.unsqueeze(0))[0][:, 0]
            h = rnn_step(
                x[:, 0].clone(), h0.clone(), *layer_weights(rnn)
            )
        expect_state_close(h, expected, f"h_t {case.sizes}")


@check(
    "rnn_forward returns outputs [batch, seq_len, hidden_size] and h_n [batch, hidden_size]"
)
def forward_shapes(module: ModuleType) -> None:
    rnn_forward = need(module, "rnn_forward")
    for case in CASES:
        rnn, (x, h0) = reference(nn.RNN, case), random_inputs(case)
        call = f"rnn_forward(rnn, x {list(x.shape)}, h0 {list(h0.shape)})"
        with torch.no_grad():
            outputs, h_n = unpack(
                rnn_forward(rnn, x.clone(), h0.clone()),
                call,
                RETURNS,
            )
        expect_shape(
            outputs,
            [case.batch, case.seq_len, case.hidden],
            f"outputs of {call}",
        )
        expect_shape(
            h_n, [case.batch, case.hidden], f"h_n of {call}"
        )


def forward_values(module: ModuleType, from_zeros: bool) -> None:
    rnn_forward = need(module, "rnn_forward")
    for case in CASES:
        rnn, (x, h0) = reference(nn.RNN, case), random_inputs(case)
        start = "h0 = None" if from_zeros else "a random h0"
        with torch.no_grad():
            if from_zeros:
                expected_outputs, expected_h_n = rnn(x)
                result = rnn_forward(rnn, x.clone())
            else:
                expected_outputs, expected_h_n = rnn(
                    x, h0.unsqueeze(0)
                )
                result = rnn_forward(rnn, x.clone(), h0.clone())
        outputs, h_n = unpack(result, "rnn_forward", RETURNS)
        expect_steps_close(
            outputs,
            expected_outputs,
            f"outputs from {start} {case.sizes}",
        )
        expect_state_close(
            h_n, expected_h_n[0], f"h_n from {start} {case.sizes}"
        )


@check(
    "rnn_forward matches nn.RNN over a sequence from h0 = None (zeros)"
)
def forward_from_zeros(module: ModuleType) -> None:
    forward_values(module, from_zeros=True)


@check(
    "rnn_forward matches nn.RNN over a sequence from a random h0"
)
def forward_from_h0(module: ModuleType) -> None:
    forward_values(module, from_zeros=False)


CHECKS = (
    step_shape,
    step_values,
    forward_shapes,
    forward_from_zeros,
    forward_from_h0,
)
