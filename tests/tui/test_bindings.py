"""Every key the tutor declares has an id (for keymaps) and a tooltip (for the footer and help)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding

import tui


def declared_bindings():
    for module_info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                for binding in vars(cls)["BINDINGS"]:
                    yield f"{cls.__name__}:{binding}", binding


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    found = list(declared_bindings())
    assert len(found) > 20
    for where, binding in found:
        assert isinstance(binding, Binding), where
        assert binding.id, f"{where} has no id"
        assert binding.tooltip, f"{where} has no tooltip"


def test_binding_ids_are_unique_within_a_class() -> None:
    by_class: dict[str, list[str]] = {}
    for where, binding in declared_bindings():
        by_class.setdefault(where.split(":")[0], []).append(binding.id)
    for owner, ids in by_class.items():
        assert len(ids) == len(set(ids)), owner
