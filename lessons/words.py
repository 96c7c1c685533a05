"""Counts in words: "1 lesson", "2 lessons". Every count shown to the learner goes through
`counted`, since any of them can be 1."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun, singular for exactly 1 (plural: `noun` + "s" unless given)."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
