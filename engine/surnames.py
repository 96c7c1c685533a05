"""Surnames by language, read offline from the lists Faker ships, and their characters as ids.

Each language's names are `faker.providers.person.<locale>.Provider.last_names` (for en_US the
list is of surnames common in the United States). Importing a provider module reads a Python
list; nothing is generated at random and nothing reaches the network.

Normalising: casefold (ß becomes ss), strip accents (NFKD, combining marks dropped: é is e,
ř is r), keep only the letters a to z (spaces, apostrophes and hyphens go: "A tSithigh" is
"atsithigh"). Accents would make some languages too easy to tell apart; without them the
classifier has to learn spelling. A normalised name found under two or more languages is
dropped from all of them: its label would be a coin toss.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache
from importlib import import_module

# Language name (what a learner types and reads) -> Faker locale.
LOCALES = {
    "english": "en_US",
    "french": "fr_FR",
    "german": "de_DE",
    "italian": "it_IT",
    "spanish": "es_ES",
    "dutch": "nl_NL",
    "czech": "cs_CZ",
    "irish": "ga_IE",
    "finnish": "fi_FI",
    "swedish": "sv_SE",
}
LANGUAGES = tuple(LOCALES)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PAD = 0  # the padding id: nn.Embedding(padding_idx=0) keeps its vector at zero, unlearned


def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if char in LETTERS)


@cache
def _raw(language: str) -> frozenset[str]:
    provider = import_module(f"faker.providers.person.{LOCALES[language]}").Provider
    return frozenset(filter(None, map(normalise, provider.last_names)))


def names_of(language: str) -> tuple[str, ...]:
    """One language's normalised surnames, sorted, including those other languages share."""
    return tuple(sorted(_raw(language)))


@cache
def unique_names() -> dict[str, tuple[str, ...]]:
    """Every language's normalised surnames, sorted, without those shared with another
    language. Sorted, so that a seeded shuffle does not depend on set order (string hashing
    changes from one process to the next)."""
    counts = Counter(name for language in LANGUAGES for name in _raw(language))
    return {
        language: tuple(sorted(name for name in _raw(language) if counts[name] == 1))
        for language in LANGUAGES
    }


def source(language: str) -> str:
    return f"faker.providers.person.{LOCALES[language]}.Provider.last_names"


def encode(name: str, offset: int = 1) -> list[int]:
    """Letter ids: a is `offset`, z is offset + 25; the ids below `offset` are reserved (0 is
    padding; the generator also reserves start and end)."""
    return [LETTERS.index(char) + offset for char in name]
