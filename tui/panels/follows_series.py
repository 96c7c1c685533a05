"""Panels that train on the Data tab's series say which one, and follow the learner's changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class FollowsSeries:
    """For a panel that trains on the Data tab's series: it says which, and follows a change.

    The panel sets `series` and has a Static with the id `series_line_id`."""

    series: dict
    series_line_id: str

    def shared_changed(self, key: str, value) -> None:
        if key == "series":
            self.use_series(value)

    def use_series(self, settings: dict) -> None:
        self.series = settings
        self.query_one(f"#{self.series_line_id}", Static).update(series_line(settings))  # type: ignore[attr-defined]


def series_line(settings: dict) -> Text:
    """Which series the next run trains on: the Data tab's last good choice."""
    source = settings.get("dataset") or f"{settings.get('csv')}, column {settings.get('column')}"
    text = Text("series: ", style="dim")
    text.append(str(source), style="bold")
    text.append(
        f" · window {settings.get('window', 20)} · horizon {settings.get('horizon', 1)}"
        + (" · with a test part" if settings.get("test") in (True, "true") else "")
        + "  (change them in the Data tab, d)",
        style="dim",
    )
    return text
