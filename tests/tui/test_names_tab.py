"""The Names tab with the fake engine: training streams its curve against the baseline, the
result is recorded and read (confusion rows true, columns predicted; per-language accuracy);
Escape cancels; a typed surname is classified, and prose typed there never trains or leaves."""

from __future__ import annotations

import asyncio
import io
import sys
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Static

from lessons.store import Store
from tui.app import TutorApp
from tui.panels.names import NO_MODEL_YET, WAITS, NamesPanel, code
from tui.widgets import heat_counts
from tui.widgets.curves import CurvePlot, Line, Series, figure

from .helpers import open_when_ready, showing, shown, type_text, until

FAKE_ENGINE = [sys.executable, str(Path(__file__).with_name("fake_engine.py"))]
LESSON = "text-sequences"


async def while_running(pilot, condition, timeout: float = 10.0) -> None:
    """Wait until `condition()` holds while a run goes (helpers.until waits for every worker,
    the run's too, between looks)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause()
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {condition}")


async def test_training_shows_the_curve_the_matrix_and_records_the_run(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await open_when_ready(pilot, LESSON, "names")).query_one(NamesPanel)
        assert app.focused is panel
        panel.query_one("#names-epochs", Input).value = "6"
        panel.query_one("#names-hidden", Input).value = "32"
        await pilot.press("enter")
        results = panel.query_one("#names-results", Static)
        await until(pilot, lambda: not panel.running and shown(results))

        [run] = Store.open(tmp_path).runs(LESSON, "names")
        assert run.config["epochs"] == 6 and run.config["hidden"] == 32
        data = run.result
        confusion, languages = data["confusion"], data["languages"]

        # The live curve: every epoch's held-out accuracy, and the baseline drawn and named.
        plot = panel.query_one("#names-accuracy-plot", CurvePlot).figure
        assert plot is not None
        [(xs, ys, *_)] = plot.curves
        assert xs == [1, 2, 3, 4, 5, 6] and ys == [point[2] for point in data["curve"]]
        assert [y for y, _ in plot.lines] == [1 / len(languages)]
        assert "baseline" in plot.title
        key = shown(panel.query_one("#names-key", Static))
        assert f"majority baseline {1 / len(languages):.3f}" in key

        text = shown(results)
        assert f"Run #{run.id}" in text
        # Accuracy and baseline from the counts, computed here: the diagonal over all.
        total = sum(map(sum, confusion))
        right = sum(confusion[i][i] for i in range(len(languages)))
        assert f"held-out accuracy {right / total:.3f} on the {total} test names" in text
        assert "At this budget" in text
        # Each row is the true language's counts, in the predicted languages' order, then
        # its accuracy: its diagonal cell over its sum (the fake's matrix is not symmetric, so
        # a transposed table fails here).
        lines = text.splitlines()
        header = next(line for line in lines if line.startswith("true"))
        assert header.split()[1:] == [code(language) for language in languages] + ["recall"]
        for i, language in enumerate(languages):
            row = next(line for line in lines if line.split()[:1] == [code(language)])
            cells = row.split()[1:]
            counts = [0 if cell == "·" else int(cell.rstrip("░▒▓█")) for cell in cells[:-1]]
            assert counts == confusion[i]
            assert cells[-1] == f"{confusion[i][i] / sum(confusion[i]):.2f}"
        assert "meyers: english, taken for dutch" in text


async def test_escape_cancels_and_nothing_is_recorded(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await open_when_ready(pilot, LESSON, "names")).query_one(NamesPanel)
        panel.query_one("#names-epochs", Input).value = "200"  # 4 s of fake epochs
        await pilot.press("enter")
        progress = panel.query_one("#names-progress", Static)
        await while_running(pilot, lambda: panel.running and "epoch" in shown(progress))
        # A surname typed meanwhile is not sent to wait behind the training: it is said so.
        guessed = panel.query_one("#names-guessed", Static)
        panel.query_one("#names-guess", Input).value = "Smith"
        await while_running(pilot, lambda: WAITS in shown(guessed))
        assert panel.running
        await pilot.press("escape")
        await until(pilot, lambda: not panel.running)
        assert showing(app.screen, LESSON)
        assert "Training cancelled" in shown(panel.query_one("#names-message", Static))
    assert Store.open(tmp_path).runs(LESSON, "names") == []


async def test_a_typed_surname_is_classified_and_prose_never_trains(tmp_path: Path) -> None:
    app = TutorApp(tmp_path, engine_command=FAKE_ENGINE)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await open_when_ready(pilot, LESSON, "names")).query_one(NamesPanel)
        guessed = panel.query_one("#names-guessed", Static)
        field = panel.query_one("#names-guess", Input)
        await pilot.press("s")
        assert app.focused is field
        # Prose with the lesson's tab letters, its help key and brackets, then Enter: it stays
        # in the field, and Enter asks about it instead of training.
        prose = "Quite, a long [name] ? No: learn x!"
        await type_text(pilot, prose)
        await pilot.press("enter")
        await until(pilot, lambda: NO_MODEL_YET in shown(guessed).replace("\n", " "))
        assert field.value == prose
        assert showing(app.screen, LESSON) and app.screen.query_one(NamesPanel) is panel
        assert not panel.running
        assert Store.open(tmp_path).runs(LESSON, "names") == []

        field.value = "123"
        await until(pilot, lambda: "at least one of the letters a to z" in shown(guessed))

        await pilot.press("escape")  # leaves the field
        assert app.focused is panel
        panel.query_one("#names-epochs", Input).value = "2"
        await pilot.press("enter")
        await until(pilot, lambda: not panel.running and shown(panel.query_one("#names-results")))
        [run] = Store.open(tmp_path).runs(LESSON, "names")
        field.value = "Novák"
        await until(pilot, lambda: "three most likely" in shown(guessed))
        text = shown(guessed)
        assert 'Novák read as "novak"' in text
        for language, probability in (("czech", 0.6), ("german", 0.3), ("dutch", 0.1)):
            assert f"{language} {probability:.3f}" in " ".join(text.split())
        assert f"run #{run.id}" in text


def rendered(renderable, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


def test_ten_columns_of_counts_fit_60_columns_and_read_without_colour() -> None:
    labels = ["en", "fr", "de", "it", "es", "nl", "cs", "ga", "fi", "sv"]
    counts = [[(7 * r + c) % 5 for c in range(10)] for r in range(10)]
    for r in range(10):
        counts[r][r] = 200 + r  # three digits: the widest at 1000 names a language
    table = heat_counts.table(counts, labels, corner="true↓", extra=("acc", ["0.50"] * 10))
    lines = rendered(table, 60)
    assert len(lines) == 11  # a header and a line per row: nothing wrapped
    assert max(map(len, lines)) <= 60
    row = lines[4].split()  # "it": its counts in order, zeros as dots
    assert row[0] == "it"
    assert [0 if cell == "·" else int(cell.rstrip("░▒▓█")) for cell in row[1:-1]] == counts[3]
    # The shade is the count's share of its row: 203 of 219 is over three quarters.
    assert (
        row[4] == "203█"
        and row[1] == "1░"
        and heat_counts.shade(0.74) == 2
        and heat_counts.shade(0.75) == 3
    )


def test_a_linear_axis_reaches_the_range_asked() -> None:
    curve = Series("accuracy", [1, 2], [0.5, 0.6])
    ticks, labels = figure([curve], [Line("b", 0.1)], False, "", "", None, (0.0, 1.0)).y_ticks
    assert ticks == [0.0, 0.1, 0.5, 1.0] and labels == ["0", "0.1", "0.5", "1"]
    # Without a range the axis follows the data and the line alone, as before.
    assert figure([curve], [Line("b", 0.1)], False, "", "", None).y_ticks is None
