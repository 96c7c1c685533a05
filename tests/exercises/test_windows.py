"""Exercise 5 (windows): each realistic mistake fails the check written for it (that the template
fails and the solution passes is in test_every_exercise.py)."""

from __future__ import annotations

from functools import partial

from exercises.windows import checks
from tests.exercises.helpers import check_name, mutant, reasons

PACKAGE = "windows"


check_named = partial(check_name, checks.CHECKS)


def test_a_target_that_is_the_windows_last_value_fails(tmp_path):
    module = mutant(
        PACKAGE,
        tmp_path,
        ("targets = series[window + horizon - 1 :].unsqueeze(-1)", "targets = inputs[:, -1]"),
    )
    failed = reasons(module, checks.CHECKS)
    name = check_named("each target is")
    assert name in failed and "last value of its own window" in failed[name]
    assert check_named("make_windows gives") not in failed  # the shapes are right


def test_training_windows_that_straddle_the_split_fail(tmp_path):
    # Splitting the list of windows by val_fraction, instead of the series: the last training
    # windows then have their targets in the validation part.
    module = mutant(
        PACKAGE,
        tmp_path,
        (
            """    cut = split_index(len(series), val_fraction)
    train_x, train_y = make_windows(series[:cut], window, horizon)
    # A validation window may look back into the training part: that
    # past is known.
    val_x, val_y = make_windows(
        series[cut - window - horizon + 1 :], window, horizon
    )
    return train_x, train_y, val_x, val_y""",
            """    inputs, targets = make_windows(series, window, horizon)
    n_train = split_index(len(inputs), val_fraction)
    return inputs[:n_train], targets[:n_train], inputs[n_train:], targets[n_train:]""",
        ),
    )
    failed = reasons(module, checks.CHECKS)
    name = check_named("no training window reaches")
    assert name in failed and "inside the validation part" in failed[name]
    assert check_named("split_windows is chronological") not in failed


def test_statistics_of_the_whole_series_fail(tmp_path):
    module = mutant(
        PACKAGE,
        tmp_path,
        ("train_part = series[: split_index(len(series), val_fraction)]", "train_part = series"),
    )
    failed = reasons(module, checks.CHECKS)
    name = check_named("normalise uses the mean")
    assert name in failed and "whole series' mean" in failed[name]


def test_a_biased_std_is_named(tmp_path):
    module = mutant(
        PACKAGE, tmp_path, ("train_part.std().item()", "train_part.std(correction=0).item()")
    )
    assert "divides by n" in reasons(module, checks.CHECKS)[check_named("normalise uses")]


def test_windows_shuffled_before_the_split_fail(tmp_path):
    module = mutant(
        PACKAGE,
        tmp_path,
        (
            "    train_x, train_y = make_windows(series[:cut], window, horizon)\n",
            """    inputs, targets = make_windows(series, window, horizon)
    order = torch.randperm(len(inputs), generator=torch.Generator().manual_seed(0))
    n_train = cut - window - horizon + 1
    inputs, targets = inputs[order], targets[order]
    return inputs[:n_train], targets[:n_train], inputs[n_train:], targets[n_train:]
""",
        ),
    )
    failed = reasons(module, checks.CHECKS)
    name = check_named("split_windows is chronological")
    assert name in failed and "do not shuffle" in failed[name]
    assert check_named("make_windows") not in " ".join(failed)  # its windows are right


def test_validation_windows_cut_from_the_validation_part_alone_lose_targets(tmp_path):
    module = mutant(PACKAGE, tmp_path, ("series[cut - window - horizon + 1 :]", "series[cut:]"))
    failed = reasons(module, checks.CHECKS)
    assert set(failed) == {check_named("split_windows keeps every target")}
    why = failed[check_named("split_windows keeps")]
    assert why.startswith("CheckFailed: val_x") and "has shape" in why
