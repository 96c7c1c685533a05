"""The registry of tab kinds: what a lesson's content file may name in [[tabs]], and the panel
each kind builds. A new kind of panel is one module that registers itself here with `@tab_kind`;
lessons made of existing kinds need nothing in tui/ at all.

A builder gets the lesson screen (for the lesson, and for `shared`: state one tab hands to
another, such as the shape lab's module or the Data tab's series) and the tab's declaration
(for its options).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widget import Widget

from lessons.catalog import TabSpec

if TYPE_CHECKING:
    from tui.screens.lesson import TabbedLessonScreen

Builder = Callable[["TabbedLessonScreen", TabSpec], Widget]


@dataclass(frozen=True)
class TabKind:
    name: str
    id: str  # the tab's id when the content file gives none ("continue" remembers it)
    label: str
    key: str  # the letter that opens it
    tooltip: str
    focus: str  # selector of the widget that takes the keyboard when the tab opens
    build: Builder
    # Keys the kind adds to the whole lesson screen (say, x to export the portfolio), each
    # bound to screen action "run('<name>')" and done by SCREEN_ACTIONS[name](screen).
    screen_keys: tuple[Binding, ...] = ()


KINDS: dict[str, TabKind] = {}
SCREEN_ACTIONS: dict[str, Callable[[TabbedLessonScreen], None]] = {}


def tab_kind(
    name: str,
    label: str,
    key: str,
    tooltip: str,
    focus: str,
    id: str = "",
    screen_keys: tuple[Binding, ...] = (),
) -> Callable[[Builder], Builder]:
    """Register the decorated builder as tab kind `name`."""

    def register(build: Builder) -> Builder:
        if name in KINDS:
            raise ValueError(f"tab kind {name!r} is registered twice")
        KINDS[name] = TabKind(name, id or name, label, key, tooltip, focus, build, screen_keys)
        return build

    return register


def screen_action(name: str) -> Callable:
    def register(action: Callable[[TabbedLessonScreen], None]) -> Callable:
        SCREEN_ACTIONS[name] = action
        return action

    return register


def lookup(name: str) -> TabKind:
    load_kinds()
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise KeyError(f"unknown tab kind {name!r}; known kinds: {known}") from None


def load_kinds() -> None:
    """Import every panel module, so each registers its kinds (once; later calls are free)."""
    import tui.panels  # noqa: F401 - imported for its registrations


def lab_module(screen: TabbedLessonScreen):
    """The shape lab's module (its tab posts changes as shared "lab"), else the lesson's own."""
    from engine.shapes import ShapesConfig

    if "lab" not in screen.shared:
        screen.shared["lab"] = ShapesConfig.from_dict(screen.lesson.default_config)
    return screen.shared["lab"]


def chosen_series(screen: TabbedLessonScreen) -> dict:
    """The Data tab's series and window (shared "series"), else the lesson's defaults."""
    return screen.shared.setdefault("series", dict(screen.lesson.default_config))
