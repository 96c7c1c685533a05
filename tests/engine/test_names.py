"""Surnames by language: balanced classes, a confusion matrix that adds up, a baseline from the
test counts, a model that beats it, and the held model answering names-guess."""

from __future__ import annotations

import json
import math
import subprocess
import unicodedata
from importlib import import_module

import pytest
import torch

from engine import names, names_guess, surnames
from engine.control import Cancelled, Control
from engine.names import NamesConfig, NamesProgress, split_names
from engine.tasks import get_task
from engine.validation import ConfigError
from tests.conftest import cli

SMALL = {"languages": "italian,irish,finnish", "per_language": 40, "epochs": 3, "hidden": 16}

torch.set_num_threads(1)  # tutor-sized models: one thread, as in the engine process


@pytest.fixture(scope="module")
def small() -> dict:
    # Through JSON, as the CLI and the engine process deliver it.
    return json.loads(json.dumps(get_task("names").run(SMALL)))


def test_the_confusion_matrix_adds_up_to_the_test_counts_and_the_accuracy(small) -> None:
    languages = small["languages"]
    confusion = torch.tensor(small["confusion"])
    n_test = round(40 * 0.2)  # 80/20 per language
    assert [int(row.sum()) for row in confusion] == [n_test] * 3
    assert small["test_counts"] == dict.fromkeys(languages, n_test)
    assert small["train_counts"] == dict.fromkeys(languages, 40 - n_test)  # balanced
    assert small["accuracy"] == pytest.approx(float(confusion.trace() / confusion.sum()))
    for i, language in enumerate(languages):
        assert small["per_language"][language] == pytest.approx(float(confusion[i, i] / n_test))
    counts = list(small["test_counts"].values())
    assert small["baseline"] == pytest.approx(max(counts) / sum(counts)) == pytest.approx(1 / 3)


def test_the_baseline_is_the_majority_share_of_the_test_names() -> None:
    test = [("a", 0), ("b", 0), ("c", 1), ("d", 0), ("e", 2)]
    data = names.Dataset(("x", "y", "z"), [], test, 2, None)
    assert names.majority_share(data) == pytest.approx(3 / 5)


def test_mistakes_are_the_most_confident_wrong_answers(small) -> None:
    mistakes = small["most_confident_mistakes"]
    confusion = small["confusion"]
    wrong = sum(map(sum, confusion)) - sum(confusion[i][i] for i in range(3))
    assert len(mistakes) == min(5, wrong)
    assert all(m["true"] != m["predicted"] for m in mistakes)
    chances = [m["probability"] for m in mistakes]
    assert chances == sorted(chances, reverse=True)
    assert all(1 / 3 <= p <= 1 for p in chances)  # the largest of three probabilities


def test_the_curve_has_one_point_per_epoch_and_progress_follows_it() -> None:
    events: list[NamesProgress] = []
    data = get_task("names").run({**SMALL, "epochs": 2}, emit=events.append)
    assert [point[0] for point in data["curve"]] == [1, 2]
    assert [event.epoch for event in events] == [1, 2] and events[-1].settled
    assert events[-1].curve == data["curve"]
    assert NamesProgress.from_dict(json.loads(json.dumps(events[0].to_dict()))) == events[0]


def test_the_default_model_beats_the_baseline_clearly() -> None:
    data = get_task("names").run({"languages": "english,italian,irish,finnish", "epochs": 6})
    assert data["baseline"] == pytest.approx(0.25)
    assert data["accuracy"] > data["baseline"] + 0.3


def test_train_and_test_names_are_disjoint_and_balanced_when_capped() -> None:
    data = split_names(NamesConfig())  # 200 asked; czech has fewer distinct surnames
    czech = len(surnames.unique_names()["czech"])
    assert czech < 200
    assert (data.per_language, data.capped_by) == (czech, "czech")
    train = {name for name, _ in data.train}
    test = {name for name, _ in data.test}
    assert not train & test
    assert len(data.train) + len(data.test) == 10 * czech
    assert split_names(NamesConfig(per_language=50)).capped_by is None


def test_names_are_lowercase_letters_and_no_name_has_two_languages() -> None:
    assert surnames.normalise("Müller") == "muller"
    assert surnames.normalise("Groß") == "gross"
    assert surnames.normalise("A tSithigh") == "atsithigh"
    assert surnames.normalise("Dvořák-Novotná") == "dvoraknovotna"
    # Read Faker's lists here, independently of engine.surnames.
    seen: dict[str, set[str]] = {}
    for language, locale in surnames.LOCALES.items():
        provider = import_module(f"faker.providers.person.{locale}").Provider
        for raw in provider.last_names:
            plain = unicodedata.normalize("NFKD", raw.casefold())
            key = "".join(c for c in plain if "a" <= c <= "z")
            seen.setdefault(key, set()).add(language)
    kept = surnames.unique_names()
    for language, names_ in kept.items():
        assert list(names_) == sorted(names_)
        assert all(seen[name] == {language} for name in names_)
    shared = [name for name, where in seen.items() if len(where) > 1 and name]
    assert shared  # "martin" is French and English, for one
    assert not any(name in names_ for name in shared for names_ in kept.values())


def test_guess_asks_the_model_the_engine_process_holds() -> None:
    names.HELD.set(None)
    with pytest.raises(ConfigError, match="no names model has been trained"):
        get_task("names-guess").run({"name": "Rossi"})
    get_task("names").run(SMALL)
    held = names.HELD.get()
    answer = get_task("names-guess").run({"name": " Rossí "})
    assert answer["normalised"] == "rossi"
    assert answer["trained"] == held.config.to_dict()
    # The model's own softmax, by hand: letters a..z are ids 1..26.
    ids = torch.tensor([[ord(c) - ord("a") + 1 for c in "rossi"]])
    with torch.no_grad():
        chances = torch.softmax(held.model(ids, [5]), dim=1)[0]
    top = sorted(range(3), key=lambda i: -float(chances[i]))
    assert [g["language"] for g in answer["guesses"]] == [held.languages[i] for i in top]
    assert [g["probability"] for g in answer["guesses"]] == pytest.approx(
        [float(chances[i]) for i in top], abs=1e-6
    )
    assert sum(g["probability"] for g in answer["guesses"]) == pytest.approx(1.0)
    with pytest.raises(ConfigError, match="letters a to z"):
        names_guess.run(names_guess.GuessConfig(name="1234"))


def test_cancel_stops_training() -> None:
    control = Control()
    control.cancel()
    with pytest.raises(Cancelled):
        get_task("names").run(SMALL, control=control)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"languages": "italian"}, "at least two"),
        ({"languages": "italian,klingon"}, "languages must be one of"),
        ({"cell": "transformer"}, "cell must be one of"),
        ({"guess": "rossi,!!"}, "no letters a to z"),
    ],
)
def test_bad_settings_say_what_to_change(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        NamesConfig.from_dict(settings)


def test_the_command_line_json_has_the_documented_keys() -> None:
    args = ["run", "names", "--languages", "italian,irish", "--per-language", "20"]
    done = subprocess.run(
        cli(*args, "--epochs", "1", "--guess", "Rossi", "--json"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= {
        "languages", "accuracy", "baseline", "per_language", "confusion", "curve",
        "most_confident_mistakes", "guesses", "test_counts", "train_counts", "config", "seed",
    }  # fmt: skip
    assert data["languages"] == ["italian", "irish"]
    assert {g["language"] for g in data["guesses"]["Rossi"]} == {"italian", "irish"}
    assert not math.isnan(data["accuracy"])
