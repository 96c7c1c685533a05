"""Hidden checks for exercise 2: rnn_step's shape and values against nn.RNN for one step from a
random h, then rnn_forward's shapes and values over whole sequences, from zeros and from a
random h0. nn.RNN (batch_first=True, tanh, one layer) is the oracle; the learner's code gets
copies of the inputs, so nothing it does in place can change the expected values.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

import torch
from torch import nn

from exercises.checking import CheckFailed, check, expect_close, expect_shape, need


@dataclass(frozen=True)
class Case:
    batch: int
    seq_len: int
    input_size: int
    hidden: int
    seed: int

    @property
    def sizes(self) -> str:
        return f"(input_size={self.input_size}, hidden_size={self.hidden}, batch={self.batch})"


# input_size differs from hidden_size and from batch in all but the last case, so a product
# with an untransposed weight fails loudly; the last is square, where it runs and is wrong.
CASES = (
    Case(batch=3, seq_len=6, input_size=5, hidden=4, seed=11),
    Case(batch=1, seq_len=4, input_size=2, hidden=7, seed=12),
    Case(batch=4, seq_len=7, input_size=6, hidden=3, seed=13),
    Case(batch=2, seq_len=5, input_size=4, hidden=4, seed=14),
)


def make_rnn(case: Case) -> nn.RNN:
    torch.manual_seed(case.seed)
    return nn.RNN(case.input_size, case.hidden, batch_first=True)


def make_inputs(case: Case) -> tuple[torch.Tensor, torch.Tensor]:
    """x [batch, seq_len, input_size] and a nonzero h0 [batch, hidden]."""
    generator = torch.Generator().manual_seed(case.seed)
    x = torch.randn(case.batch, case.seq_len, case.input_size, generator=generator)
    return x, torch.randn(case.batch, case.hidden, generator=generator)


def weights(rnn: nn.RNN) -> tuple[torch.Tensor, ...]:
    return tuple(
        p.detach().clone()
        for p in (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)
    )


def described(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {list(value.shape)}"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__


def pair(result: Any, call: str) -> tuple[Any, Any]:
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise CheckFailed(f"{call} should return a pair (outputs, h_n), got {described(result)}")
    return result[0], result[1]


def expect_steps_close(actual: Any, expected: torch.Tensor, what: str) -> None:
    """Compare [batch, seq_len, hidden] tensors, naming the earliest time step that differs."""
    expect_shape(actual, expected.shape, what)
    behind = actual[:, 1:].detach().to(expected.dtype)
    if expected.shape[1] > 1 and torch.allclose(behind, expected[:, :-1], atol=1e-5, rtol=1e-5):
        raise CheckFailed(
            f"{what} is one time step behind: outputs[:, t] should be h after reading x[:, t], "
            "expected outputs[:, 1] where yours has outputs[:, 0]"
        )
    expect_close(
        actual.transpose(0, 1),
        expected.transpose(0, 1),
        what,
        axes=("time step", "batch item", "unit"),
    )


@check("rnn_step returns h_t of shape [batch, hidden_size]")
def step_shape(module: ModuleType) -> None:
    rnn_step = need(module, "rnn_step")
    for case in CASES:
        x, h0 = make_inputs(case)
        with torch.no_grad():
            h = rnn_step(x[:, 0].clone(), h0.clone(), *weights(make_rnn(case)))
        expect_shape(
            h,
            [case.batch, case.hidden],
            f"rnn_step(x_t {list(x[:, 0].shape)}, h_prev {list(h0.shape)}, ...)",
        )


@check("rnn_step matches nn.RNN for one step from a random h_prev")
def step_values(module: ModuleType) -> None:
    rnn_step = need(module, "rnn_step")
    for case in CASES:
        rnn, (x, h0) = make_rnn(case), make_inputs(case)
        with torch.no_grad():
            expected = rnn(x[:, :1], h0.unsqueeze(0))[0][:, 0]
            h = rnn_step(x[:, 0].clone(), h0.clone(), *weights(rnn))
        expect_close(h, expected, f"h_t {case.sizes}", axes=("batch item", "unit"))


@check("rnn_forward returns outputs [batch, seq_len, hidden_size] and h_n [batch, hidden_size]")
def forward_shapes(module: ModuleType) -> None:
    rnn_forward = need(module, "rnn_forward")
    for case in CASES:
        rnn, (x, h0) = make_rnn(case), make_inputs(case)
        call = f"rnn_forward(rnn, x {list(x.shape)}, h0 {list(h0.shape)})"
        with torch.no_grad():
            outputs, h_n = pair(rnn_forward(rnn, x.clone(), h0.clone()), call)
        expect_shape(outputs, [case.batch, case.seq_len, case.hidden], f"outputs of {call}")
        expect_shape(h_n, [case.batch, case.hidden], f"h_n of {call}")


def forward_values(module: ModuleType, from_zeros: bool) -> None:
    rnn_forward = need(module, "rnn_forward")
    for case in CASES:
        rnn, (x, h0) = make_rnn(case), make_inputs(case)
        start = "h0 = None" if from_zeros else "a random h0"
        with torch.no_grad():
            if from_zeros:
                expected_outputs, expected_h_n = rnn(x)
                result = rnn_forward(rnn, x.clone())
            else:
                expected_outputs, expected_h_n = rnn(x, h0.unsqueeze(0))
                result = rnn_forward(rnn, x.clone(), h0.clone())
        outputs, h_n = pair(result, "rnn_forward")
        expect_steps_close(outputs, expected_outputs, f"outputs from {start} {case.sizes}")
        expect_close(
            h_n, expected_h_n[0], f"h_n from {start} {case.sizes}", axes=("batch item", "unit")
        )


@check("rnn_forward matches nn.RNN over a sequence from h0 = None (zeros)")
def forward_from_zeros(module: ModuleType) -> None:
    forward_values(module, from_zeros=True)


@check("rnn_forward matches nn.RNN over a sequence from a random h0")
def forward_from_h0(module: ModuleType) -> None:
    forward_values(module, from_zeros=False)


CHECKS = (step_shape, step_values, forward_shapes, forward_from_zeros, forward_from_h0)
