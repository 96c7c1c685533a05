"""The pass check turns green only when every criterion holds, each backed by real runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.tasks import get_task
from lessons import pass_check
from lessons.store import Store

LOOP = "tensors go through the GRU layer, the loss is computed, backward() fills the gradients, and the optimizer step updates them"  # noqa: E501


def record(store: Store, lesson: str, task: str, config: dict) -> int:
    return store.record_run(lesson, task, config, get_task(task).run(config))


@pytest.fixture(scope="module")
def runs() -> dict[str, tuple[str, dict]]:
    """Real results, computed once, with tiny budgets."""
    configs = {
        "shape-check": ("roadmap", {}),
        "shape-failure": ("rnn-basics", {"mode": "time-major"}),
        "race": ("lstm-gru", {"steps": 10, "eval_every": 5, "delay": 8}),
        "practice": ("sequence-practice", {"dataset": "nile", "window": 8, "epochs": 2}),
    }
    return {
        task: (lesson, config, get_task(task).run(config))
        for task, (lesson, config) in configs.items()
    }


def complete(store: Store, runs, skip: str = "") -> None:
    """Everything the pass check asks for, except the criterion `skip`."""
    ids = {
        task: store.record_run(lesson, task, config, result)
        for task, (lesson, config, result) in runs.items()
        if not (skip == "gates" and task == "race")
        and not (skip == "shape-checks" and task == "shape-check")
        and not (skip == "curve" and task in ("race", "practice"))
    }
    if skip != "shapes":
        for item in ("outputs-shape", "hidden-shape"):
            store.record_attempt("roadmap", item, "(1, 2, 3)", True)
        store.record_attempt("rnn-basics", "proj-c-n", "(2, 4, 20)", True)
        store.record_attempt("roadmap", "prediction", "{}", True)
    if skip != "hidden":
        store.save_note("hidden", "h[t-1] rolling memory, rewritten every step")
        store.record_attempt("rnn-basics", "rolling-memory", "text", None, rating="good")
    if skip != "gates" or "race" in ids:
        store.save_note("gate_reason", "gates keep or discard information over long spans")
    if skip != "experiment":
        store.record_export("script", "/tmp/rnn_first_loop.py")
    if skip != "failure":
        store.save_note("failure_mode", "time-major data silently read as batch")
        store.cite("failure_mode", ids["shape-failure"])
    if skip != "loop":
        store.save_note("training_loop", LOOP)


def test_all_criteria_hold_then_it_passes(tmp_path: Path, runs) -> None:
    store = Store.open(tmp_path)
    assert not pass_check.passed(store)
    complete(store, runs)
    failing = [c.key for c in pass_check.check(store) if not c.met]
    assert failing == []
    assert pass_check.passed(store)


@pytest.mark.parametrize(
    "missing",
    ["shapes", "hidden", "gates", "experiment", "shape-checks", "curve", "failure", "loop"],
)
def test_each_missing_criterion_keeps_it_red(tmp_path: Path, runs, missing: str) -> None:
    store = Store.open(tmp_path)
    complete(store, runs, skip=missing)
    criteria = {c.key: c for c in pass_check.check(store)}
    assert not criteria[missing].met
    assert not pass_check.passed(store)


def test_a_failure_note_must_cite_a_failure_run(tmp_path: Path, runs) -> None:
    store = Store.open(tmp_path)
    complete(store, runs, skip="failure")
    store.save_note("failure_mode", "my practice run overfitted after epoch 7")
    practice_run = store.runs(task="practice")[0]
    store.cite("failure_mode", practice_run.id)  # a run, but not a failure-mode run
    assert not {c.key: c for c in pass_check.check(store)}["failure"].met


@pytest.mark.parametrize(
    "note",
    [
        LOOP,
        "[batch, 20, 1] -> GRU -> loss.backward(); Adam",
        "x of shape (32, 50, 1) into nn.LSTM, MSELoss, backprop, then optimizer.step()",
        "inputs through the model, criterion(out, y), grads by backward, SGD updates",
    ],
)
def test_a_training_loop_in_other_words_holds(tmp_path: Path, note: str) -> None:
    store = Store.open(tmp_path)
    store.save_note("training_loop", note)
    criterion = pass_check.explains_loop(store)
    assert criterion.met, criterion.evidence


@pytest.mark.parametrize(
    ("note", "missing"),
    [
        ("the GRU computes the loss, backward() and Adam", "tensors"),
        ("[batch, 20, 1] into the loss, backward(), Adam", "layers"),
        ("[batch, 20, 1] -> GRU -> backward(); Adam", "loss"),
        ("[batch, 20, 1] -> GRU -> loss; Adam", "backward()"),
        ("[batch, 20, 1] -> GRU -> loss.backward()", "optimizer step"),
    ],
)
def test_a_loop_missing_a_part_names_that_part(tmp_path: Path, note: str, missing: str) -> None:
    store = Store.open(tmp_path)
    store.save_note("training_loop", note)
    criterion = pass_check.explains_loop(store)
    assert not criterion.met
    assert criterion.evidence == f"not named yet: {missing}"
    assert missing in criterion.needs  # the needs line says what would count


def test_a_passing_train_loop_exercise_meets_the_loop_criterion(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.record_exercise_check("train-loop", "sequence-practice", False, "clips", False, "x = 1")
    assert not pass_check.explains_loop(store).met  # a failing check is not a pass
    assert not pass_check.exported_experiment(store).met
    store.record_exercise_check("train-loop", "sequence-practice", True, "", False, "x = 2")
    loop = pass_check.explains_loop(store)
    assert loop.met and loop.evidence == "your train-loop exercise passes its checks"
    experiment = pass_check.exported_experiment(store)
    assert experiment.met and "train-loop" in experiment.evidence


def test_another_exercise_passing_is_not_the_training_loop(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.record_exercise_check("gru-cell", "lstm-gru", True, "", False, "def gru_cell(): ...")
    assert not pass_check.explains_loop(store).met
    assert pass_check.exported_experiment(store).met
