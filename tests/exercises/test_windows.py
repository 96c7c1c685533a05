"""Exercise 5 (windows): the template fails, the solution passes, and each realistic mistake
fails the check written for it."""

from __future__ import annotations

import pytest
import torch

from exercises.windows import checks
from tests.exercises.load_series import EXERCISES, edited, failures, load

PACKAGE = "windows"
NAMES = {item.name: item for item in checks.CHECKS}


@pytest.fixture(autouse=True)
def one_thread():
    torch.set_num_threads(1)


def check_named(start: str) -> str:
    (name,) = [name for name in NAMES if name.startswith(start)]
    return name


def test_the_template_fails_and_says_what_to_write():
    failed = failures(checks.CHECKS, load(EXERCISES / PACKAGE / "template.py"))
    assert set(failed) == set(NAMES)
    assert all("TODO" in why for why in failed.values())


def test_the_solution_passes_every_check():
    assert failures(checks.CHECKS, load(EXERCISES / PACKAGE / "solution.py")) == {}


def test_a_target_that_is_the_windows_last_value_fails(tmp_path):
    module = edited(
        PACKAGE,
        tmp_path,
        ("targets = series[window + horizon - 1 :].unsqueeze(-1)", "targets = inputs[:, -1]"),
    )
    failed = failures(checks.CHECKS, module)
    name = check_named("each target is")
    assert name in failed and "last value of its own window" in failed[name]
    assert check_named("make_windows gives") not in failed  # the shapes are right


def test_training_windows_that_straddle_the_split_fail(tmp_path):
    # Splitting the list of windows by val_fraction, instead of the series: the last training
    # windows then have their targets in the validation part.
    module = edited(
        PACKAGE,
        tmp_path,
        (
            """    cut = split_index(len(series), val_fraction)
    train_x, train_y = make_windows(series[:cut], window, horizon)
    # A validation window may look back into the training part: that past is known.
    val_x, val_y = make_windows(series[cut - window - horizon + 1 :], window, horizon)
    return train_x, train_y, val_x, val_y""",
            """    inputs, targets = make_windows(series, window, horizon)
    n_train = split_index(len(inputs), val_fraction)
    return inputs[:n_train], targets[:n_train], inputs[n_train:], targets[n_train:]""",
        ),
    )
    failed = failures(checks.CHECKS, module)
    name = check_named("no training window reaches")
    assert name in failed and "inside the validation part" in failed[name]
    assert check_named("split_windows is chronological") not in failed


def test_statistics_of_the_whole_series_fail(tmp_path):
    module = edited(
        PACKAGE,
        tmp_path,
        ("train_part = series[: split_index(len(series), val_fraction)]", "train_part = series"),
    )
    failed = failures(checks.CHECKS, module)
    name = check_named("normalise uses the mean")
    assert name in failed and "whole series' mean" in failed[name]


def test_a_biased_std_is_named(tmp_path):
    module = edited(
        PACKAGE, tmp_path, ("train_part.std().item()", "train_part.std(correction=0).item()")
    )
    assert "divides by n" in failures(checks.CHECKS, module)[check_named("normalise uses")]


def test_windows_shuffled_before_the_split_fail(tmp_path):
    module = edited(
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
    failed = failures(checks.CHECKS, module)
    name = check_named("split_windows is chronological")
    assert name in failed and "do not shuffle" in failed[name]
    assert check_named("make_windows") not in " ".join(failed)  # its windows are right


def test_validation_windows_cut_from_the_validation_part_alone_lose_targets(tmp_path):
    module = edited(PACKAGE, tmp_path, ("series[cut - window - horizon + 1 :]", "series[cut:]"))
    failed = failures(checks.CHECKS, module)
    assert set(failed) == {check_named("split_windows keeps every target")}
    why = failed[check_named("split_windows keeps")]
    assert why.startswith("CheckFailed: val_x") and "has shape" in why


def test_the_catalog_lists_it_under_the_lesson():
    from exercises.catalog import find

    exercise = find("windows")
    assert (exercise.number, exercise.lesson) == (5, "sequence-practice")
    assert exercise.file_name == "05-windows.py"
    assert "def make_windows" in exercise.template() and "def make_windows" in exercise.solution()


def test_running_the_template_says_what_is_left_to_write(capsys):
    import runpy

    runpy.run_path(str(EXERCISES / PACKAGE / "template.py"), run_name="__main__")
    assert capsys.readouterr().out.startswith("not written yet: TODO")
