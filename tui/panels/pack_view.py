"""What the Padding tab shows after a run: the learner's predictions against torch's, the padded
grid with its pad cells marked, batch_sizes under the grid's columns, and each sequence's true
last state beside the padded run's output[:, -1]. Everything reads without colour: a real step
is "■", a pad step "·", a right guess "✓", a wrong one "✗"."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from engine.pack import CELL_NAMES, PackResult
from lessons.pack_feedback import PREDICTED, SHAPES, format_counts, reason
from lessons.quiz import Grade, format_shape, parse_shape
from tui.record import run_label

REAL, PAD = "■", "·"
WIDTH = 56  # columns the grid may take: it must read at 60 columns, inside the panel's padding
UNITS = 3  # hidden units shown per state (the gap the engine measured covers them all)


def result_view(
    result: PackResult, guesses: dict[str, str], grades: dict[str, Grade], run_id: int | None
) -> Group:
    heading = Text(f"Run {run_label(run_id)} · torch {result.torch_version}", style="bold")
    return Group(
        heading,
        predictions_table(result, guesses, grades),
        Text(""),
        Text("The padded batch: a row per sequence, a column per step", style="bold"),
        Text(f"{REAL} a real step, {PAD} padding (zeros)", style="dim"),
        *grid(result.lengths, result.batch_sizes),
        Text(f"batch_sizes[t] counts the {REAL} in column t: the sequences still running at t."),
        Text(
            f"sorted_indices {format_counts(result.sorted_indices)}: "
            "packing's order, longest first."
        ),
        Text(""),
        states_table(result),
        Text(""),
        why(result),
    )


def predictions_table(result: PackResult, guesses: dict[str, str], grades: dict[str, Grade]):
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_row("", Text("you", style="dim"), Text("torch", style="dim"))
    reasons = Text()
    for key, name in PREDICTED.items():
        right = bool(grades[key].correct)
        answer = (
            format_shape(result.shapes[key]) if key in SHAPES else format_counts(result.batch_sizes)
        )
        typed = parse_shape(guesses[key]) or ()
        said = format_shape(typed) if key in SHAPES else format_counts(typed)
        table.add_row(
            name,
            Text(("✓ " if right else "✗ ") + said, style="" if right else "bold"),
            Text(answer),
        )
        if not right:
            reasons.append(f"✗ {name}: {reason(key, typed, result.shapes.get(key, []))}\n")
    verdict = reasons or Text("All right: every shape, and batch_sizes.")
    verdict.rstrip()
    return Group(table, verdict)


def grid(lengths: list[int], batch_sizes: list[int]) -> list[Text]:
    """The padded grid in blocks of steps narrow enough for WIDTH, each block ending in the
    batch_sizes of its columns."""
    steps = len(batch_sizes)
    cell = max(len(str(len(lengths))), len(str(steps - 1))) + 1
    names = [f"seq {i} len {n}" for i, n in enumerate(lengths)]
    left = max(len("batch_sizes"), *(len(name) for name in names)) + 1
    per_block = max(1, (WIDTH - left) // cell)
    lines: list[Text] = []
    for start in range(0, steps, per_block):
        columns = range(start, min(steps, start + per_block))
        if lines:
            lines.append(Text(""))  # a blank line between blocks of steps
        header = Text("step t".ljust(left), style="dim")
        header.append("".join(str(t).rjust(cell) for t in columns), style="dim")
        lines.append(header)
        for name, length in zip(names, lengths, strict=True):
            row = Text(name.ljust(left))
            for t in columns:
                if t < length:
                    row.append(REAL.rjust(cell), style="bold")
                else:
                    row.append(PAD.rjust(cell), style="dim")
            lines.append(row)
        counts = Text("batch_sizes".ljust(left), style="bold")
        counts.append("".join(str(batch_sizes[t]).rjust(cell) for t in columns), style="bold")
        lines.append(counts)
    return lines


def _units(values: list[float]) -> str:
    return " ".join(f"{value:+.2f}" for value in values[:UNITS])


def states_table(result: PackResult) -> Group:
    h_last = result.h_n[-1]
    table = Table(box=None, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False)
    table.add_column(Text("seq"), justify="right", no_wrap=True)
    table.add_column(Text("len"), justify="right", no_wrap=True)
    table.add_column(Text("h_n[-1][i]"), no_wrap=True)
    table.add_column(Text(" output[:, -1][i]"), no_wrap=True)  # a space: the states apart
    table.add_column(Text("same?"))
    for check in result.sequences:
        verdict = "yes" if check.naive_is_last else f"no ({check.naive_gap:.3f})"
        table.add_row(
            str(check.index),
            str(check.length),
            _units(h_last[check.index]),
            " " + _units(result.naive_last[check.index]),
            Text(verdict, style="" if check.naive_is_last else "bold"),
        )
    heading = Text("True last state h_n[-1] against padded output[:, -1]", style="bold")
    hidden = result.config.hidden
    shown = f"the first {UNITS} of {hidden} units" if hidden > UNITS else f"all {hidden} units"
    note = Text(
        f"h_n from the packed run, output from the same module run on the padded batch; "
        f"{shown} shown. no (d): d is the largest |difference| over all {hidden} units.",
        style="dim",
    )
    return Group(heading, table, note)


def why(result: PackResult) -> Text:
    config = result.config
    name = CELL_NAMES[config.cell]
    text = Text("Why: ", style="bold")
    text.append(
        f"without packing, the {name} reads all {config.max_len} steps of every row, the padding "
        "too. A step of zeros still changes the state (the biases and the recurrent weights "
        "still act), so a shorter sequence's output[:, -1] is its state after reading zeros. "
        "Packed, each sequence stops at its own length: h_n[-1][i] is its state at its last "
        "real step, in the batch's original order. The longest sequence has no padding, so "
        "there the two agree."
    )
    return text
