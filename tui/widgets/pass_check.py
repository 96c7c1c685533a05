"""The syllabus's pass check: each criterion, whether it holds, and what would satisfy it."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from lessons import pass_check
from tui.services import services
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
                f"would satisfy it; x exports your portfolio at any time.",
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
