"""Paths in notices: a toast is about 26-37 columns wide and folds a long word wherever it
runs out of room, so a path is shortened (~ for home, … for middle folders) rather than cut
mid-name, and goes on a line of its own."""

from __future__ import annotations

from pathlib import Path

ROOM = 26  # columns of a toast's text at 60 columns wide (at 80: 37)


def short_path(path: Path, room: int = ROOM) -> str:
    """`path` in at most `room` columns where its last part allows: home as ~, then middle
    folders left out as …, never a name cut in two."""
    text = str(path)
    home = str(Path.home())
    if text == home or text.startswith(home.rstrip("/") + "/"):
        text = "~" + text[len(home) :]
    if len(text) <= room:
        return text
    first, *middle, last = text.split("/")
    kept: list[str] = [last]
    for part in reversed(middle):
        if len("/".join([first, "…", part, *kept])) > room:
            break
        kept.insert(0, part)
    return "/".join([first, "…", *kept])


def saved_notice(what: str, path: Path) -> str:
    """'Saved <what>: <file name>', and its folder on the next line."""
    return f"Saved {what}:\n{path.name}\nin {short_path(path.parent)}"
