"""The lesson panels: each module registers its tab kinds (tui.tab_kinds) when imported."""

from importlib import import_module

PANEL_MODULES = (
    "tui.widgets.learn",
    "tui.widgets.quiz",
    "tui.widgets.notes",
    "tui.widgets.shape_check",
    "tui.widgets.shape_lab",
    "tui.widgets.parameters",
    "tui.widgets.failures",
    "tui.widgets.trace",
    "tui.widgets.memory",
    "tui.widgets.race",
    "tui.widgets.series",
    "tui.widgets.practice",
    "tui.widgets.practice_failures",
    "tui.widgets.review",
    "tui.widgets.pass_check",
)

for _name in PANEL_MODULES:
    import_module(_name)
