"""The words for a packing run: the lengths, batch_sizes, and where output[:, -1] goes wrong."""

from __future__ import annotations

from typing import Any

from engine.pack import PackResult


def lines(result: PackResult) -> list[str]:
    config = result.config
    shapes = result.shapes
    shown = [
        f"model = {config.module_call()}",
        f"lengths: {result.lengths}; padded input {tuple(shapes['input'])}, "
        f"packed data {tuple(shapes['packed_data'])} (only the real steps)",
        f"batch_sizes: {result.batch_sizes} (sequences still running at each step)",
        f"sorted_indices: {result.sorted_indices} (longest first)",
        f"output (unpacked): {tuple(shapes['output'])}, h_n: {tuple(shapes['h_n'])}"
        + (f", c_n: {tuple(shapes['c_n'])}" if "c_n" in shapes else ""),
        "is the padded run's output[:, -1] the true last state h_n[-1]?",
    ]
    for check in result.sequences:
        verdict = "yes" if check.naive_is_last else f"no, off by up to {check.naive_gap:.4f}"
        shown.append(f"  sequence {check.index} (length {check.length}): {verdict}")
    return shown


def summary(config: dict[str, Any], result: dict[str, Any]) -> str:
    wrong = sum(1 for check in result["sequences"] if not check["naive_is_last"])
    return (
        f"pack {config['cell'].upper()} lengths {result['lengths']}: batch_sizes "
        f"{result['batch_sizes']}; output[:, -1] wrong for {wrong} of {len(result['lengths'])}"
    )
