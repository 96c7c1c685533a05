"""Hidden checks for exercise 3: gru_cell's shape, one step against nn.GRU from a random h, then
the whole sequence through gru_forward, to 1e-5 on several sizes and seeds.

nn.GRU (batch_first=True) is the oracle. When one step differs, the message also says which
known slip the learner's numbers equal, if any: each slip is computed here from the same
weights (the gates in the order r, z, n, as torch 2.13's GRU docstring stacks them:
weight_ih_l[k] = (W_ir|W_iz|W_in)).
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
    Case(batch=3, seq_len=5, input_size=4, hidden=6, seed=21),
    Case(batch=1, seq_len=4, input_size=7, hidden=3, seed=22),
    Case(batch=5, seq_len=6, input_size=2, hidden=5, seed=23),
    Case(batch=2, seq_len=8, input_size=5, hidden=5, seed=24),
)


def slips(
    x: torch.Tensor, h: torch.Tensor, *weights: torch.Tensor
) -> dict[str, tuple[torch.Tensor]]:
    """(h',) for each common mistake, keyed by the sentence that explains it."""
    weight_ih, weight_hh, bias_ih, bias_hh = weights
    hidden = h.shape[1]
    x_r, x_z, x_n = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    h_r, h_z, h_n = (h @ weight_hh.T + bias_hh).chunk(3, dim=1)
    w_hn, b_hn = weight_hh[2 * hidden :], bias_hh[2 * hidden :]
    r, z = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
    n = torch.tanh(x_n + r * h_n)
    return {
        "r and z are swapped: the first third of weight_ih_l0 and weight_hh_l0 is r, "
        "the second z": (
            (1 - r) * torch.tanh(x_n + z * h_n) + r * h,
        ),
        "r is applied to h before W_hn, the paper's form: nn.GRU applies it after, "
        "r * (h W_hn^T + b_hn)": (
            (1 - z) * torch.tanh(x_n + (r * h) @ w_hn.T + b_hn)
            + z * h,
        ),
        "z and 1 - z are swapped: nn.GRU keeps z of the old h, h' = (1 - z) * n + z * h": (
            z * n + (1 - z) * h,
        ),
        "b_hn is outside the r product: nn.GRU multiplies r with (h W_hn^T + b_hn), b_hn "
        "included": (
            (1 - z) * torch.tanh(x_n + r * (h @ w_hn.T) + b_hn)
            + z * h,
        ),
    }


@check("gru_cell returns h' of shape [batch, hidden_size]")
def cell_shape(module: ModuleType) -> None:
    gru_cell = need(module, "gru_cell")
    for case in CASES:
        x, h0 = random_inputs(case)
        with torch.no_grad():
            h = gru_cell(
                x[:, 0].clone(),
                h0.clone(),
                *layer_weights(reference(nn.GRU, case)),
            )
        expect_shape(
            h,
            [case.batch, case.hidden],
            f"gru_cell(x_t {list(x[:, 0].shape)}, h_prev {list(h0.shape)}, ...)",
        )


@check("gru_cell matches nn.GRU for one step from a random h_prev")
def cell_values(module: ModuleType) -> None:
    gru_cell = need(module, "gru_cell")
    for case in CASES:
        gru, (x, h0) = reference(nn.GRU, case), random_inputs(case)
        with torch.no_grad():
            expected = gru(x[:, :1], h0.unsqueeze(0))[0][:, 0]
            h = gru_cell(
                x[:, 0].clone(), h0.clone(), *layer_weights(gru)
            )
        with naming_slips(
            (h,), slips(x[:, 0], h0, *layer_weights(gru))
        ):
            expect_state_close(
                h, expected, f"h' at time step 0 {case.sizes}"
            )


@check(
    "gru_forward with your gru_cell matches nn.GRU over a sequence, from a random h0 and zeros"
)
def sequence_values(module: ModuleType) -> None:
    gru_forward = need(module, "gru_forward")
    for case in CASES:
        gru, (x, h0) = reference(nn.GRU, case), random_inputs(case)
        for start, initial in (
            ("a random h0", h0),
            ("h0 = None", None),
        ):
            with torch.no_grad():
                expected_outputs, expected_h_n = gru(
                    x, None if initial is None else h0.unsqueeze(0)
                )
                given = (
                    () if initial is None else (initial.clone(),)
                )
                outputs, h_n = unpack(
                    gru_forward(gru, x.clone(), *given),
                    "gru_forward",
                    ("outputs", "h_n"),
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


CHECKS = (cell_shape, cell_values, sequence_values)
