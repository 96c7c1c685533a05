"""The lesson panels, one module per kind of tab; each registers its kinds (tui.tab_kinds) when
imported, and importing this package imports every module in it, so a new kind is one new file
here. Generic pieces the panels are made of (tabs, toggles, plots, the chunked Panel base) live in
tui.widgets."""

from importlib import import_module
from pkgutil import iter_modules

for _module in iter_modules(__path__):
    import_module(f"{__name__}.{_module.name}")
