"""The learner's evidence portfolio as Markdown: readable in a terminal pager and on a
code-hosting site. Notes are quoted verbatim (fenced, so nothing in them is read as markup)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

import plotext

from engine.shape_check import ShapeCheckConfig
from lessons import catalog, pass_check, progress
from lessons.check_data import CURVE_KEY
from lessons.evidence import FIELDS
from lessons.experiment import SCRIPT_NAME, first_loop_script
from lessons.run_summary import summarize
from lessons.store import Run, Store

PLOT_WIDTH, PLOT_HEIGHT = 72, 14


def fenced(text: str, language: str = "text") -> str:
    """A code fence longer than any run of backticks in `text`, so it cannot close early."""
    longest = max((len(run) for run in text.split("\n") for run in _backtick_runs(run)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def _backtick_runs(line: str) -> Iterable[str]:
    run = ""
    for char in line:
        if char == "`":
            run += char
        elif run:
            yield run
            run = ""
    if run:
        yield run


def text_plot(title: str, series: dict[str, tuple[list[float], list[float]]], log_y: bool) -> str:
    """A plain-text line plot (no colour codes) of a few curves."""
    plotext.clear_figure()
    plotext.plotsize(PLOT_WIDTH, PLOT_HEIGHT)
    plotext.theme("clear")
    plotext.title(title)
    for label, (xs, ys) in series.items():
        if xs:
            # A letter per curve (its label's first), so the curves tell apart in plain text.
            values = [max(y, 1e-12) for y in ys] if log_y else ys
            plotext.plot(xs, values, label=label, marker=label[0])
    if log_y:
        plotext.yscale("log")
    return plotext.uncolorize(plotext.build())


def curve_of(run: Run) -> str | None:
    if run.task == "practice":
        curve = run.result["curve"]
        epochs = [point[0] for point in curve]
        return text_plot(
            f"run #{run.id}: loss per epoch",
            {
                "train": (epochs, [p[1] for p in curve]),
                "validation": (epochs, [p[2] for p in curve]),
            },
            log_y=True,
        )
    if run.task == "race":
        models = run.result["models"]
        return text_plot(
            f"run #{run.id}: validation loss (baseline {run.result['baseline']:.3g})",
            {
                name: ([p[0] for p in model["curve"]], [p[2] for p in model["curve"]])
                for name, model in models.items()
            },
            log_y=True,
        )
    return None


def _run_block(run: Run) -> list[str]:
    lines = [
        f"- **Run #{run.id}** ({run.task}, lesson {run.lesson}, seed {run.seed}): {summarize(run)}",
        "",
        "  Config: `" + json.dumps(run.config, sort_keys=True) + "`",
        "",
    ]
    return lines


SCRIPT_HEADER = f"# {SCRIPT_NAME}, exported by rnn-tutor."
MAX_SCRIPT_CHARS = 20_000  # the script is a dozen lines; anything far longer is not it


def exported_script(path: str) -> str | None:
    """The text of the script the learner exported, if it is still at `path` and still ours."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(MAX_SCRIPT_CHARS + 1)
    except (OSError, UnicodeDecodeError):
        return None
    return text if text.startswith(SCRIPT_HEADER) and len(text) <= MAX_SCRIPT_CHARS else None


def _experiment(store: Store) -> list[str]:
    """The script the pass check cites: the exported file itself (the learner's sizes), else
    one built with the sizes of the latest shape check."""
    run_it = f"Run it with `python {SCRIPT_NAME}` (needs only torch)."
    scripts = store.exports("script")
    if scripts:
        path = scripts[-1][1]
        text = exported_script(path)
        if text is not None:
            return [
                f"`{SCRIPT_NAME}` as you exported it, to `{path}`. {run_it}",
                "",
                fenced(text.rstrip("\n"), "python"),
                "",
            ]
        gone = f"The file you exported to `{path}` is no longer there as exported; "
    else:
        gone = ""
    checks = store.runs(task="shape-check")
    config = ShapeCheckConfig.from_dict(checks[-1].config) if checks else ShapeCheckConfig()
    sizes = "your latest shape check" if checks else "the shape check's defaults"
    return [
        f"{gone}`{SCRIPT_NAME}` with the sizes of {sizes}. {run_it}",
        "",
        fenced(first_loop_script(config).rstrip("\n"), "python"),
        "",
    ]


def _exercises(store: Store) -> list[str]:
    """Each exercise the learner passed, with their code as it was when it passed."""
    passed = store.passed_exercises()
    if not passed:
        return []
    lines = ["## Your exercises, as you wrote them", ""]
    for name, code in sorted(passed.items()):
        lines += [f"### {name} (passed its checks)", "", fenced(code.rstrip("\n"), "python"), ""]
        if name == pass_check.LOOP_EXERCISE:
            lines += _loop_curve(store)
    return lines


def _loop_curve(store: Store) -> list[str]:
    """The validation losses the learner's train-loop reached in its last passing check."""
    passing = [check for check in store.exercise_checks(pass_check.LOOP_EXERCISE) if check.passed]
    recorded = passing[-1].data.get(CURVE_KEY) if passing else None
    if not recorded or not recorded.get("runs"):
        return ["_(no loss curve in the record: this check was recorded before curves were)_", ""]
    runs, level = recorded["runs"], recorded["level"]
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(passing[-1].created))
    lines = [
        "#### The loss curve the check recorded",
        "",
        f"Your `train` trained a fresh GRU on {len(runs)} tasks (noisy sine waves, windows of "
        f"{runs[0]['window']} steps, {recorded['epochs']} epochs) in the check of {when}. It had "
        f"to bring the final validation loss (MSE) below {level} x the validation MSE of "
        "persistence (the next value is the last one) on each task.",
        "",
        "| epoch | "
        + " | ".join(f"val loss, task {i} (seed {r['seed']})" for i, r in _numbered(runs))
        + " |",
        "|---|" + "---|" * len(runs),
    ]
    for epoch in range(len(runs[0]["val_losses"])):
        values = " | ".join(f"{run['val_losses'][epoch]:.4f}" for run in runs)
        lines.append(f"| {epoch + 1} | {values} |")
    needed = " | ".join(f"below {level * run['persistence_mse']:.4f}" for run in runs)
    lines += [f"| required at the end | {needed} |", ""]
    series = {
        f"{i} (task {i})": (list(range(1, len(run["val_losses"]) + 1)), run["val_losses"])
        for i, run in _numbered(runs)
    }
    lines += [fenced(text_plot("validation loss per epoch (log scale)", series, log_y=True)), ""]
    return lines


def _numbered(runs: list[dict]) -> list[tuple[int, dict]]:
    return list(enumerate(runs, start=1))


def export(store: Store) -> str:
    lines = ["# RNN Roadmap: evidence portfolio", ""]
    lines.append(f"Exported by rnn-tutor on {time.strftime('%Y-%m-%d %H:%M')}.")
    lines.append("")

    criteria = pass_check.check(store)
    verdict = "**passed**" if all(c.met for c in criteria) else "not passed yet"
    lines += ["## Pass check", "", f"Status: {verdict}.", ""]
    lines += ["| Criterion | Status | Evidence | What satisfies it |", "|---|---|---|---|"]
    for criterion in criteria:
        status = "yes" if criterion.met else "no"
        row = [criterion.title, status, criterion.evidence, criterion.needs]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    lines.append("")

    lines += ["## Evidence notes", ""]
    cited_runs: dict[int, Run] = {}
    for field in FIELDS:
        lines += [f"### {field.label}", ""]
        text = store.note(field.key)
        lines += [fenced(text) if text.strip() else "_(not written yet)_", ""]
        citations = store.citations(field.key)
        if citations:
            lines += ["Cited runs:", ""]
            for run in citations:
                lines += _run_block(run)
                cited_runs[run.id] = run
    plots = [(run, curve_of(run)) for run in cited_runs.values()]
    plots = [(run, plot) for run, plot in plots if plot]
    latest = [store.runs(task=task)[-1:] for task in ("practice", "race")]
    for run in (run for runs in latest for run in runs):
        if run.id not in cited_runs:
            plots.append((run, curve_of(run)))
    if plots:
        lines += ["## Curves", ""]
        for run, plot in plots:
            lines += [f"Run #{run.id}: {summarize(run)}", "", fenced(plot), ""]

    lines += ["## Quiz history", ""]
    attempts = store.attempts()
    if not attempts:
        lines += ["_(no answers yet)_", ""]
    else:
        lines += ["| When | Lesson | Question | Result | Hint |", "|---|---|---|---|---|"]
        for attempt in attempts:
            result = attempt.rating if attempt.rating else ("right" if attempt.correct else "wrong")
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(attempt.created))
            hint = "yes" if attempt.hint_used else ""
            lines.append(f"| {when} | {attempt.lesson} | {attempt.item} | {result} | {hint} |")
        lines.append("")

    lines += ["## Runnable mini experiment", ""]
    lines += _experiment(store)
    lines += _exercises(store)
    lessons_done = [
        f"- {lesson.label}: {progress.status(store, lesson)}" for lesson in catalog.lessons()
    ]
    lines += ["## Lessons", "", *lessons_done, ""]
    return "\n".join(lines)
