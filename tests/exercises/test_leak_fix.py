"""Exercise 7 (leak_fix): the leaky template fails every check that matters, and fixing only one
of the two leaks still fails the other leak's check (the fixed pipeline passing is in
test_every_exercise.py)."""

from __future__ import annotations

import math
from functools import partial

from exercises.leak_fix import checks
from tests.exercises.helpers import check_name, load_file, mutant, reasons

PACKAGE = "leak_fix"
HONEST_STATS = "series[:cut].mean().item(),\n        series[:cut].std().item(),\n"
LEAKY_STATS = "series.mean().item(),\n        series.std().item(),\n"
IN_TIME_ORDER = (
    "    # Split by time, in time order: the training windows are the\n"
    "    # first n_train, as many as there are targets in\n"
    "    # series[window:cut].\n"
)
SHUFFLED = """    order = torch.randperm(len(inputs), generator=torch.Generator().manual_seed(seed))
    inputs, targets, times = inputs[order], targets[order], times[order]
"""


named = partial(check_name, checks.CHECKS)


STATS = named("the series is normalised")
SPLIT = named("the split is by time")
INSIDE = named("no validation target")
SCORE = named("the validation MAE and MASE")


def test_the_leaky_template_fails_every_check_but_the_fields():
    failed = reasons(load_file(PACKAGE, "template"), checks.CHECKS)
    assert set(failed) == {STATS, SPLIT, INSIDE, SCORE}
    assert "the whole series'" in failed[STATS]
    assert "better than the leak-free" in failed[SCORE]


def test_fixing_only_the_shuffle_still_fails_on_the_statistics(tmp_path):
    failed = reasons(mutant(PACKAGE, tmp_path, (HONEST_STATS, LEAKY_STATS)), checks.CHECKS)
    assert set(failed) == {STATS, SCORE}


def test_fixing_only_the_statistics_still_fails_on_the_split(tmp_path):
    failed = reasons(mutant(PACKAGE, tmp_path, (IN_TIME_ORDER, SHUFFLED)), checks.CHECKS)
    assert set(failed) == {SPLIT, INSIDE, SCORE}
    assert "a validation target" in failed[INSIDE]


def test_changing_the_model_fails_the_score(tmp_path):
    failed = reasons(mutant(PACKAGE, tmp_path, ("RIDGE = 1e-3", "RIDGE = 1e-1")), checks.CHECKS)
    assert set(failed) == {SCORE}


def test_validation_windows_from_the_validation_part_alone_lose_targets(tmp_path):
    # "Fixing" the leak by cutting validation windows from series[cut:] only drops the first
    # `window` validation targets: the score is then measured on fewer targets.
    module = mutant(
        PACKAGE,
        tmp_path,
        (
            "    val_x, val_times = inputs[n_train:], times[n_train:]\n",
            "    val_x, val_times = inputs[n_train + window :], times[n_train + window :]\n",
        ),
    )
    failed = reasons(module, checks.CHECKS)
    assert SPLIT in failed and "validation targets should be every time step" in failed[SPLIT]


def test_the_leaks_make_the_demo_score_look_better_than_it_is():
    # What the template's docstring promises: with both leaks fixed the score is worse.
    template = load_file(PACKAGE, "template")
    solution = load_file(PACKAGE, "solution")
    leaky, honest = (
        template.pipeline(template.demo_series()),
        solution.pipeline(solution.demo_series()),
    )
    assert leaky.mase < 0.7 * honest.mase  # measured: 0.484 against 0.871
    case = checks.Case(solution.demo_series(), window=12, val_fraction=0.25, seed=0)
    assert math.isclose(honest.mase, checks.leak_free_score(case)[1], rel_tol=1e-4)
