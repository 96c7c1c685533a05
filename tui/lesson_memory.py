"""What the learner set in a lesson's tabs, kept while the app runs, for when they come back.

Leaving a lesson takes its screen down; coming back builds a new one. Without this, the race's
settings, the shape lab's sizes and every typed field went back to their defaults. Notes are
in the record already; this keeps the rest: each field's value by its id, and what the tabs
handed each other (the screen's `shared`, such as the Data tab's series).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.dom import DOMNode
from textual.widgets import Input

from tui.widgets.toggle import Cycler, Toggle

KEPT = (Input, Toggle, Cycler)


@dataclass
class LessonMemory:
    fields: dict[str, Any] = field(default_factory=dict)  # a widget's id -> its value
    shared: dict[str, Any] = field(default_factory=dict)


def remember(memory: LessonMemory, node: DOMNode, shared: dict[str, Any]) -> None:
    """Note every kept field's value under `node` (tabs never built keep what they had)."""
    for widget in node.query("*"):
        if isinstance(widget, KEPT) and widget.id:
            memory.fields[widget.id] = widget.value
    memory.shared = dict(shared)


def restore(memory: LessonMemory, node: DOMNode) -> None:
    """Put back the values noted for the fields under `node` (a panel just built)."""
    for widget in node.query("*"):
        if isinstance(widget, KEPT) and widget.id in memory.fields:
            value = memory.fields[widget.id]
            if widget.value != value:
                widget.value = value
