"""Hidden checks for exercise 1: the model's sizes and layout, the batch's shape, that the batch
holds each reading where it belongs, and the GRU's outputs against the same GRU run time-major.

Facts checked in torch 2.13's torch/nn/modules/rnn.py (GRU docstring): input_size is the
number of features per step; with batch_first=True input and output are [batch, seq, feature]
while h_n stays [num_layers, batch, hidden_size] ("this does not apply to hidden or cell states").
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import torch
from torch import nn

from exercises.checking import (
    CheckFailed,
    check,
    expect_close,
    expect_shape,
    expect_steps_close,
    need,
)

# Step, sequence and feature index packed into one exactly representable float: a value read
# back names the reading of `series` it came from.
STEP_CODE, SEQUENCE_CODE = 10_000, 100


@dataclass(frozen=True)
class Case:
    seq_len: int
    batch: int
    features: int
    hidden: int
    seed: int


# seq_len == batch in the third case: leaving the axes alone, or .view, keeps the shape right
# there, so only the values can tell; batch == features in the fourth.
CASES = (
    Case(seq_len=6, batch=3, features=5, hidden=4, seed=101),
    Case(seq_len=4, batch=2, features=3, hidden=7, seed=202),
    Case(seq_len=5, batch=5, features=2, hidden=3, seed=303),
    Case(seq_len=3, batch=4, features=4, hidden=6, seed=404),
)


def random_series(case: Case) -> torch.Tensor:
    generator = torch.Generator().manual_seed(case.seed)
    return torch.randn(
        case.seq_len, case.batch, case.features, generator=generator
    )


def coded_series(case: Case) -> torch.Tensor:
    """series[t, b, f] = t * STEP_CODE + b * SEQUENCE_CODE + f, time-major."""
    t = torch.arange(case.seq_len, dtype=torch.float32)[
        :, None, None
    ]
    b = torch.arange(case.batch, dtype=torch.float32)[None, :, None]
    f = torch.arange(case.features, dtype=torch.float32)[
        None, None, :
    ]
    return t * STEP_CODE + b * SEQUENCE_CODE + f


def batch_first_codes(case: Case) -> torch.Tensor:
    """What make_batch(coded_series(case)) must be, by the formula: [b, t, f] is code(t, b, f)."""
    b = torch.arange(case.batch, dtype=torch.float32)[:, None, None]
    t = torch.arange(case.seq_len, dtype=torch.float32)[
        None, :, None
    ]
    f = torch.arange(case.features, dtype=torch.float32)[
        None, None, :
    ]
    return t * STEP_CODE + b * SEQUENCE_CODE + f


def reading(code: float, case: Case) -> str:
    """series[t, b, f] for a coded value, or the value itself if it is no reading of series."""
    whole = int(code)
    t, rest = divmod(whole, STEP_CODE)
    b, f = divmod(rest, SEQUENCE_CODE)
    if whole != code or not (
        t < case.seq_len and b < case.batch and f < case.features
    ):
        return f"{code:g}, which is no value of series"
    return f"series[{t}, {b}, {f}] (sequence {b}, step {t})"


@check(
    "build_model makes a one-layer, batch-first nn.GRU with input_size = features"
)
def model_sizes(module: ModuleType) -> None:
    build_model = need(module, "build_model")
    for case in CASES:
        model = build_model(case.features, case.hidden)
        call = f"build_model(features={case.features}, hidden={case.hidden})"
        if not isinstance(model, nn.GRU):
            raise CheckFailed(
                f"{call} should return an nn.GRU, got {type(model).__name__}"
            )
        if model.input_size != case.features:
            raise CheckFailed(
                f"{call} has input_size={model.input_size}, expected {case.features}: "
                "input_size is the number of features per step, the input's last axis"
            )
        if model.hidden_size != case.hidden:
            raise CheckFailed(
                f"{call} has hidden_size={model.hidden_size}, expected {case.hidden}"
            )
        if not model.batch_first:
            raise CheckFailed(
                f"{call} has batch_first=False, expected True: a batch-first model reads "
                "[batch, seq_len, features]"
            )
        if model.num_layers != 1:
            raise CheckFailed(
                f"{call} has num_layers={model.num_layers}, expected 1"
            )


@check("make_batch returns [batch, seq_len, features]")
def batch_shape(module: ModuleType) -> None:
    make_batch = need(module, "make_batch")
    for case in CASES:
        series = random_series(case)
        expect_shape(
            make_batch(series),
            [case.batch, case.seq_len, case.features],
            f"make_batch(series) for series of shape {list(series.shape)}",
        )


@check(
    "make_batch keeps each reading with its own sequence and step"
)
def batch_values(module: ModuleType) -> None:
    make_batch = need(module, "make_batch")
    for case in CASES:
        series = coded_series(case)
        batch = make_batch(series)
        expected = batch_first_codes(case)
        expect_shape(
            batch,
            expected.shape,
            f"make_batch(series) for series {list(series.shape)}",
        )
        wrong = batch.detach().to(expected.dtype) != expected
        if wrong.any():
            b, t, f = torch.nonzero(wrong)[0].tolist()
            raise CheckFailed(
                f"for series of shape {list(series.shape)}, make_batch(series)[{b}, {t}, {f}] "
                f"should hold {reading(expected[b, t, f].item(), case)} but holds "
                f"{reading(batch[b, t, f].item(), case)}; {int(wrong.sum())} of {wrong.numel()} "
                "values are in the wrong place. The shape is right, the order is not: the values "
                "were relabelled, not moved"
            )


@check(
    "the GRU runs: outputs [batch, seq_len, hidden] and h_n [1, batch, hidden], as time-major"
)
def gru_runs(module: ModuleType) -> None:
    make_batch, build_model = (
        need(module, "make_batch"),
        need(module, "build_model"),
    )
    for case in CASES:
        series = random_series(case)
        batch = make_batch(series)
        expect_shape(
            batch,
            [case.batch, case.seq_len, case.features],
            "make_batch(series)",
        )
        model = build_model(case.features, case.hidden)
        with torch.no_grad():
            outputs, h_n = model(batch)
            # The oracle: the same weights in a time-major GRU, fed `series` as it came.
            time_major = nn.GRU(
                case.features, case.hidden, bias=model.bias
            )
            time_major.load_state_dict(model.state_dict())
            expected_outputs, expected_h_n = time_major(series)
        sizes = f"(seq_len={case.seq_len}, batch={case.batch}, hidden={case.hidden})"
        expect_shape(
            outputs,
            [case.batch, case.seq_len, case.hidden],
            f"outputs {sizes}",
        )
        expect_shape(
            h_n, [1, case.batch, case.hidden], f"h_n {sizes}"
        )
        expect_steps_close(
            outputs,
            expected_outputs.transpose(0, 1),
            f"outputs {sizes} (against the same GRU run time-major on series)",
            item="sequence",
        )
        expect_close(
            h_n,
            expected_h_n,
            f"h_n {sizes}",
            axes=("layer", "sequence", "unit"),
        )


CHECKS = (model_sizes, batch_shape, batch_values, gru_runs)
