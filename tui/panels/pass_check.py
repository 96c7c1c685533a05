"""The syllabus's pass check: each criterion, whether it holds, and what would satisfy it."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from lessons import pass_check
from tui.path_text import saved_notice
from tui.record_writer import WriterState
from tui.services import services
from tui.tab_kinds import screen_action, tab_kind
from tui.widgets.panel import Panel


class PassCheckPanel(Panel):
    DEFAULT_CSS = """
    PassCheckPanel { padding: 0 1; }
    PassCheckPanel Static { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(id="pass-verdict")
        yield Static(id="pass-table")

    def on_mount(self) -> None:
        self.refresh_check()
        self.saved: dict[str, float] = {}
        # A note saved in another tab (or window) changes the verdict: follow every save.
        self.app.record_signal.subscribe(self, self.record_changed)

    def record_changed(self, state: WriterState) -> None:
        if state.saved != self.saved:
            self.saved = dict(state.saved)
            self.refresh_check()

    def on_show(self) -> None:
        self.refresh_check()

    def refresh_check(self) -> None:
        criteria = pass_check.check(services(self).store)
        met = sum(c.met for c in criteria)
        if met == len(criteria):
            verdict = Text(
                "Passed: every criterion of the syllabus's pass check holds.", "bold green"
            )
        else:
            verdict = Text(
                f"Not passed yet: {met} of {len(criteria)} criteria hold. Each line says what "
                f"would satisfy it; ctrl+s exports your portfolio at any time.",
                style="bold",
            )
        self.query_one("#pass-verdict", Static).update(verdict)
        table = Table(box=None, padding=(0, 1), show_header=False)
        table.add_column(no_wrap=True)
        table.add_column()
        for criterion in criteria:
            mark = Text("✓", "green") if criterion.met else Text("✗", "red")
            body = Text(criterion.title + "\n", style="bold")
            body.append(f"{criterion.evidence}\n")
            if not criterion.met:
                body.append(f"needs: {criterion.needs}\n", style="dim")
            table.add_row(mark, body)
        self.query_one("#pass-table", Static).update(table)


@tab_kind(
    "pass-check",
    "Pass check",
    "k",
    "What the syllabus asks, and where you are",
    "PassCheckPanel",
    id="check",
    screen_keys=(
        Binding(
            "ctrl+s",  # not a letter: it opens a dialog that takes the next keys
            "run('export-portfolio')",
            "Export",
            id="export-portfolio",
            tooltip="Write your portfolio",
        ),
    ),
)
def pass_check_tab(screen, tab):
    return PassCheckPanel()


PORTFOLIO_NAME = "portfolio.md"


@screen_action("export-portfolio")
def export_portfolio(screen) -> None:
    """Write the evidence portfolio where the learner says (the data folder by default)."""
    from lessons.report import export
    from tui.screens.export_dialog import ExportDialog

    app = services(screen)

    def saved(path) -> None:
        if path is not None:
            app.store.record_export("portfolio", str(path))
            screen.notify(saved_notice("the portfolio", path), markup=False)

    # The record's notes include text still on its way to the disk: the portfolio holds what
    # the learner sees, to the last key.
    screen.app.push_screen(
        ExportDialog(
            "Export your evidence portfolio (Markdown)",
            app.data_dir / PORTFOLIO_NAME,
            export(app.store),
        ),
        saved,
    )
