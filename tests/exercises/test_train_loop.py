"""Exercise 6 (train_loop): the solution learns with a margin, each classic mistake in the loop
fails the check that watches for it, and other correct loops pass (the template failing and
the solution passing are in test_every_exercise.py)."""

from __future__ import annotations

from functools import partial

import pytest

from exercises.train_loop import checks
from tests.exercises.helpers import check_name, load_file, mutant, reasons

PACKAGE = "train_loop"
ZERO_GRAD = (
    "            # backward adds to .grad, so clear the last\n"
    "            # batch's gradient\n"
    "            optimizer.zero_grad()\n"
)
BACKWARD = "            loss.backward()\n"
CLIP = "            nn.utils.clip_grad_norm_(model.parameters(), max_norm)\n"
STEP = "            optimizer.step()\n"


named = partial(check_name, checks.CHECKS)


def mutant_failures(tmp_path, *edits: tuple[str, str]) -> dict[str, str]:
    return reasons(mutant(PACKAGE, tmp_path, *edits), checks.CHECKS)


def test_the_solution_learns_with_a_margin_on_other_seeds():
    # The check asks for below 0.5 x persistence's MSE; the reference stays below 0.4 on the
    # check's own tasks and on six others (measured: 0.13 to 0.34).
    solution = load_file(PACKAGE, "solution")
    cases = [*checks.LEARN_CASES, *((seed, 260, 12) for seed in range(6))]
    ratios = [checks.learning_ratio(solution, *case) for case in cases]
    assert max(ratios) < 0.4, ratios


def test_without_zero_grad_the_gradients_accumulate(tmp_path):
    failed = mutant_failures(tmp_path, (ZERO_GRAD, ""))
    why = failed[named("gradients are cleared")]
    assert "still held an earlier gradient" in why
    assert named("optimizer.step() runs") not in failed


def test_validation_with_autograd_on_fails(tmp_path):
    failed = mutant_failures(
        tmp_path,
        (
            "        with torch.no_grad():\n            val_losses",
            "        if True:\n            val_losses",
        ),
    )
    assert set(failed) == {named("training runs in train mode")}
    assert "autograd on" in failed[named("training runs in train mode")]


def test_validation_in_training_mode_fails(tmp_path):
    failed = mutant_failures(tmp_path, ("        model.eval()\n", ""))
    assert set(failed) == {named("training runs in train mode")}
    assert "call model.eval()" in failed[named("training runs in train mode")]


def test_never_switching_back_to_train_mode_fails(tmp_path):
    failed = mutant_failures(tmp_path, ("        model.train()\n", ""))
    assert "model.train() at the start of every epoch" in failed[named("training runs in")]


def test_without_clipping_the_step_sees_the_full_gradient(tmp_path):
    failed = mutant_failures(tmp_path, (CLIP, ""))
    assert set(failed) == {named("gradients are clipped")}
    assert "clip_grad_norm_" in failed[named("gradients are clipped")]


def test_clipping_after_the_step_is_too_late(tmp_path):
    failed = mutant_failures(tmp_path, (CLIP + STEP, STEP + CLIP))
    assert set(failed) == {named("gradients are clipped")}


def test_a_step_before_backward_fails(tmp_path):
    failed = mutant_failures(tmp_path, (BACKWARD + CLIP + STEP, STEP + BACKWARD + CLIP))
    assert "without a loss.backward() before it" in failed[named("optimizer.step() runs")]
    # and the model does not learn at all: the learning check is not vacuous
    assert named("the model learns") in failed


def test_zero_grad_between_backward_and_step_fails(tmp_path):
    failed = mutant_failures(tmp_path, (ZERO_GRAD + BACKWARD, BACKWARD + ZERO_GRAD))
    assert "some .grad were None" in failed[named("optimizer.step() runs")]


def test_validating_on_the_training_windows_fails(tmp_path):
    failed = mutant_failures(
        tmp_path, ("loss_fn(model(val_x), val_y)", "loss_fn(model(train_x), train_y)")
    )
    assert "is the loss on the training windows" in failed[named("the losses are measured")]


def test_an_unweighted_mean_of_batch_losses_fails(tmp_path):
    failed = mutant_failures(
        tmp_path,
        ("total += loss.item() * len(batch)", "total += loss.item() * batch_size"),
    )
    assert set(failed) == {named("the losses are measured")}
    assert "weight each batch's loss by its size" in failed[named("the losses are measured")]


def test_stepping_on_the_validation_loss_fails(tmp_path):
    failed = mutant_failures(
        tmp_path,
        (
            "        with torch.no_grad():\n"
            "            val_losses.append(loss_fn(model(val_x), val_y).item())\n",
            """        val_loss = loss_fn(model(val_x), val_y)
        optimizer.zero_grad()
        val_loss.backward()
        optimizer.step()
        val_losses.append(val_loss.item())
""",
        ),
    )
    assert "Validation must not take steps" in failed[named("optimizer.step() runs")]


def test_returning_loss_tensors_fails(tmp_path):
    failed = mutant_failures(
        tmp_path,
        (
            "val_losses.append(loss_fn(model(val_x), val_y).item())",
            "val_losses.append(loss_fn(model(val_x), val_y))",
        ),
    )
    assert "not a float: loss.item()" in failed[named("train returns")]


@pytest.mark.parametrize(
    "edits",
    [
        # batches in time order: shuffling helps, but the checks do not demand it
        [("torch.randperm(len(train_x))", "torch.arange(len(train_x))")],
        [("            optimizer.zero_grad()\n", "            model.zero_grad()\n")],
        [("optimizer.zero_grad()\n", "optimizer.zero_grad(set_to_none=False)\n")],
        # clearing after the step instead of before backward clears it just as well
        [(ZERO_GRAD, ""), (STEP, STEP + "            optimizer.zero_grad()\n")],
        [("with torch.no_grad():", "with torch.inference_mode():")],
    ],
    ids=["no-shuffle", "model-zero-grad", "zeros-not-none", "zero-grad-after-step", "inference"],
)
def test_other_correct_loops_pass(tmp_path, edits):
    assert mutant_failures(tmp_path, *edits) == {}
