"""Hidden checks for exercise 4: lstm_cell's pair of shapes, one step against nn.LSTM from a
random h and c, then the whole sequence through lstm_forward, to 1e-5 on several sizes and
seeds, from nonzero (h0, c0) and from zeros.

nn.LSTM (batch_first=True) is the oracle. When one step differs, the message also says which
known slip the learner's numbers equal, if any: each slip is computed here from the same
weights (the gates in the order i, f, g, o, as torch 2.13's LSTM docstring stacks them:
weight_ih_l[k] = (W_ii|W_if|W_ig|W_io)).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

import torch
from torch import nn

from exercises.checking import CheckFailed, check, expect_close, expect_shape, need

TOLERANCE = 1e-5


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


CASES = (
    Case(batch=3, seq_len=5, input_size=4, hidden=6, seed=31),
    Case(batch=1, seq_len=4, input_size=7, hidden=3, seed=32),
    Case(batch=5, seq_len=6, input_size=2, hidden=5, seed=33),
    Case(batch=2, seq_len=8, input_size=5, hidden=5, seed=34),
)


def make_lstm(case: Case) -> nn.LSTM:
    torch.manual_seed(case.seed)
    return nn.LSTM(case.input_size, case.hidden, batch_first=True)


def make_inputs(case: Case) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """x [batch, seq_len, input_size], and a nonzero h0 and c0 [batch, hidden]."""
    generator = torch.Generator().manual_seed(case.seed)
    x = torch.randn(case.batch, case.seq_len, case.input_size, generator=generator)
    h0 = torch.randn(case.batch, case.hidden, generator=generator)
    return x, h0, torch.randn(case.batch, case.hidden, generator=generator)


def weights(lstm: nn.LSTM) -> tuple[torch.Tensor, ...]:
    parameters = (lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0)
    return tuple(p.detach().clone() for p in parameters)


def slips(
    x: torch.Tensor, h: torch.Tensor, c: torch.Tensor, *weights: torch.Tensor
) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """(h', c') for each common mistake, keyed by the sentence that explains it."""
    weight_ih, weight_hh, bias_ih, bias_hh = weights
    i, f, g, o = (x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh).chunk(4, dim=1)
    i, f, g_tanh, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c_right = f * c + i * g_tanh
    c_swapped = i * c + f * g_tanh
    c_sigmoid = f * c + i * torch.sigmoid(g)
    return {
        "i and f are swapped: the first quarter of weight_ih_l0 and weight_hh_l0 is the "
        "input gate i, the second the forget gate f": (o * torch.tanh(c_swapped), c_swapped),
        "g went through sigmoid: the candidate is g = tanh(...), in (-1, 1)": (
            o * torch.tanh(c_sigmoid),
            c_sigmoid,
        ),
        "h' = o * c', without the tanh: nn.LSTM gives h' = o * tanh(c')": (o * c_right, c_right),
        "the pair is (c', h'): return (h', c'), h' first": (c_right, o * torch.tanh(c_right)),
    }


def which_slip(h: Any, c: Any, candidates: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> str:
    def same(actual: Any, value: torch.Tensor) -> bool:
        return getattr(actual, "shape", None) == value.shape and torch.allclose(
            actual.detach().to(value.dtype), value, atol=TOLERANCE, rtol=TOLERANCE
        )

    for explanation, (slip_h, slip_c) in candidates.items():
        if same(h, slip_h) and same(c, slip_c):
            return explanation
    return ""


def described(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {list(value.shape)}"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__


def pair(result: Any, call: str, names: str) -> tuple[Any, Any]:
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise CheckFailed(f"{call} should return a pair {names}, got {described(result)}")
    return result[0], result[1]


def expect_steps_close(actual: Any, expected: torch.Tensor, what: str) -> None:
    """Compare [batch, seq_len, hidden] tensors, naming the earliest time step that differs."""
    expect_shape(actual, expected.shape, what)
    expect_close(
        actual.transpose(0, 1),
        expected.transpose(0, 1),
        what,
        atol=TOLERANCE,
        rtol=TOLERANCE,
        axes=("time step", "batch item", "unit"),
    )


def expect_state_close(actual: Any, expected: torch.Tensor, what: str) -> None:
    expect_close(
        actual, expected, what, atol=TOLERANCE, rtol=TOLERANCE, axes=("batch item", "unit")
    )


@check("lstm_cell returns a pair (h', c'), each [batch, hidden_size]")
def cell_shapes(module: ModuleType) -> None:
    lstm_cell = need(module, "lstm_cell")
    for case in CASES:
        x, h0, c0 = make_inputs(case)
        call = (
            f"lstm_cell(x_t {list(x[:, 0].shape)}, h_prev {list(h0.shape)}, "
            f"c_prev {list(c0.shape)}, ...)"
        )
        with torch.no_grad():
            result = lstm_cell(x[:, 0].clone(), h0.clone(), c0.clone(), *weights(make_lstm(case)))
        h, c = pair(result, call, "(h', c')")
        expect_shape(h, [case.batch, case.hidden], f"h' from {call}")
        expect_shape(c, [case.batch, case.hidden], f"c' from {call}")


@check("lstm_cell matches nn.LSTM for one step from a random h_prev and c_prev")
def cell_values(module: ModuleType) -> None:
    lstm_cell = need(module, "lstm_cell")
    for case in CASES:
        lstm, (x, h0, c0) = make_lstm(case), make_inputs(case)
        with torch.no_grad():
            _, (expected_h, expected_c) = lstm(x[:, :1], (h0.unsqueeze(0), c0.unsqueeze(0)))
            result = lstm_cell(x[:, 0].clone(), h0.clone(), c0.clone(), *weights(lstm))
        h, c = pair(result, "lstm_cell", "(h', c')")
        try:
            # c' first: if it is right, the gates are, and a wrong h' is in the output step.
            expect_state_close(c, expected_c[0], f"c' at time step 0 {case.sizes}")
            expect_state_close(h, expected_h[0], f"h' at time step 0 {case.sizes}")
        except CheckFailed as failed:
            slip = which_slip(h, c, slips(x[:, 0], h0, c0, *weights(lstm)))
            if not slip:
                raise
            raise CheckFailed(f"{failed}. Your numbers are those of a known slip: {slip}") from None


@check(
    "lstm_forward with your lstm_cell matches nn.LSTM over a sequence, from random h0, c0 and zeros"
)
def sequence_values(module: ModuleType) -> None:
    lstm_forward = need(module, "lstm_forward")
    for case in CASES:
        lstm, (x, h0, c0) = make_lstm(case), make_inputs(case)
        for start, given in (("random h0, c0", (h0, c0)), ("h0 = c0 = None", ())):
            with torch.no_grad():
                state = (h0.unsqueeze(0), c0.unsqueeze(0)) if given else None
                expected_outputs, (expected_h_n, expected_c_n) = lstm(x, state)
                copies = tuple(tensor.clone() for tensor in given)
                result = lstm_forward(lstm, x.clone(), *copies)
            outputs, final = pair(result, "lstm_forward", "(outputs, (h_n, c_n))")
            h_n, c_n = pair(final, "lstm_forward's second item", "(h_n, c_n)")
            expect_steps_close(outputs, expected_outputs, f"outputs from {start} {case.sizes}")
            expect_state_close(h_n, expected_h_n[0], f"h_n from {start} {case.sizes}")
            expect_state_close(c_n, expected_c_n[0], f"c_n from {start} {case.sizes}")


CHECKS = (cell_shapes, cell_values, sequence_values)
