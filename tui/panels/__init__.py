"""The lesson panels, one module per kind of tab; each registers its kinds (tui.tab_kinds) when
imported. Generic pieces they are made of (tabs, toggles, plots, the chunked Panel base) live in
tui.widgets."""

from importlib import import_module

PANEL_MODULES = (
    "tui.panels.learn",
    "tui.panels.quiz",
    "tui.panels.notes",
    "tui.panels.shape_check",
    "tui.panels.shape_lab",
    "tui.panels.parameters",
    "tui.panels.shape_failures",
    "tui.panels.trace",
    "tui.panels.memory",
    "tui.panels.race",
    "tui.panels.series",
    "tui.panels.practice",
    "tui.panels.practice_failures",
    "tui.panels.review",
    "tui.panels.pass_check",
)

for _name in PANEL_MODULES:
    import_module(_name)
