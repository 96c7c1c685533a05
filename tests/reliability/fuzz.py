"""Hostile text for every field: markup, odd unicode, huge, control characters, bad numbers."""

from __future__ import annotations

import random

FIXED = [
    "[/]",
    "[bold]",
    "h[t-1]",
    "[@click=app.quit]x[/]",
    "$var",
    "${HOME}",
    "e\u0301\u0301\u0301",  # combining marks
    "🧠🔁📈",
    "\u202eright-to-left\u202c שלום مرحبا",
    "x" * 10_000,
    "\x00\x01\x07\x1b[31m\x7f",
    "",
    "   ",
    "\t\n",
    "-3",
    "0",
    "-0",
    "99999999999999999999999",
    "1e9",
    "2.5",
    "nan",
    "inf",
    "(1, 2, 3)",
    "1,,2",
    "../../etc/passwd",
    "/dev/null/x",
]
ALPHABET = "abc[]/@=$\\{}()\"'`*_~<>|\u0301\u202e🧠\x00\x1b 0123456789.-,\n\t"


def hostile(seed: int, count: int) -> list[str]:
    """The fixed cases, then `count` random mixtures from a hostile alphabet (seeded)."""
    rng = random.Random(seed)
    mixed = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 60))) for _ in range(count)]
    return FIXED + mixed
