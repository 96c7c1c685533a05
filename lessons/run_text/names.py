"""The words for a names run: accuracy beside the majority baseline, per language, mistakes."""

from __future__ import annotations

from typing import Any

from engine.names import NamesProgress, NamesResult


def lines(result: NamesResult) -> list[str]:
    config = result.config
    total_test = sum(result.test_counts.values())
    total_train = sum(result.train_counts.values())
    shown = [
        f"{config.cell.upper()} (embedding {config.embedding}, hidden {config.hidden}), "
        f"{result.params} parameters, {len(result.curve)} epochs in {result.seconds:.1f} s",
        f"{len(result.languages)} languages x {result.names_per_language} surnames: "
        f"{total_train} training, {total_test} test names",
    ]
    if result.capped_by:
        shown.append(capped(result, config.per_language))
    shown.append(
        f"test accuracy {result.accuracy:.3f}; majority baseline {result.baseline:.3f} "
        "(always answering the commonest language of the test names)"
    )
    width = max(len(language) for language in result.languages)
    shown.append("recall per language (the share of its test names classified right):")
    for language in result.languages:
        shown.append(
            f"  {language:<{width}}  {result.per_language[language]:.2f} "
            f"of {result.test_counts[language]}"
        )
    if result.most_confident_mistakes:
        shown.append("most confident mistakes:")
        for mistake in result.most_confident_mistakes:
            shown.append(
                f"  {mistake.name}: {mistake.true}, taken for {mistake.predicted} "
                f"(p = {mistake.probability:.2f})"
            )
    for typed, top in result.guesses.items():
        shown.append(f"{typed}: " + ", ".join(f"{g.language} {g.probability:.2f}" for g in top))
    return shown


def capped(result: NamesResult, asked: int) -> str:
    """Why every language has fewer names than asked: a name on two lists is dropped from both
    (it could not be labelled), and one list is left with fewer than asked."""
    return (
        f"{result.capped_by} has only {result.names_per_language} surnames found in no other "
        f"language's list, so every language has {result.names_per_language}, not {asked}"
    )


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    return (
        f"names {config['cell']} on {len(result['languages'])} languages: test accuracy "
        f"{result['accuracy']:.3f} vs baseline {result['baseline']:.3f}"
    )


def progress_line(event: NamesProgress) -> str:
    _, loss, accuracy = event.curve[-1]
    return (
        f"epoch {event.epoch}/{event.epochs}: loss {loss:.3f}, test accuracy {accuracy:.3f} "
        f"(baseline {event.baseline:.3f})"
    )
